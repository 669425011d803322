import type { ForecasterConfig } from "./config";

/**
 * Seed 000's forecasters (notes-000 §1.3): LSTM for offshore wind and for demand per class, hybrid CNN-LSTM
 * for PV, a time-series model for price. `features` names the exogenous columns each one reads.
 *
 * SEAM: the wiring to the city scenario (lib/city generateScenario: wind, PV, demand per class, prices) is not
 * done: lib/city did not exist when this was written. To wire it, map each spec's `target` / `features` to the
 * scenario's columns and call trainForecasterCached per spec (see ADR 0600).
 */
export interface ForecasterSpec {
  readonly name: string;
  readonly target:
    | "windMw"
    | "pvMw"
    | "demandResidentialMw"
    | "demandCommercialMw"
    | "demandEvMw"
    | "priceUsdPerMwh";
  readonly features: readonly string[];
  readonly config: Partial<ForecasterConfig>;
  /** Installed capacity for capacity-normalised error (PV, wind), if any. */
  readonly capacityFromScenario?: boolean;
}

export const SEED000_FORECASTERS: readonly ForecasterSpec[] = [
  {
    name: "wind",
    target: "windMw",
    features: ["windSpeedMS"],
    config: { architecture: "lstm" },
    capacityFromScenario: true,
  },
  {
    name: "pv",
    target: "pvMw",
    features: ["irradianceWM2", "temperatureC"],
    config: { architecture: "cnn-lstm" },
    capacityFromScenario: true,
  },
  {
    name: "demand-residential",
    target: "demandResidentialMw",
    features: ["temperatureC"],
    config: { architecture: "lstm" },
  },
  {
    name: "demand-commercial",
    target: "demandCommercialMw",
    features: ["temperatureC"],
    config: { architecture: "lstm" },
  },
  { name: "demand-ev", target: "demandEvMw", features: [], config: { architecture: "lstm" } },
  { name: "price", target: "priceUsdPerMwh", features: [], config: { architecture: "price" } },
];

/**
 * The `quick` training budget (our choice, for CI and first runs): 60 days of history, windows every
 * 4 steps (hourly issue times), at most 8 epochs; everything else from DEFAULT_FORECASTER_CONFIG.
 * `paper`: a year of history, every step, 30 epochs.
 */
export const QUICK_FORECAST_BUDGET = { historyDays: 60, config: { stride: 4, epochs: 8 } } as const;
export const PAPER_FORECAST_BUDGET = { historyDays: 365, config: { stride: 1, epochs: 30 } } as const;
