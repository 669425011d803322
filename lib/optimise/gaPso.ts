import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Algorithm, Optimizer } from "./algorithm";
import { positionalEntropy } from "./diversity";
import { DEFAULT_GA, type GaConfig, gaOffspring } from "./ga";
import type { Population } from "./population";
import type { Problem } from "./problem";
import { DEFAULT_PSO, type PsoConfig, Swarm } from "./pso";
import { rankSingle } from "./singleObjective";

export interface GaPsoConfig {
  readonly populationSize: number;
  /** Diversity threshold H_min on the normalised positional entropy (`positionalEntropy`). */
  readonly entropyThreshold: number;
  /** Share of the swarm replaced by GA offspring in a GA generation (the least fit particles). */
  readonly replaceFraction: number;
  readonly pso: Omit<PsoConfig, "populationSize">;
  readonly ga: Omit<GaConfig, "populationSize">;
  /** Largest factor by which the GA's per-variable mutation rate grows as diversity falls to 0. */
  readonly maxMutationBoost: number;
}

/**
 * GA-PSO defaults (seed 001, Sec. 6 and Alg. 3, gives no values; notes-001 Sec. 8.4):
 * swarm 100; PSO with inertia falling linearly 0.9 -> 0.4 over the budget (Shi & Eberhart 1998,
 * seed 001's "adaptive inertia") and c1 = c2 = 1.49618; GA with binary tournament, SBX eta 15 p 0.9,
 * polynomial mutation eta 20; the GA phase replaces the least-fit half; entropy threshold 0.25 and
 * mutation boost up to 3x are our choices (ADR 0400).
 */
export const DEFAULT_GA_PSO: GaPsoConfig = {
  populationSize: 100,
  entropyThreshold: 0.25,
  replaceFraction: 0.5,
  pso: { ...DEFAULT_PSO, inertia: 0.9, inertiaEnd: 0.4 },
  ga: DEFAULT_GA,
  maxMutationBoost: 3,
};

/**
 * Hybrid GA-PSO with diversity switching, after seed 001 (Alg. 3 "Main Controller: Hybrid GA-PSO",
 * Alg. 5 "GeneticOperators", Alg. 6 "PSOUpdate"): every generation measures the swarm's diversity
 * H (Shannon entropy); while H >= H_min the swarm makes a PSO move ("exploitation"); when H falls
 * below H_min, "GA-inspired operators begin anew to bring variability": tournament selection,
 * SBX and polynomial mutation with a rate raised as diversity falls (the "adaptive mutation"),
 * whose offspring replace the least-fit particles (Alg. 5), with zero velocity and themselves as
 * personal best. Personal and global bests persist across both phases.
 *
 * Not implemented: the GP surrogate of Alg. 4 (it saves evaluations of an expensive simulator, it
 * does not change the search) and the objective-weight adaptation (a multi-objective feature).
 * The diversity is positional entropy, not the entropy of fitness proportions of notes-001 E10,
 * which is largest for a converged swarm (all fitnesses equal) and so would invert the switch
 * (ADR 0400).
 */
export function gaPso(config: Partial<GaPsoConfig> = {}): Algorithm {
  const cfg: GaPsoConfig = { ...DEFAULT_GA_PSO, ...config };
  const n = cfg.populationSize;
  if (!Number.isInteger(n) || n < 4)
    throw new ConfigError(`must be an integer >= 4, got ${n}`, "gaPso.populationSize");
  if (!(cfg.replaceFraction > 0 && cfg.replaceFraction <= 1))
    throw new ConfigError(`must be in (0, 1], got ${cfg.replaceFraction}`, "gaPso.replaceFraction");
  return {
    name: "ga-pso",
    populationSize: n,
    multiObjective: false,
    create: (problem, rng, horizon) => new GaPsoRun(problem, cfg, rng, horizon),
  };
}

/** Which operator a GA-PSO generation used, with the diversity that decided it. */
export interface GaPsoStep {
  readonly phase: "pso" | "ga";
  readonly entropy: number;
}

class GaPsoRun implements Optimizer {
  private readonly swarm: Swarm;
  private readonly gaCfg: GaConfig;
  private pending: Int32Array | null = null;
  /** One entry per generation after the first: the phase used and the entropy that chose it. */
  readonly steps: GaPsoStep[] = [];

  constructor(
    private readonly problem: Problem,
    private readonly cfg: GaPsoConfig,
    private readonly rng: Rng,
    horizon: number,
  ) {
    this.swarm = new Swarm(problem, { ...cfg.pso, populationSize: cfg.populationSize }, rng, horizon);
    this.gaCfg = { ...cfg.ga, populationSize: cfg.populationSize };
  }

  ask(): Float64Array[] {
    const s = this.swarm;
    if (s.X.length === 0) return s.ask();
    const h = positionalEntropy(s.X, this.problem.lower, this.problem.upper);
    if (h >= this.cfg.entropyThreshold) {
      this.steps.push({ phase: "pso", entropy: h });
      this.pending = null;
      return s.ask();
    }
    this.steps.push({ phase: "ga", entropy: h });
    s.iteration++;
    const nReplace = Math.max(2, Math.round(this.cfg.replaceFraction * s.X.length));
    const order = rankSingle(s.F, s.CV);
    this.pending = order.slice(order.length - nReplace);
    const boost = 1 + (this.cfg.maxMutationBoost - 1) * (1 - h / this.cfg.entropyThreshold);
    const basePm = this.gaCfg.mutation.probabilityVar ?? 1 / this.problem.nVar;
    const mutation = { ...this.gaCfg.mutation, probabilityVar: Math.min(1, basePm * boost) };
    return gaOffspring(this.problem, s.population(), nReplace, this.gaCfg, this.rng, mutation);
  }

  tell(X: Float64Array[], F: Float64Array[], CV: Float64Array): void {
    const s = this.swarm;
    const slots = this.pending;
    if (!slots) {
      s.tell(X, F, CV);
      return;
    }
    this.pending = null;
    const newX = s.X.slice();
    const newF = s.F.slice();
    const newCV = s.CV.slice();
    for (let t = 0; t < slots.length; t++) {
      const i = slots[t];
      newX[i] = X[t];
      newF[i] = F[t];
      newCV[i] = CV[t];
      s.V[i] = new Float64Array(this.problem.nVar);
      s.pbestX[i] = X[t].slice();
      s.pbestF[i] = F[t][0];
      s.pbestCV[i] = CV[t];
      s.best.offer(X[t], F[t], CV[t]);
    }
    s.X = newX;
    s.F = newF;
    s.CV = newCV;
  }

  population(): Population {
    return this.swarm.population();
  }

  result(): Population {
    return this.swarm.result();
  }
}
