/** Options shared by the power-flow solvers. */
export interface PowerFlowOptions {
  /** Stop when the largest bus voltage change (sweep) or power mismatch (NR) is below this, pu. */
  readonly tolerancePu: number;
  readonly maxIterations: number;
  /** Substation voltage magnitude, pu (Baran & Wu 1989 use 1.0). */
  readonly slackVoltagePu: number;
}

/** Tight enough that sweep and Newton-Raphson agree to ~1e-9 pu on the 33-bus case. */
export const DEFAULT_POWER_FLOW: PowerFlowOptions = {
  tolerancePu: 1e-10,
  maxIterations: 100,
  slackVoltagePu: 1,
};

/** A converged power flow. Bus arrays are indexed by bus number - 1, branch arrays by branch order. */
export interface PowerFlowResult {
  readonly vMagPu: Float64Array;
  readonly vAngleRad: Float64Array;
  /** Power entering each branch at its sending (upstream) end, MW / Mvar. */
  readonly branchPMw: Float64Array;
  readonly branchQMvar: Float64Array;
  /** Branch current magnitude, pu of the feeder base. */
  readonly branchCurrentPu: Float64Array;
  readonly lossMw: number;
  readonly lossMvar: number;
  /** Power drawn from the substation, MW / Mvar. */
  readonly slackPMw: number;
  readonly slackQMvar: number;
  readonly iterations: number;
  /** Last convergence measure (sweep: max |dV|; NR: max power mismatch), pu. */
  readonly residualPu: number;
  readonly tolerancePu: number;
  readonly minVoltagePu: number;
  /** 1-based bus number of the minimum voltage. */
  readonly minVoltageBus: number;
}
