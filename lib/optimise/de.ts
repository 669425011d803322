import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import { roundIntegers } from "./operators";
import { betterSingle, type Population, randomPopulation } from "./population";
import type { Problem } from "./problem";
import { BestSoFar } from "./singleObjective";

export interface DeConfig {
  readonly populationSize: number;
  /** Differential weight F. */
  readonly weight: number;
  /** Binomial crossover rate CR. */
  readonly crossoverRate: number;
}

/**
 * DE/rand/1/bin defaults F = 0.5, CR = 0.9 (Storn & Price 1997, "Differential evolution - a simple
 * and efficient heuristic for global optimization over continuous spaces", J. Global Optim. 11,
 * whose guidance is F in [0.5, 1], CR 0.9 for fast convergence); population 50 (>= 4 required).
 */
export const DEFAULT_DE: DeConfig = { populationSize: 50, weight: 0.5, crossoverRate: 0.9 };

/**
 * Differential evolution, rand/1/bin: for each target i, mutant v = x_r1 + F (x_r2 - x_r3) with
 * r1, r2, r3, i distinct; binomial crossover with one forced index; greedy one-to-one replacement
 * (feasibility-first). A mutant coordinate outside the bounds is put midway between the target's
 * coordinate and the violated bound ("bounce-back", Price, Storn & Lampinen 2005, Sec. 4.4).
 */
export function de(config: Partial<DeConfig> = {}): Algorithm {
  const cfg: DeConfig = { ...DEFAULT_DE, ...config };
  if (!Number.isInteger(cfg.populationSize) || cfg.populationSize < 4)
    throw new ConfigError(`must be an integer >= 4, got ${cfg.populationSize}`, "de.populationSize");
  return {
    name: "de",
    populationSize: cfg.populationSize,
    multiObjective: false,
    create: (problem, rng) => new DeRun(problem, cfg, rng),
  };
}

class DeRun implements Optimizer {
  private X: Float64Array[] = [];
  private F: Float64Array[] = [];
  private CV = new Float64Array(0);
  private readonly best = new BestSoFar();

  constructor(
    private readonly problem: Problem,
    private readonly cfg: DeConfig,
    private readonly rng: Rng,
  ) {}

  ask(): Float64Array[] {
    const { problem, rng, cfg } = this;
    const n = cfg.populationSize;
    if (this.X.length === 0) return randomPopulation(problem, n, rng);
    const { nVar, lower, upper, integer } = problem;
    const trials: Float64Array[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let r1: number;
      let r2: number;
      let r3: number;
      do r1 = rng.int(n);
      while (r1 === i);
      do r2 = rng.int(n);
      while (r2 === i || r2 === r1);
      do r3 = rng.int(n);
      while (r3 === i || r3 === r1 || r3 === r2);
      const x = this.X[i];
      const a = this.X[r1];
      const b = this.X[r2];
      const c = this.X[r3];
      const u = x.slice();
      const jRand = rng.int(nVar);
      for (let j = 0; j < nVar; j++) {
        if (j !== jRand && rng.next() >= cfg.crossoverRate) continue;
        let v = a[j] + cfg.weight * (b[j] - c[j]);
        if (v < lower[j]) v = 0.5 * (x[j] + lower[j]);
        else if (v > upper[j]) v = 0.5 * (x[j] + upper[j]);
        u[j] = v;
      }
      roundIntegers(u, integer, lower, upper);
      trials[i] = u;
    }
    return trials;
  }

  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void {
    for (let i = 0; i < X.length; i++) this.best.offer(X[i], F[i], CV[i]);
    if (this.X.length === 0) {
      this.X = X;
      this.F = F;
      this.CV = CV;
      return;
    }
    for (let i = 0; i < X.length; i++) {
      // ties go to the trial (Storn & Price: "<="), which lets DE drift across plateaus
      if (!betterSingle(this.F[i][0], this.CV[i], F[i][0], CV[i])) {
        this.X[i] = X[i];
        this.F[i] = F[i];
        this.CV[i] = CV[i];
      }
    }
  }

  population(): Population {
    return { X: this.X, F: this.F, CV: this.CV };
  }

  result(): Population {
    return this.best.asPopulation();
  }
}
