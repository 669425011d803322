/**
 * Worker-thread side of fig9Pool.ts: computes the Fig. 9 sweep points it is sent into the shared
 * cache (runPoint writes each point's entry) and answers "done" or "error". Not imported by the
 * library; started by `computePoints`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Cache } from "../../../core/cache";
import { makeContext } from "../../../experiments/runner";
import { runPoint, type SensitivityPoint, type WindowsParams } from "./fig9shared";

const port = parentPort;
if (!port) throw new Error("fig9PointWorker must run in a worker thread");

const data = workerData as { id: string; profile: string; seed: number; cacheRoot: string; world: unknown };
const ctx = makeContext(data.id, data.profile, data.seed, new Cache(data.cacheRoot), null, 1, data.world);
port.postMessage({ type: "ready" });

port.on("message", (msg: { w: WindowsParams; pt: SensitivityPoint }) => {
  runPoint(ctx, msg.w, msg.pt).then(
    () => port.postMessage({ type: "done" }),
    (e: unknown) => port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) }),
  );
});
