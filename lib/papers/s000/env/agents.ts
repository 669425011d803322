/**
 * The city env's five agent types (notes-000 §1.5) and their observation / action layouts.
 * PettingZoo "parallel" style (Terry et al. 2021): every agent acts every step; actions are
 * continuous in [-1, 1] per component and the env maps them to physical units (below) and clips to
 * what is feasible. Entity-level types (prosumer trading) act once per entity through one shared
 * policy: their observation is a shared vector plus per-entity COLUMNS, their action two columns.
 */
export const AGENT_IDS = ["renewable", "storage", "consumer", "trading", "coordinator"] as const;
export type AgentId = (typeof AGENT_IDS)[number];

/** Reward terms, returned separately per agent; the caller applies the weights (R = w . terms). */
export const REWARD_TERMS = ["econ", "renew", "stability", "carbon", "fairness"] as const;
export type RewardTerm = (typeof REWARD_TERMS)[number];
export const REWARD_TERM_COUNT = REWARD_TERMS.length;

/**
 * Features every agent sees first (index: meaning, scaling):
 *  0-1 sin/cos of hour of day; 2-3 sin/cos of day of year; 4 weekend (0/1);
 *  5 import price / 180; 6 export price / 180; 7 DR incentive / 150; 8 tariff band / 2 (0 off-peak,
 *  0.5 normal, 1 peak); 9 available wind / wind capacity; 10 PV / PV capacity; 11 uncontrolled
 *  demand / peak target; 12 battery SOC / capacity; 13 grid stress (0-1).
 */
export const COMMON_FEATURES = 14;

/** Observation sizes per vector agent (common features + own features, see `CityEnv`). */
export const OBSERVATION_SIZE = {
  /** + previous step's curtailed share of generation, previous export / export limit. */
  renewable: COMMON_FEATURES + 2,
  /** + uncontrolled net load (demand - wind - PV) / peak target, previous battery power / max power. */
  storage: COMMON_FEATURES + 2,
  /** + each profile class's uncontrolled demand / twice its mean (5), EV as-soon-as-possible demand / 10 MW, DR backlog / 10 MWh. */
  consumer: COMMON_FEATURES + 7,
  /** + previous clearing price / 180 (0 if none), previous P2P volume / 10 MWh, offered / 10 MWh, bid / 100 MWh. */
  coordinator: COMMON_FEATURES + 4,
  /** Shared part of the trading observation: + coordinator's published signal (0-1), market open (0/1). */
  tradingShared: COMMON_FEATURES + 2,
} as const;

/**
 * Action sizes and meanings (each component in [-1, 1], mapped x -> (x + 1) / 2 = u in [0, 1] unless said):
 * - renewable (2): [0] wind output cap u x available wind (u < 1 curtails ahead, e.g. for
 *   stability); [1] share u of the renewable surplus left after local use, P2P and battery that is
 *   exported (the rest is curtailed), within the export limit.
 * - storage (1): battery power x (max power), + discharges, - charges (x itself, not u).
 * - consumer (6): [0-4] DR share u of each profile class's flexible load deferred this step
 *   (residential, prosumer, commercial, industrial, municipal); deferred energy is paid back later;
 *   [5] EV charging speed u: each session charges min + u (max - min), min = what its deadline
 *   requires, max = its power limit.
 * - trading (per entity, 2 columns): price position u inside [feed-in, retail] of the step for the
 *   entity's ask (if it has surplus) or bid (if it has a need); quantity share u of that surplus or need.
 * - coordinator (2): [0] uniform-price position k = u in the clearing interval (the market's
 *   `uniformPricePosition`); [1] published price signal u, shown to traders the next step.
 */
export const ACTION_SIZE = {
  renewable: 2,
  storage: 1,
  consumer: 6,
  coordinator: 2,
  tradingPerEntity: 2,
} as const;

/** The prosumer-trading agent's observation: one shared vector and per-entity columns (no copies per entity). */
export interface EntityObservation {
  /** Entities (all market participants), rows of the columns. */
  readonly n: number;
  readonly shared: Float64Array;
  /** False when no entity can sell this step (no PV anywhere): the columns are then not refreshed. */
  readonly marketOpen: boolean;
  /** PV minus base load of the step (MWh; > 0 surplus, < 0 need), before DR and EV control. */
  readonly netMwh: Float64Array;
  readonly pvMwh: Float64Array;
  readonly loadMwh: Float64Array;
  /** Static per-entity columns: price temperament in [0, 1) and class index (ENTITY_CLASSES). */
  readonly pricePreference: Float64Array;
  readonly classId: Int32Array;
}

export interface CityObservations {
  readonly renewable: Float64Array;
  readonly storage: Float64Array;
  readonly consumer: Float64Array;
  readonly trading: EntityObservation;
  readonly coordinator: Float64Array;
}

/** Per-entity trading actions, columns of length n (entity id = row), each in [-1, 1]. */
export interface EntityActions {
  readonly pricePosition: Float64Array;
  readonly quantityShare: Float64Array;
}

export interface CityActions {
  readonly renewable: Float64Array;
  readonly storage: Float64Array;
  readonly consumer: Float64Array;
  readonly trading: EntityActions;
  readonly coordinator: Float64Array;
}

/** Zero-filled action buffers for `nEntities` market participants (reuse them step after step). */
export function allocateCityActions(nEntities: number): CityActions {
  return {
    renewable: new Float64Array(ACTION_SIZE.renewable),
    storage: new Float64Array(ACTION_SIZE.storage),
    consumer: new Float64Array(ACTION_SIZE.consumer),
    trading: { pricePosition: new Float64Array(nEntities), quantityShare: new Float64Array(nEntities) },
    coordinator: new Float64Array(ACTION_SIZE.coordinator),
  };
}
