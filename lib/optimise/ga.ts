import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import {
  DEFAULT_POLYNOMIAL_MUTATION,
  DEFAULT_SBX,
  type PolynomialMutationConfig,
  polynomialMutation,
  roundIntegers,
  type SbxConfig,
  sbxCrossover,
} from "./operators";
import { betterSingle, type Population, randomPopulation } from "./population";
import type { Problem } from "./problem";
import { BestSoFar, rankSingle } from "./singleObjective";

export interface GaConfig {
  readonly populationSize: number;
  /** Tournament size k of the selection. */
  readonly tournamentSize: number;
  readonly crossover: SbxConfig;
  readonly mutation: PolynomialMutationConfig;
}

/**
 * Real-coded GA defaults: population 100, binary tournament, SBX (eta 15, p 0.9) and polynomial
 * mutation (eta 20, 1/nVar) as pymoo 0.6's GA; elitist (mu + lambda) survival as pymoo's GA
 * (FitnessSurvival). Seed 001 gives no GA settings (notes-001 Sec. 8.4).
 */
export const DEFAULT_GA: GaConfig = {
  populationSize: 100,
  tournamentSize: 2,
  crossover: DEFAULT_SBX,
  mutation: DEFAULT_POLYNOMIAL_MUTATION,
};

/** Single-objective real-coded genetic algorithm (tournament, SBX, polynomial mutation, elitist survival). */
export function ga(config: Partial<GaConfig> = {}): Algorithm {
  const cfg: GaConfig = { ...DEFAULT_GA, ...config };
  if (!Number.isInteger(cfg.populationSize) || cfg.populationSize < 2 || cfg.populationSize % 2 !== 0)
    throw new ConfigError(`must be an even integer >= 2, got ${cfg.populationSize}`, "ga.populationSize");
  if (!Number.isInteger(cfg.tournamentSize) || cfg.tournamentSize < 1)
    throw new ConfigError(`must be a positive integer, got ${cfg.tournamentSize}`, "ga.tournamentSize");
  return {
    name: "ga",
    populationSize: cfg.populationSize,
    multiObjective: false,
    create: (problem, rng) => new GaRun(problem, cfg, rng),
  };
}

/** Tournament winner index among `k` uniform draws (with replacement). */
export function tournament(F: readonly Float64Array[], CV: Float64Array, k: number, rng: Rng): number {
  let w = rng.int(F.length);
  for (let t = 1; t < k; t++) {
    const c = rng.int(F.length);
    if (betterSingle(F[c][0], CV[c], F[w][0], CV[w])) w = c;
  }
  return w;
}

/** One generation of GA offspring from a population (used by `ga` and the GA phase of `gaPso`). */
export function gaOffspring(
  problem: Problem,
  pop: Population,
  count: number,
  cfg: GaConfig,
  rng: Rng,
  mutation: PolynomialMutationConfig = cfg.mutation,
): Float64Array[] {
  const { lower, upper, integer, nVar } = problem;
  const out: Float64Array[] = [];
  while (out.length < count) {
    const a = pop.X[tournament(pop.F, pop.CV, cfg.tournamentSize, rng)];
    const b = pop.X[tournament(pop.F, pop.CV, cfg.tournamentSize, rng)];
    const c1 = new Float64Array(nVar);
    const c2 = new Float64Array(nVar);
    sbxCrossover(a, b, lower, upper, cfg.crossover, rng, c1, c2);
    for (const c of [c1, c2]) {
      if (out.length >= count) break;
      polynomialMutation(c, lower, upper, mutation, rng);
      roundIntegers(c, integer, lower, upper);
      out.push(c);
    }
  }
  return out;
}

class GaRun implements Optimizer {
  private pop: Population = { X: [], F: [], CV: new Float64Array(0) };
  private readonly best = new BestSoFar();
  private started = false;

  constructor(
    private readonly problem: Problem,
    private readonly cfg: GaConfig,
    private readonly rng: Rng,
  ) {}

  ask(): Float64Array[] {
    if (!this.started) return randomPopulation(this.problem, this.cfg.populationSize, this.rng);
    return gaOffspring(this.problem, this.pop, this.cfg.populationSize, this.cfg, this.rng);
  }

  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void {
    for (let i = 0; i < X.length; i++) this.best.offer(X[i], F[i], CV[i]);
    const allX = this.pop.X.concat(X);
    const allF = this.pop.F.concat(F);
    const allCV = new Float64Array(allX.length);
    allCV.set(this.pop.CV);
    allCV.set(CV, this.pop.CV.length);
    const order = rankSingle(allF, allCV).subarray(0, this.cfg.populationSize);
    this.pop = {
      X: Array.from(order, (i) => allX[i]),
      F: Array.from(order, (i) => allF[i]),
      CV: Float64Array.from(order, (i) => allCV[i]),
    };
    this.started = true;
  }

  population(): Population {
    return this.pop;
  }

  result(): Population {
    return this.best.asPopulation();
  }
}
