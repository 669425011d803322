/**
 * Worker-thread side of `ParallelEvaluator`: loads a problem from a module path and export name
 * (a `Problem` object, or a factory called with the structured-cloned `args`) and evaluates the
 * row blocks it is sent. Not imported by the library; started by `ParallelEvaluator`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadProblem, type ProblemModuleRef } from "./problemModule";

const port = parentPort;
if (!port) throw new Error("evaluationWorker must run in a worker thread");

const ref = workerData as ProblemModuleRef;
const problem = loadProblem(ref);
port.postMessage({ type: "ready", nVar: problem.nVar, nObj: problem.nObj, nConstr: problem.nConstr ?? 0 });

port.on("message", (msg: { id: number; n: number; data: Float64Array }) => {
  try {
    const { id, n, data } = msg;
    const nVar = problem.nVar;
    const X: Float64Array[] = new Array(n);
    for (let i = 0; i < n; i++) X[i] = data.slice(i * nVar, (i + 1) * nVar);
    const ev = problem.evaluate(X);
    const m = problem.nObj;
    const nc = problem.nConstr ?? 0;
    const F = new Float64Array(n * m);
    for (let i = 0; i < n; i++) F.set(ev.F[i], i * m);
    let G: Float64Array | null = null;
    if (nc > 0 && ev.G) {
      G = new Float64Array(n * nc);
      for (let i = 0; i < n; i++) G.set(ev.G[i], i * nc);
    }
    const transfer = G ? [F.buffer, G.buffer] : [F.buffer];
    port.postMessage({ type: "result", id, F, G }, transfer as ArrayBuffer[]);
  } catch (e) {
    port.postMessage({ type: "error", id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
});
