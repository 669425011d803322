import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import { roundIntegers } from "./operators";
import { betterSingle, type Population, randomPopulation } from "./population";
import type { Problem } from "./problem";
import { BestSoFar, clipInPlace } from "./singleObjective";

export interface GwoConfig {
  readonly populationSize: number;
  /** Generations over which `a` falls from 2 to 0 when the budget does not say (it usually does). */
  readonly defaultHorizon: number;
}

/** Grey wolf optimiser defaults: pack of 30 as Mirjalili et al. (2014)'s experiments. */
export const DEFAULT_GWO: GwoConfig = { populationSize: 30, defaultHorizon: 500 };

/**
 * Grey wolf optimiser (Mirjalili, Mirjalili & Lewis 2014, "Grey Wolf Optimizer", Adv. Eng. Softw. 69):
 * the three best wolves so far (alpha, beta, delta) lead; each wolf moves to the mean of
 * X_l - A_l |C_l X_l - X| over the leaders, with A = 2 a r1 - a, C = 2 r2 and a falling linearly
 * from 2 to 0 over the run's generation budget. Positions are clipped to the bounds.
 */
export function gwo(config: Partial<GwoConfig> = {}): Algorithm {
  const cfg: GwoConfig = { ...DEFAULT_GWO, ...config };
  if (!Number.isInteger(cfg.populationSize) || cfg.populationSize < 3)
    throw new ConfigError(`must be an integer >= 3, got ${cfg.populationSize}`, "gwo.populationSize");
  return {
    name: "gwo",
    populationSize: cfg.populationSize,
    multiObjective: false,
    create: (problem, rng, horizon) =>
      new GwoRun(problem, cfg, rng, Number.isFinite(horizon) && horizon > 0 ? horizon : cfg.defaultHorizon),
  };
}

interface Leader {
  x: Float64Array;
  f: number;
  cv: number;
}

class GwoRun implements Optimizer {
  private X: Float64Array[] = [];
  private F: Float64Array[] = [];
  private CV = new Float64Array(0);
  private leaders: Leader[] = [];
  private readonly best = new BestSoFar();
  private iteration = 0;

  constructor(
    private readonly problem: Problem,
    private readonly cfg: GwoConfig,
    private readonly rng: Rng,
    private readonly horizon: number,
  ) {}

  ask(): Float64Array[] {
    const { problem, rng } = this;
    if (this.X.length === 0) return randomPopulation(problem, this.cfg.populationSize, rng);
    this.iteration++;
    const a = 2 * Math.max(0, 1 - (this.iteration - 1) / this.horizon);
    const { nVar, lower, upper, integer } = problem;
    return this.X.map((x) => {
      const y = new Float64Array(nVar);
      for (let j = 0; j < nVar; j++) {
        let s = 0;
        for (const l of this.leaders) {
          const A = 2 * a * rng.next() - a;
          const C = 2 * rng.next();
          s += l.x[j] - A * Math.abs(C * l.x[j] - x[j]);
        }
        y[j] = s / this.leaders.length;
      }
      clipInPlace(y, lower, upper);
      roundIntegers(y, integer, lower, upper);
      return y;
    });
  }

  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void {
    this.X = X;
    this.F = F;
    this.CV = CV;
    for (let i = 0; i < X.length; i++) {
      this.best.offer(X[i], F[i], CV[i]);
      this.offerLeader({ x: X[i], f: F[i][0], cv: CV[i] });
    }
  }

  /** Keeps the three best distinct wolves seen so far, best first. */
  private offerLeader(c: Leader): void {
    const L = this.leaders;
    let pos = L.length;
    while (pos > 0 && betterSingle(c.f, c.cv, L[pos - 1].f, L[pos - 1].cv)) pos--;
    if (pos >= 3) return;
    L.splice(pos, 0, { x: c.x.slice(), f: c.f, cv: c.cv });
    if (L.length > 3) L.pop();
  }

  population(): Population {
    return { X: this.X, F: this.F, CV: this.CV };
  }

  result(): Population {
    return this.best.asPopulation();
  }
}
