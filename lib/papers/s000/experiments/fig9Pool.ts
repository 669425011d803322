import path from "node:path";
import { Worker } from "node:worker_threads";
import { ReproError } from "../../../core/errors";
import type { ExperimentContext } from "../../../experiments/types";
import {
  fig9RewardWeights,
  normalisePoint,
  referenceOf,
  type SensitivityPoint,
  type WindowsParams,
} from "./fig9shared";

/**
 * Fig. 9's sweep points and Monte Carlo draws on worker threads (issue 9: "Monte Carlo and sweeps run
 * on worker threads"). An experiment lists the points it will read; `computePoints` computes them on
 * `ctx.workers` threads, each writing its point's cache entry (runPoint's key: point, windows,
 * training, seed); the experiment's own loop then reads every point from the cache. Each point is a
 * pure function of its key (keyed random streams, ADR 0001), so the numbers are byte-identical
 * whatever the worker count or the order the workers finish in. With one worker nothing happens here
 * and the loop computes in process, as before.
 *
 * Points that train an agent come first, one per distinct training (the actor learning rate), so two
 * workers never train the same agent; the rest follow once those agents are in the cache.
 */
export async function computePoints(
  ctx: ExperimentContext,
  w: WindowsParams,
  points: readonly SensitivityPoint[],
): Promise<void> {
  if (ctx.workers <= 1 || points.length < 2) return;
  const unique = new Map<string, SensitivityPoint>();
  for (const p of points) {
    const q = normalisePoint(p);
    unique.set(JSON.stringify(q), q);
  }
  const all = [...unique.values()];
  // The reward weights come from the cached moo-energy front: compute it once, here, not per worker.
  if (all.some((p) => p.strategy === "MADRL-MOO")) await fig9RewardWeights(ctx);
  const firstPerTraining = new Map<number, SensitivityPoint>();
  for (const p of all)
    if (p.strategy === "MADRL-MOO" && !firstPerTraining.has(p.actorLr)) firstPerTraining.set(p.actorLr, p);
  const phase1 = [...firstPerTraining.values()];
  const phase2 = all.filter((p) => !phase1.includes(p));
  const n = Math.min(ctx.workers, all.length);
  const progress = ctx.progress(`sweep points on ${n} worker threads`, all.length, "points");
  const pool = await PointPool.start(ctx, n);
  try {
    let done = 0;
    const tick = () => progress.set(++done);
    await pool.runAll(w, phase1, tick);
    await pool.runAll(w, phase2, tick);
  } finally {
    progress.finish();
    await pool.close();
  }
}

/** The points `savingsOf(pt)` reads: the point and its RBEMS reference. */
export function withReference(p: SensitivityPoint): SensitivityPoint[] {
  return [p, referenceOf(p)];
}

/** The points `kpisAt(pt)` reads: every Monte Carlo realisation of a forecast-driven MPC point, each with its reference. */
export function mcPoints(w: WindowsParams, p: SensitivityPoint): SensitivityPoint[] {
  const n = p.strategy === "MPC" && p.accuracy < 1 ? w.realisations : 1;
  const out: SensitivityPoint[] = [];
  for (let k = 0; k < n; k++) out.push(...withReference(normalisePoint({ ...p, realisation: k })));
  return out;
}

/** A fixed set of worker threads running `runPoint`, one job at a time each. */
class PointPool {
  private failure: Error | null = null;

  private constructor(
    private readonly workers: Worker[],
    private readonly where: string,
  ) {
    for (const wk of workers) wk.on("error", (e) => this.fail(e));
  }

  static async start(ctx: ExperimentContext, n: number): Promise<PointPool> {
    const ext = path.extname(__filename);
    const file = path.join(__dirname, `fig9PointWorker${ext}`);
    // Under tsx/jest the sources are TypeScript: the workers need tsx's CommonJS hook too.
    const execArgv = ext === ".ts" ? ["--require", require.resolve("tsx/cjs")] : [];
    const data = {
      id: ctx.id,
      profile: ctx.profile,
      seed: ctx.seed,
      cacheRoot: ctx.cache.root,
      world: ctx.world,
    };
    const workers = Array.from({ length: n }, () => new Worker(file, { workerData: data, execArgv }));
    const where = `${ctx.id}: sweep points on worker threads`;
    await Promise.all(
      workers.map(
        (wk) =>
          new Promise<void>((resolve, reject) => {
            wk.once("message", () => resolve());
            wk.once("error", reject);
            wk.once("exit", (code) =>
              reject(new ReproError(`worker exited with code ${code} while loading`, where)),
            );
          }),
      ),
    ).catch(async (e) => {
      await Promise.all(workers.map((wk) => wk.terminate()));
      throw e;
    });
    for (const wk of workers) wk.removeAllListeners("exit");
    return new PointPool(workers, where);
  }

  private fail(e: Error): void {
    this.failure ??= e;
  }

  /** Runs every point (any order over the workers); rejects with the first failure, naming the point. */
  async runAll(w: WindowsParams, points: readonly SensitivityPoint[], onDone: () => void): Promise<void> {
    let next = 0;
    const worker = async (wk: Worker): Promise<void> => {
      while (next < points.length && !this.failure) {
        const pt = points[next++];
        await new Promise<void>((resolve, reject) => {
          const onMessage = (msg: { type: string; message?: string }) => {
            wk.off("error", onError);
            if (msg.type === "error")
              reject(new ReproError(`point ${JSON.stringify(pt)} failed: ${msg.message}`, this.where));
            else resolve();
          };
          const onError = (e: Error) => {
            wk.off("message", onMessage);
            reject(new ReproError(`point ${JSON.stringify(pt)}: worker crashed: ${e.message}`, this.where));
          };
          wk.once("message", onMessage);
          wk.once("error", onError);
          wk.postMessage({ w, pt });
        });
        onDone();
      }
    };
    await Promise.all(this.workers.map(worker));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((wk) => wk.terminate()));
  }
}
