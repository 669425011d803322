/**
 * The city env's five agent types (notes-000 §1.5) and their observation / action layouts.
 * PettingZoo "parallel" style (Terry et al. 2021): every agent acts every step; actions are
 * continuous in [-1, 1] per component, centred on the careful default (ADR 0704), and the env maps
 * them to physical units (below) and clips to what is feasible. Entity-level types (prosumer trading) act once per entity through one shared
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

/** Own features per vector agent, after the common ones (meanings in OBSERVATION_SIZE's comments). */
export const OWN_FEATURES = {
  renewable: 2,
  storage: 2,
  consumer: 7,
  coordinator: 4,
  tradingShared: 2,
} as const;
export type ObservedAgent = keyof typeof OWN_FEATURES;

/**
 * The forecasting layer's block, LAST in every vector agent's observation (ADR 0704), issued at the
 * step the agents act on (env step t) by the env's forecast feed (CityEnvOptions.forecastSource):
 * for each quantity, H hourly means of the P50 forecast over steps t .. t + 4H - 1 (H =
 * CityEnvOptions.forecastHorizonHours), scaled as the common features scale the current value (wind /
 * wind capacity, PV / PV capacity, uncontrolled demand / peak target, import price / 180); then one
 * relative uncertainty per quantity, sum(P90 - P10) / (2 x 1.2816 x sum(P50)) over the look-ahead
 * (the relative standard deviation the quantiles imply; 0 when the P50 sums to 0, e.g. PV at night).
 * Layout: [wind h1..hH, pv h1..hH, demand h1..hH, price h1..hH, sd wind, sd pv, sd demand, sd price].
 */
export const FORECAST_QUANTITIES = ["wind", "pv", "demand", "price"] as const;
export type ForecastQuantity = (typeof FORECAST_QUANTITIES)[number];
/** Default look-ahead of the forecast block: the next 4 hours. [choice] */
export const DEFAULT_FORECAST_HORIZON_HOURS = 4;

/** Size of the forecast block for a look-ahead of `hours` (H means + 1 uncertainty per quantity; 0 for H = 0). */
export function forecastFeatureCount(hours: number): number {
  return hours > 0 ? FORECAST_QUANTITIES.length * (hours + 1) : 0;
}

/** Where the forecast block starts in an agent's vector. */
export function forecastOffset(agent: ObservedAgent): number {
  return COMMON_FEATURES + OWN_FEATURES[agent];
}

export type ObservationSizes = Readonly<Record<ObservedAgent, number>>;

/** Observation sizes per vector agent for a forecast look-ahead of `hours` (CityEnv.spaces has the env's own). */
export function observationSizes(hours: number): ObservationSizes {
  const f = forecastFeatureCount(hours);
  return {
    renewable: COMMON_FEATURES + OWN_FEATURES.renewable + f,
    storage: COMMON_FEATURES + OWN_FEATURES.storage + f,
    consumer: COMMON_FEATURES + OWN_FEATURES.consumer + f,
    coordinator: COMMON_FEATURES + OWN_FEATURES.coordinator + f,
    tradingShared: COMMON_FEATURES + OWN_FEATURES.tradingShared + f,
  };
}

/**
 * Observation sizes per vector agent at the default look-ahead (common features + own features +
 * the forecast block, see `CityEnv`):
 * - renewable: + previous step's curtailed share of generation, previous export / export limit;
 * - storage: + uncontrolled net load (demand - wind - PV) / peak target, previous battery power / max power;
 * - consumer: + each profile class's uncontrolled demand / twice its mean (5), EV as-soon-as-possible
 *   demand / 10 MW, DR backlog / 10 MWh;
 * - coordinator: + previous clearing price / 180 (0 if none), previous P2P volume / 10 MWh, offered /
 *   10 MWh, bid / 100 MWh;
 * - tradingShared (shared part of the trading observation): + coordinator's published signal (0-1),
 *   market open (0/1).
 */
export const OBSERVATION_SIZE: ObservationSizes = observationSizes(DEFAULT_FORECAST_HORIZON_HOURS);

/**
 * Actions: each component in [-1, 1], CENTRED (ADR 0704): x = 0, what an untrained tanh actor emits,
 * is what a careful operator does by default, and the extremes keep their old meanings.
 * - renewable (2): [0] wind output cap = oneSidedShare(x) x available wind (x >= 0: no cap; x in
 *   [-1, 0): cap 1 + x, e.g. for stability); [1] share oneSidedShare(x) of the renewable surplus left
 *   after local use, P2P and battery that is exported (x >= 0: all of it, within the export limit;
 *   the rest is curtailed).
 * - storage (1): battery power x (max power), + discharges, - charges; 0 = idle.
 * - consumer (6): [0-4] DR share drShare(x) = max(0, x) of each profile class's flexible load deferred
 *   this step (residential, prosumer, commercial, industrial, municipal; x <= 0: none); deferred
 *   energy is paid back later; [5] EV charging speed evSpeed(x, peak) = clip(d + x, 0, 1) with d the
 *   default speed (1, full power; 0 in the peak tariff band): each session charges min + u (max -
 *   min), min = what its deadline requires, max = its power limit.
 * - trading (per entity, 2 columns): [price] a residual on the entity's default bidding line
 *   (DEFAULT_BIDDING: sellers ask 0.1 + 0.4 p, buyers bid 0.5 + 0.5 p of [feed-in, retail], p = the
 *   entity's price temperament): position clip(u_default + x, 0, 1), for its ask (surplus) or bid
 *   (need); [quantity] share oneSidedShare(x) of that surplus or need (x >= 0: all of it).
 * - coordinator (2): [0] uniform-price position k = uniformPosition(x, k0) in the clearing interval,
 *   k0 the market config's `uniformPricePosition` at x = 0, 0 at -1, 1 at +1; [1] published price
 *   signal (x + 1) / 2 (0.5 neutral), shown to traders the next step.
 */
