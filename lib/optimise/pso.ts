import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import { roundIntegers } from "./operators";
import { betterSingle, type Population, randomPopulation } from "./population";
import type { Problem } from "./problem";
import { BestSoFar } from "./singleObjective";

export interface PsoConfig {
  /** Swarm size. Seed 002 (per-building PSO): 100. */
  readonly populationSize: number;
  /** Inertia weight w at the first iteration. */
  readonly inertia: number;
  /** Inertia at the last iteration of the budget (linear schedule, Shi & Eberhart 1998); = inertia for constant. */
  readonly inertiaEnd: number;
  /** Cognitive coefficient c1 (pull to the particle's best). */
  readonly cognitive: number;
  /** Social coefficient c2 (pull to the swarm's best). */
  readonly social: number;
  /** Velocity clamp per variable as a fraction of its range: |v_j| <= vMaxFraction (upper_j - lower_j). */
  readonly vMaxFraction: number;
}

/**
 * Global-best PSO defaults: w = 0.7298, c1 = c2 = 1.49618, the constriction-equivalent values of
 * Clerc & Kennedy (2002, IEEE TEVC 6(1)) recommended by Eberhart & Shi (2000, CEC); velocity clamp
 * at 20 % of each variable's range (within the 10-20 % range advised by Eberhart & Shi 2001);
 * swarm 100 as seed 002 Table 4 (whose random-in-[0, 1] weights are not the default here).
 */
export const DEFAULT_PSO: PsoConfig = {
  populationSize: 100,
  inertia: 0.7298,
  inertiaEnd: 0.7298,
  cognitive: 1.49618,
  social: 1.49618,
  vMaxFraction: 0.2,
};

/**
 * Particle swarm optimisation (Kennedy & Eberhart 1995; inertia weight of Shi & Eberhart 1998):
 * v <- w v + c1 r1 (pbest - x) + c2 r2 (gbest - x), clamped; x <- x + v, clipped to the bounds with
 * the velocity component zeroed there (absorbing walls, Robinson & Rahmat-Samii 2004); velocities
 * start at zero (Engelbrecht 2012). Integer variables are rounded after each move.
 */
export function pso(config: Partial<PsoConfig> = {}): Algorithm {
  const cfg: PsoConfig = {
    ...DEFAULT_PSO,
    ...config,
    inertiaEnd: config.inertiaEnd ?? config.inertia ?? DEFAULT_PSO.inertiaEnd,
  };
  if (!Number.isInteger(cfg.populationSize) || cfg.populationSize < 2)
    throw new ConfigError(`must be an integer >= 2, got ${cfg.populationSize}`, "pso.populationSize");
  if (!(cfg.vMaxFraction > 0))
    throw new ConfigError(`must be > 0, got ${cfg.vMaxFraction}`, "pso.vMaxFraction");
  return {
    name: "pso",
    populationSize: cfg.populationSize,
    multiObjective: false,
    create: (problem, rng, horizon) => new Swarm(problem, cfg, rng, horizon),
  };
}

/** A swarm's state and its moves; `gaPso` reuses it. */
export class Swarm implements Optimizer {
  X: Float64Array[] = [];
  V: Float64Array[] = [];
  F: Float64Array[] = [];
  CV = new Float64Array(0);
  pbestX: Float64Array[] = [];
  pbestF = new Float64Array(0);
  pbestCV = new Float64Array(0);
  readonly best = new BestSoFar();
  iteration = 0;
  private readonly vMax: Float64Array;

  constructor(
    readonly problem: Problem,
    readonly cfg: PsoConfig,
    readonly rng: Rng,
    readonly horizon: number,
  ) {
    this.vMax = Float64Array.from(problem.lower, (lo, j) => cfg.vMaxFraction * (problem.upper[j] - lo));
  }

  inertiaNow(): number {
    const { inertia, inertiaEnd } = this.cfg;
    if (inertia === inertiaEnd || !Number.isFinite(this.horizon) || this.horizon <= 1) return inertia;
    const t = Math.min(1, (this.iteration - 1) / (this.horizon - 1));
    return inertia + (inertiaEnd - inertia) * t;
  }

  ask(): Float64Array[] {
    if (this.X.length === 0) return randomPopulation(this.problem, this.cfg.populationSize, this.rng);
    this.iteration++;
    return this.move();
  }

  /** New positions of every particle (velocities updated in place). */
  move(): Float64Array[] {
    const { lower, upper, integer, nVar } = this.problem;
    const { cognitive, social } = this.cfg;
    const w = this.inertiaNow();
    const g = this.best.x;
    const out: Float64Array[] = new Array(this.X.length);
    for (let i = 0; i < this.X.length; i++) {
      const x = this.X[i].slice();
      const v = this.V[i];
      const p = this.pbestX[i];
      for (let j = 0; j < nVar; j++) {
        let vj =
          w * v[j] + cognitive * this.rng.next() * (p[j] - x[j]) + social * this.rng.next() * (g[j] - x[j]);
        if (vj > this.vMax[j]) vj = this.vMax[j];
        else if (vj < -this.vMax[j]) vj = -this.vMax[j];
        let xj = x[j] + vj;
        if (xj < lower[j]) {
          xj = lower[j];
          vj = 0;
        } else if (xj > upper[j]) {
          xj = upper[j];
          vj = 0;
        }
        v[j] = vj;
        x[j] = xj;
      }
      roundIntegers(x, integer, lower, upper);
      out[i] = x;
    }
    return out;
  }

  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void {
    if (this.X.length === 0) {
      this.X = X;
      this.V = X.map((x) => new Float64Array(x.length));
      this.F = F;
      this.CV = CV;
      this.pbestX = X.map((x) => x.slice());
      this.pbestF = Float64Array.from(F, (f) => f[0]);
      this.pbestCV = CV.slice();
      for (let i = 0; i < X.length; i++) this.best.offer(X[i], F[i], CV[i]);
      return;
    }
    this.X = X;
    this.F = F;
    this.CV = CV;
    this.updateBests(X, F, CV, 0);
  }

  /** Updates personal bests of particles offset..offset+X.length-1 and the global best. */
  updateBests(X: Float64Array[], F: Float64Array[], CV: Float64Array, offset: number): void {
    for (let s = 0; s < X.length; s++) {
      const i = offset + s;
      if (betterSingle(F[s][0], CV[s], this.pbestF[i], this.pbestCV[i])) {
        this.pbestX[i] = X[s].slice();
        this.pbestF[i] = F[s][0];
        this.pbestCV[i] = CV[s];
      }
      this.best.offer(X[s], F[s], CV[s]);
    }
  }

  population(): Population {
    return { X: this.X, F: this.F, CV: this.CV };
  }

  result(): Population {
    return this.best.asPopulation();
  }
}
