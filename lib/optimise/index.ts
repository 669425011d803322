/**
 * Optimisation engines: one `minimize(problem, algorithm, options)` entry over ask/tell optimizers;
 * NSGA-II with hypervolume and other indicators; GA, PSO, GA-PSO, DE, GWO; benchmark problems;
 * compromise selection (knee, TOPSIS); parallel evaluation on worker threads. See ADR 0400.
 * Explicit exports (no `export *`) so that no generic helper leaks into the library's namespace.
 */
export type { Algorithm, Optimizer } from "./algorithm";
export {
  dtlz1,
  dtlz2,
  dtlzFront,
  dtlzTrueHypervolume,
  simplexLattice,
  unitBallVolume,
} from "./benchmarks/dtlz";
export { type ExpensiveArgs, expensiveRastrigin, expensiveZdt1 } from "./benchmarks/expensive";
export {
  ackley,
  ackleyValue,
  rastrigin,
  rastriginValue,
  rosenbrock,
  rosenbrockValue,
  sphere,
  sphereValue,
} from "./benchmarks/singleObjective";
export {
  ZDT6_F1_MIN,
  type ZdtName,
  zdt1,
  zdt2,
  zdt3,
  zdt4,
  zdt6,
  zdtFront,
  zdtTrueHypervolume,
} from "./benchmarks/zdt";
export { kneePoint, type TopsisResult, topsis } from "./compromise";
export { crowdingDistance, crowdingDistanceFlat } from "./crowding";
export { DEFAULT_DE, type DeConfig, de } from "./de";
export { positionalEntropy } from "./diversity";
export { DEFAULT_GA, type GaConfig, gaOffspring, tournament as gaTournament } from "./ga";
export { DEFAULT_GA_PSO, type GaPsoConfig, type GaPsoStep, gaPso } from "./gaPso";
export { DEFAULT_GWO, type GwoConfig, gwo } from "./gwo";
export {
  type HypervolumeEstimate,
  hypervolume,
  hypervolume2d,
  hypervolumeMonteCarlo,
} from "./hypervolume";
export { generationalDistance, igd, spacing } from "./indicators";
export {
  type GenerationInfo,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  minimizeAsync,
  weightedSumProblem,
} from "./minimize";
export {
  BITSET_MAX_POINTS,
  constrainedNondominatedSortFlat,
  dominates,
  type Fronts,
  nondominatedIndices,
  nondominatedSort,
  nondominatedSort2d,
  nondominatedSortBitset,
  nondominatedSortEns,
  nondominatedSortFlat,
  packRows,
  SortWorkspace,
} from "./nondominatedSort";
export { DEFAULT_NSGA2, type Nsga2Config, nsga2 } from "./nsga2";
export {
  DEFAULT_POLYNOMIAL_MUTATION,
  DEFAULT_SBX,
  type PolynomialMutationConfig,
  polynomialMutation,
  roundIntegers,
  type SbxConfig,
  sbxCrossover,
} from "./operators";
export { ParallelEvaluator } from "./parallel";
export { bestIndex, betterSingle, type Population, randomPopulation } from "./population";
export {
  type AsyncEvaluator,
  checkEvaluation,
  constraintViolation,
  defineProblem,
  type Evaluation,
  type Problem,
  type ProblemSpec,
  repairInPlace,
} from "./problem";
export { loadProblem, type ProblemModuleRef } from "./problemModule";
export { DEFAULT_PSO, type PsoConfig, pso, Swarm } from "./pso";