export const ACTION_SIZE = {
  renewable: 2,
  storage: 1,
  consumer: 6,
  coordinator: 2,
  tradingPerEntity: 2,
} as const;

/** Wind cap, export share, trading quantity: 1 for x >= 0 (the default: nothing withheld), 1 + x below. */
export function oneSidedShare(x: number): number {
  return x >= 0 ? 1 : 1 + x;
}

/**
 * A trading price position as an action-space value: the entity's default position `ref` (see
 * defaultPriceAction) moved by 2 x, clipped to [-1, 1].
 */
export function pricePosition(ref: number, x: number): number {
  return Math.max(-1, Math.min(ref + 2 * x, 1));
}

/** DR deferral share: max(0, x) (x <= 0, the default: no deferral). */
export function drShare(x: number): number {
  return Math.max(x, 0);
}

/** EV charging speed: the default d (1 = full power; 0 = deadline minimum in the peak band) plus x, clipped to [0, 1]. */
export function evSpeed(x: number, peakBand: boolean): number {
  const u = (peakBand ? 0 : 1) + x;
  return u < 0 ? 0 : Math.min(u, 1);
}

/** Uniform-price position: k0 at x = 0, linear to 0 at x = -1 and to 1 at x = +1. */
export function uniformPosition(x: number, k0: number): number {
  return x >= 0 ? k0 + x * (1 - k0) : k0 + x * k0;
}

const clamp01 = (u: number): number => (u < 0 ? 0 : Math.min(u, 1));

/**
 * The consumer DR action that defers share u of the flexible load (drShare's inverse: the action is the
 * share). Computed as ((2u - 1) + 1) / 2, which is u to within one rounding, because that is the share
 * the pre-ADR-0704 mapping (x = 2u - 1 decoded as (x + 1) / 2) delivered: every baseline's DR is
 * bit-identical across the change (__tests__/papers/s000/agents/baselineDigests.test.ts).
 */
export function drShareAction(u: number): number {
  return 0.5 * (2 * clamp01(u) - 1 + 1);
}

/** The action whose oneSidedShare is u (wind cap, export share, trading quantity): u - 1 (1 for u = 1). */
export function oneSidedShareAction(u: number): number {
  return clamp01(u) - 1;
}

/**
 * The trading price action that moves an entity from its default position `defaultAction`
 * (defaultPriceAction) to the action-space position `targetAction` in [-1, 1]: (target - default) / 2.
 */
export function priceResidualAction(targetAction: number, defaultAction: number): number {
  return 0.5 * (targetAction - defaultAction);
}

/**
 * Every entity's default bidding line (the rule policy's and BT-Only's): sellers ask at askLow +
 * askSpread p, buyers bid at bidLow + bidSpread p of the step's [feed-in, retail] span, p = the
 * entity's price temperament in [0, 1).
 */
export const DEFAULT_BIDDING = { askLow: 0.1, askSpread: 0.4, bidLow: 0.5, bidSpread: 0.5 } as const;

/**
 * The default price position of an entity as an action-space value 2 u - 1 (the env adds 2 x of the
 * trading action to it and clips to [-1, 1]: position clip(u + x, 0, 1)). `netMwh` > 0: seller.
 */
export function defaultPriceAction(netMwh: number, pricePreference: number): number {
  const b = DEFAULT_BIDDING;
  const pos =
    netMwh > 0 ? b.askLow + b.askSpread * pricePreference : b.bidLow + b.bidSpread * pricePreference;
  return 2 * pos - 1;
}

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

/**
 * Zero-filled action buffers for `nEntities` market participants (reuse them step after step). All
 * zeros is the careful default (ADR 0704): no cap, full export, battery idle, no DR, EVs at the
 * default speed, default bidding with full quantities, the market's price position, neutral signal.
 */
export function allocateCityActions(nEntities: number): CityActions {
  return {
    renewable: new Float64Array(ACTION_SIZE.renewable),
    storage: new Float64Array(ACTION_SIZE.storage),
    consumer: new Float64Array(ACTION_SIZE.consumer),
    trading: { pricePosition: new Float64Array(nEntities), quantityShare: new Float64Array(nEntities) },
    coordinator: new Float64Array(ACTION_SIZE.coordinator),
  };
}
