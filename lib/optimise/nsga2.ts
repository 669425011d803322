import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import { crowdingDistanceFlat } from "./crowding";
import { constrainedNondominatedSortFlat, SortWorkspace } from "./nondominatedSort";
import {
  DEFAULT_POLYNOMIAL_MUTATION,
  DEFAULT_SBX,
  type PolynomialMutationConfig,
  polynomialMutation,
  roundIntegers,
  type SbxConfig,
  sbxCrossover,
} from "./operators";
import { type Population, randomPopulation } from "./population";
import type { Problem } from "./problem";

export interface Nsga2Config {
  /** Population size N (even). Seed 000 Sec. 3: 300. */
  readonly populationSize: number;
  readonly crossover: SbxConfig;
  readonly mutation: PolynomialMutationConfig;
}

/**
 * NSGA-II defaults: population 300 (seed 000, Sec. 3), SBX eta 15 with crossover probability 0.9
 * and polynomial mutation eta 20 with per-variable probability 1/nVar (pymoo 0.6 defaults; Deb et
 * al. 2002). Seed 000's "mutation 0.1" is the per-variable probability: set
 * `mutation: { eta: 20, probabilityVar: 0.1 }` to use it.
 */
export const DEFAULT_NSGA2: Nsga2Config = {
  populationSize: 300,
  crossover: DEFAULT_SBX,
  mutation: DEFAULT_POLYNOMIAL_MUTATION,
};

/**
 * NSGA-II (Deb, Pratap, Agarwal & Meyarivan 2002, IEEE TEVC 6(2):182-197): binary tournament on
 * (rank, crowding distance), SBX + polynomial mutation, elitist (mu + lambda) survival by
 * constraint-domination fronts filled in order and the last front cut by crowding distance.
 */
export function nsga2(config: Partial<Nsga2Config> = {}): Algorithm {
  const cfg: Nsga2Config = { ...DEFAULT_NSGA2, ...config };
  const n = cfg.populationSize;
  if (!Number.isInteger(n) || n < 4 || n % 2 !== 0)
    throw new ConfigError(`must be an even integer >= 4, got ${n}`, "nsga2.populationSize");
  return {
    name: "nsga2",
    populationSize: n,
    multiObjective: true,
    create: (problem, rng) => new Nsga2Run(problem, cfg, rng),
  };
}

class Nsga2Run implements Optimizer {
  private X: Float64Array[] = [];
  private F: Float64Array[] = [];
  private CV = new Float64Array(0);
  private rank = new Int32Array(0);
  private crowd = new Float64Array(0);
  private readonly ws = new SortWorkspace();
  private initialised = false;
  private readonly n: number;

  constructor(
    private readonly problem: Problem,
    private readonly cfg: Nsga2Config,
    private readonly rng: Rng,
  ) {
    this.n = cfg.populationSize;
  }

  ask(): Float64Array[] {
    const { problem, rng, n } = this;
    if (!this.initialised) return randomPopulation(problem, n, rng);
    const parents = this.tournamentSelection();
    const off: Float64Array[] = new Array(n);
    const { lower, upper, integer, nVar } = problem;
    for (let i = 0; i < n; i += 2) {
      const c1 = new Float64Array(nVar);
      const c2 = new Float64Array(nVar);
      sbxCrossover(this.X[parents[i]], this.X[parents[i + 1]], lower, upper, this.cfg.crossover, rng, c1, c2);
      polynomialMutation(c1, lower, upper, this.cfg.mutation, rng);
      polynomialMutation(c2, lower, upper, this.cfg.mutation, rng);
      roundIntegers(c1, integer, lower, upper);
      roundIntegers(c2, integer, lower, upper);
      off[i] = c1;
      off[i + 1] = c2;
    }
    return off;
  }

  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void {
    if (!this.initialised) {
      this.initialised = true;
      this.survive(X, F, CV, X.length);
      return;
    }
    const all = this.X.concat(X);
    const allF = this.F.concat(F);
    const allCV = new Float64Array(all.length);
    allCV.set(this.CV);
    allCV.set(CV, this.CV.length);
    this.survive(all, allF, allCV, this.n);
  }

  /** Keeps `keep` members by fronts, the last front cut by descending crowding distance. */
  private survive(X: Float64Array[], F: Float64Array[], CV: Float64Array, keep: number): void {
    const m = this.problem.nObj;
    const total = X.length;
    const objs = new Float64Array(total * m);
    for (let i = 0; i < total; i++) objs.set(F[i], i * m);
    const { fronts } = constrainedNondominatedSortFlat(objs, total, m, CV, this.ws);
    const chosen: number[] = [];
    const chosenRank: number[] = [];
    const chosenCrowd: number[] = [];
    for (let k = 0; k < fronts.length && chosen.length < keep; k++) {
      const fr = fronts[k];
      const d = crowdingDistanceFlat(objs, m, fr);
      if (chosen.length + fr.length <= keep) {
        for (let s = 0; s < fr.length; s++) {
          chosen.push(fr[s]);
          chosenRank.push(k);
          chosenCrowd.push(d[s]);
        }
      } else {
        const idx = Array.from(fr.keys());
        idx.sort((a, b) => (d[a] > d[b] ? -1 : d[a] < d[b] ? 1 : fr[a] - fr[b]));
        const need = keep - chosen.length;
        for (let s = 0; s < need; s++) {
          chosen.push(fr[idx[s]]);
          chosenRank.push(k);
          chosenCrowd.push(d[idx[s]]);
        }
      }
    }
    this.X = chosen.map((i) => X[i]);
    this.F = chosen.map((i) => F[i]);
    this.CV = Float64Array.from(chosen, (i) => CV[i]);
    this.rank = Int32Array.from(chosenRank);
    this.crowd = Float64Array.from(chosenCrowd);
  }

  /**
   * Binary tournaments over two random permutations (each member enters exactly two tournaments,
   * as DEAP's selTournamentDCD and pymoo's TournamentSelection); winner by lower rank, then larger
   * crowding distance, then a fair coin (Deb et al. 2002's crowded-comparison operator).
   */
  private tournamentSelection(): Int32Array {
    const n = this.n;
    const out = new Int32Array(n);
    const perm = new Int32Array(n);
    let o = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      this.rng.shuffle(perm);
      for (let i = 0; i + 1 < n; i += 2) out[o++] = this.crowdedWinner(perm[i], perm[i + 1]);
    }
    return out;
  }

  private crowdedWinner(a: number, b: number): number {
    const ra = this.rank[a];
    const rb = this.rank[b];
    if (ra !== rb) return ra < rb ? a : b;
    const ca = this.crowd[a];
    const cb = this.crowd[b];
    if (ca !== cb) return ca > cb ? a : b;
    return this.rng.next() < 0.5 ? a : b;
  }

  population(): Population {
    return { X: this.X, F: this.F, CV: this.CV };
  }

  result(): Population {
    const first: number[] = [];
    for (let i = 0; i < this.X.length; i++) if (this.rank[i] === 0) first.push(i);
    return {
      X: first.map((i) => this.X[i]),
      F: first.map((i) => this.F[i]),
      CV: Float64Array.from(first, (i) => this.CV[i]),
    };
  }
}
