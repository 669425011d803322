import { ConfigError } from "../../../core/errors";
import type { Evaluation, Problem } from "../../../optimise/problem";
import { batteryLimits } from "../../../storage/battery";
import { CLASS_EV_STATION, PROFILE_CLASS_COUNT } from "../world/entityClasses";
import type { Scenario } from "../world/scenario";
import {
  type CityActions,
  type CityObservations,
  DEFAULT_BIDDING,
  defaultPriceAction,
  oneSidedShareAction,
  priceResidualAction,
  REWARD_TERM_COUNT,
} from "./agents";
import { CityEnv, type CityEnvOptions, DEFAULT_CITY_ENV_OPTIONS } from "./cityEnv";
import { classSeries } from "./classFlows";
import { type CityPolicy, createRulePolicy, DEFAULT_RULE_POLICY, type RulePolicyConfig } from "./rulePolicy";
import { runEpisode } from "./runEpisode";

/**
 * Seed 000's five-objective energy problem (notes-000 §1.6: minimise cost, maximise renewable
 * utilisation, minimise carbon, maximise fairness, maximise grid stability). The paper gives no
 * decision variables, so ours are the ten parameters of a city operating policy, the rule policy
 * (lib/papers/s000/env/rulePolicy.ts) extended by export and P2P pricing knobs (ENERGY_VARIABLES). The
 * objectives are the episode means over every step of the env's own reward terms (REWARD_TERMS
 * order: econ, renew, stability, carbon, fairness; the coordinator's view, econ = -city cost / 1000),
 * all negated so that every objective is minimised:
 *
 *   f1 = mean city cost (kUSD per step: purchases + battery degradation + P2P fees - export revenue - DR incentives)
 *   f2 = -mean renewable utilisation of the step ((generated - curtailed) / generated)
 *   f3 = -mean stability term (-|net-grid ramp| / 50 MW - unserved share)
 *   f4 = mean grid-purchase emissions (t CO2e per step)
 *   f5 = -mean P2P fairness (Jain index of the auction's fill ratios; 1 when the market is closed,
 *        0 when orders exist on both sides and nothing clears: see EnergyOutcome.fairnessRaw)
 *
 * so a weight vector on the front is directly a weight vector on the agents' reward terms.
 *
 * Two evaluators with the same inputs and outputs:
 *  - `evaluateEnergyOnEnv`: the entity-level CityEnv (38,835 participants, individual P2P auction),
 *    ~1.2 ms per 15-min step: the ground truth, used to validate chosen solutions;
 *  - `energyObjectives` on `EnergyEvalData`: the class-aggregate model used by the search. Its city
 *    physics reproduce CityEnv's routing (local use of wind + PV = min(generation, demand) exactly,
 *    whatever the P2P split; class demand = base - DR deferral + payback; the env's battery, export and
 *    import limits and the same rule policy), with the EV load taken from a reference run (the EV
 *    charging rule is not a decision variable). The P2P auction is replaced by a clearing over
 *    per-step histograms of the participants' surpluses and needs by price preference (K bins per
 *    side, counts and energy), recorded in one reference run: volume, fees and the fill-ratio Jain
 *    index follow from the pricing variables. Deviations: DR and controlled EV charging change the
 *    entities' nets slightly against the reference histograms, and fills inside one histogram bin
 *    are modelled as all-or-nothing by price priority.
 */
export interface EnergyVariable {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  /** The value of the lead's fixed rule policy (DEFAULT_RULE_POLICY and its trading rule). */
  readonly reference: number;
  readonly doc: string;
}

export const ENERGY_VARIABLES: readonly EnergyVariable[] = [
  {
    name: "lowPriceUsdPerMwh",
    lower: 35,
    upper: 120,
    reference: DEFAULT_RULE_POLICY.lowPriceUsdPerMwh,
    doc: "battery charges at full power when the import price is at or below this (off-peak band 35-60, normal 60-120)",
  },
  {
    name: "highPriceUsdPerMwh",
    lower: 60,
    upper: 180,
    reference: DEFAULT_RULE_POLICY.highPriceUsdPerMwh,
    doc: "battery discharges at full power when the import price is at or above this (peak band 120-180)",
  },
  {
    name: "socChargeLimitFrac",
    lower: 0.3,
    upper: 0.9,
    reference: DEFAULT_RULE_POLICY.socChargeLimitFrac,
    doc: "no charging above this state of charge (the battery's own window is 10-90 %)",
  },
  {
    name: "socDischargeLimitFrac",
    lower: 0.1,
    upper: 0.7,
    reference: DEFAULT_RULE_POLICY.socDischargeLimitFrac,
    doc: "no discharging below this state of charge",
  },
  {
    name: "peakDrShare",
    lower: 0,
    upper: 1,
    reference: DEFAULT_RULE_POLICY.peakDrShare,
    doc: "share of every class's flexible load deferred in the peak band (paid back later)",
  },
  {
    name: "exportShare",
    lower: 0,
    upper: 1,
    reference: 1,
    doc: "share of the renewable surplus left after local use and the battery that is exported (within the limit); the rest is curtailed",
  },
  {
    name: "askLow",
    lower: 0,
    upper: 1,
    reference: DEFAULT_BIDDING.askLow,
    doc: "sellers' ask position in [feed-in, retail] for price preference 0",
  },
  {
    name: "askSpread",
    lower: 0,
    upper: 1,
    reference: DEFAULT_BIDDING.askSpread,
    doc: "ask position = askLow + askSpread x preference (clipped to [0, 1])",
  },
  {
    name: "bidLow",
    lower: 0,
    upper: 1,
    reference: DEFAULT_BIDDING.bidLow,
    doc: "buyers' bid position in [feed-in, retail] for price preference 0",
  },
  {
    name: "bidSpread",
    lower: 0,
    upper: 1,
    reference: DEFAULT_BIDDING.bidSpread,
    doc: "bid position = bidLow + bidSpread x preference (clipped to [0, 1])",
  },
];

export const ENERGY_VARIABLE_COUNT = ENERGY_VARIABLES.length;

/** Objective names in F order (all minimised). */
export const ENERGY_OBJECTIVES = [
  "cost (kUSD/step)",
  "-renewable utilisation",
  "-stability term",
  "carbon (t/step)",
  "-fairness (Jain)",
] as const;

/** The lead's fixed rule policy as a decision vector. */
export function referenceEnergyDecision(): Float64Array {
  return Float64Array.from(ENERGY_VARIABLES, (v) => v.reference);
}

/** A decision vector as named values (for tables). */
export function namedEnergyDecision(x: ArrayLike<number>): Record<string, number> {
  checkDecision(x);
  const out: Record<string, number> = {};
  ENERGY_VARIABLES.forEach((v, j) => {
    out[v.name] = x[j];
  });
  return out;
}

function checkDecision(x: ArrayLike<number>): void {
  if (x.length !== ENERGY_VARIABLE_COUNT)
    throw new ConfigError(
      `has ${x.length} values, expected ${ENERGY_VARIABLE_COUNT}`,
      "energy decision vector",
      `order: ${ENERGY_VARIABLES.map((v) => v.name).join(", ")}`,
    );
  for (let j = 0; j < x.length; j++)
    if (!Number.isFinite(x[j]))
      throw new ConfigError(`${ENERGY_VARIABLES[j].name} is ${x[j]}`, "energy decision vector");
}

function ruleConfigOf(x: ArrayLike<number>): RulePolicyConfig {
  return {
    lowPriceUsdPerMwh: x[0],
    highPriceUsdPerMwh: x[1],
    socChargeLimitFrac: x[2],
    socDischargeLimitFrac: x[3],
    peakDrShare: clamp01(x[4]),
  };
}

const clamp01 = (v: number) => (v < 0 ? 0 : Math.min(v, 1));

/**
 * The parametrised policy on the entity-level env: the rule policy with thresholds and DR share from
 * x, the export share of the renewable agent, and each trader's price position askLow + askSpread x p
 * (surplus) or bidLow + bidSpread x p (need), p its price preference. Same action buffers every call.
 */
export function energyPolicyFor(env: CityEnv, x: ArrayLike<number>): CityPolicy {
  checkDecision(x);
  const base = createRulePolicy(
    env.entityCount,
    { batteryMaxMw: env.config.battery.maxDischargeMw, peakTargetMw: env.config.demand.peakTargetMw },
    ruleConfigOf(x),
  );
  const exportAction = oneSidedShareAction(x[5]);
  const [aLo, aW, bLo, bW] = [x[6], x[7], x[8], x[9]];
  return (obs: CityObservations): CityActions => {
    const act = base(obs);
    act.renewable[1] = exportAction;
    const tr = obs.trading;
    if (tr.marketOpen) {
      const net = tr.netMwh;
      const pref = tr.pricePreference;
      const pp = act.trading.pricePosition;
      // Centred trading actions (ADR 0704): the residual from the env's default bidding line.
      for (let i = 0; i < tr.n; i++) {
        const pos = net[i] > 0 ? aLo + aW * pref[i] : bLo + bW * pref[i];
        pp[i] = priceResidualAction(2 * clamp01(pos) - 1, defaultPriceAction(net[i], pref[i]));
      }
    }
    return act;
  };
}

/** One representative block (a few consecutive days) as the aggregate evaluator needs it. */
export interface EnergyBlock {
  readonly startDay: number;
  readonly steps: number;
  readonly stepH: number;
  readonly windMwh: Float64Array;
  readonly pvMwh: Float64Array;
  readonly importUsdPerMwh: Float64Array;
  readonly exportUsdPerMwh: Float64Array;
  readonly drIncentiveUsdPerMwh: Float64Array;
  /** 1 in the peak tariff band. */
  readonly peak: Uint8Array;
  /** Uncontrolled net load (MW) the storage agent observes: total base demand - wind - PV. */
  readonly netLoadMw: Float64Array;
  /** Base and flexible energy per profile class (MWh per step), class c at [c steps, (c + 1) steps). */
  readonly baseMwh: Float64Array;
  readonly flexMwh: Float64Array;
  /** EV stations' charged energy (MWh per step) under the fixed EV rule. */
  readonly evMwh: Float64Array;
  /** Steps with a P2P market (some PV). */
  readonly marketOpen: Uint8Array;
  /** Per step and price-preference bin (step x bins + k): offered / needed energy (MWh) and order counts. */
  readonly offerMwh: Float64Array;
  readonly offerCount: Float64Array;
  readonly bidMwh: Float64Array;
  readonly bidCount: Float64Array;
}

export interface EnergyEvalData {
  readonly blocks: readonly EnergyBlock[];
  readonly bins: number;
  readonly totalSteps: number;
  readonly battery: Scenario["config"]["battery"];
  readonly exportLimitMw: number;
  readonly importLimitMw: number;
  readonly batteryMaxMw: number;
  readonly drPaybackPerStep: number;
  readonly emissionKgPerMwh: number;
  readonly stabilityRampRefMw: number;
  readonly feeUsdPerMwh: number;
  readonly tickUsdPerMwh: number;
}

/** What one evaluation reports: the five reward-term means and the city totals behind them. */
export interface EnergyOutcome {
  /** Episode means of REWARD_TERMS (econ, renew, stability, carbon, fairness), all "higher is better". */
  readonly terms: Float64Array;
  readonly costUsd: number;
  readonly generatedMwh: number;
  readonly curtailedMwh: number;
  readonly gridPurchaseMwh: number;
  readonly p2pMwh: number;
  readonly unservedMwh: number;
  readonly steps: number;
  /**
   * Mean of the env's own fairness term, which is 1 also when orders exist on both sides and
   * nothing clears. `terms[4]` counts such steps as 0 instead (nobody could participate), so that
   * pricing the market shut does not score as perfectly fair.
   */
  readonly fairnessRaw: number;
}

/** Minimised objectives (F row) from an outcome: the negated term means. */
export function energyObjectivesOf(o: EnergyOutcome): Float64Array {
  const f = new Float64Array(REWARD_TERM_COUNT);
  for (let k = 0; k < REWARD_TERM_COUNT; k++) f[k] = -o.terms[k] + 0;
  return f;
}

function envOptionsOf(opts: Partial<CityEnvOptions>): CityEnvOptions {
  return { ...DEFAULT_CITY_ENV_OPTIONS, ...opts, trackBenefits: false };
}

/**
 * Records one reference run of each block's scenario on the entity-level env under the fixed rule
 * policy (the reference decision): the EV load and the per-step order histograms (by the traders'
 * observed nets, before DR) that the aggregate evaluator needs. `bins` histogram bins per side.
 */
export function buildEnergyEvalData(
  scenarios: readonly Scenario[],
  opts: { bins?: number; envOptions?: Partial<CityEnvOptions> } = {},
): EnergyEvalData {
  const K = opts.bins ?? 32;
  if (!Number.isInteger(K) || K < 1 || K > 4096)
    throw new ConfigError(`must be an integer in [1, 4096], got ${K}`, "buildEnergyEvalData.bins");
  if (scenarios.length === 0) throw new ConfigError("give at least one scenario", "buildEnergyEvalData");
  const envOpts = envOptionsOf(opts.envOptions ?? {});
  const cfg0 = scenarios[0].config;
  const blocks: EnergyBlock[] = [];
  let total = 0;
  for (const sc of scenarios) {
    const n = sc.time.length;
    const h = sc.time.stepH;
    const offerMwh = new Float64Array(n * K);
    const offerCount = new Float64Array(n * K);
    const bidMwh = new Float64Array(n * K);
    const bidCount = new Float64Array(n * K);
    const marketOpen = new Uint8Array(n);
    const env = new CityEnv(sc, envOpts);
    const policy = energyPolicyFor(env, referenceEnergyDecision());
    let t = 0;
    const recorder: CityPolicy = (obs) => {
      const tr = obs.trading;
      if (tr.marketOpen) {
        marketOpen[t] = 1;
        const net = tr.netMwh;
        const pref = tr.pricePreference;
        const o = t * K;
        for (let i = 0; i < tr.n; i++) {
          const v = net[i];
          if (v === 0) continue;
          let k = Math.floor(pref[i] * K);
          if (k >= K) k = K - 1;
          else if (k < 0) k = 0;
          if (v > 0) {
            offerMwh[o + k] += v;
            offerCount[o + k] += 1;
          } else {
            bidMwh[o + k] -= v;
            bidCount[o + k] += 1;
          }
        }
      }
      t++;
      return policy(obs);
    };
    const r = runEpisode(env, recorder, sc.seed);
    const baseMwh = new Float64Array(PROFILE_CLASS_COUNT * n);
    const flexMwh = new Float64Array(PROFILE_CLASS_COUNT * n);
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++)
      for (let s = 0; s < n; s++) {
        baseMwh[c * n + s] = sc.demand.baseMwByClass[c][s] * h;
        flexMwh[c * n + s] = sc.demand.flexibleMwByClass[c][s] * h;
      }
    const netLoadMw = new Float64Array(n);
    const peak = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      netLoadMw[s] = sc.demand.totalBaseMw[s] - sc.renewables.windMw[s] - sc.renewables.pvMw[s];
      peak[s] = sc.prices.band[s] === 2 ? 1 : 0;
    }
    blocks.push({
      startDay: sc.config.horizon.startDay,
      steps: n,
      stepH: h,
      windMwh: Float64Array.from(r.flows.windMwh),
      pvMwh: Float64Array.from(r.flows.pvMwh),
      importUsdPerMwh: Float64Array.from(sc.prices.importUsdPerMwh),
      exportUsdPerMwh: Float64Array.from(sc.prices.exportUsdPerMwh),
      drIncentiveUsdPerMwh: Float64Array.from(sc.prices.drIncentiveUsdPerMwh),
      peak,
      netLoadMw,
      baseMwh,
      flexMwh,
      evMwh: Float64Array.from(classSeries(r.classFlows, "demandMwh", CLASS_EV_STATION)),
      marketOpen,
      offerMwh,
      offerCount,
      bidMwh,
      bidCount,
    });
    total += n;
  }
  const m = envOpts.market;
  return {
    blocks,
    bins: K,
    totalSteps: total,
    battery: cfg0.battery,
    exportLimitMw: cfg0.grid.exportLimitMw,
    importLimitMw: cfg0.grid.importLimitMw,
    batteryMaxMw: cfg0.battery.maxDischargeMw,
    drPaybackPerStep: envOpts.drPaybackPerStep,
    emissionKgPerMwh: envOpts.gridEmissionFactorKgPerMwh,
    stabilityRampRefMw: envOpts.stabilityRampRefMw,
    feeUsdPerMwh: m.gridUsageFeeUsdPerMwh + m.platformFeeUsdPerMwh,
    tickUsdPerMwh: m.tickUsdPerMwh,
  };
}

/** Scratch buffers of the aggregate clearing (one per evaluator; not shared across threads). */
export class ClearingScratch {
  readonly aV: Float64Array;
  readonly aQ: Float64Array;
  readonly aN: Float64Array;
  readonly aM: Int32Array;
  readonly bV: Float64Array;
  readonly bQ: Float64Array;
  readonly bN: Float64Array;
  readonly bM: Int32Array;
  volume = 0;
  fairness = 1;
  constructor(K: number) {
    this.aV = new Float64Array(K);
    this.aQ = new Float64Array(K);
    this.aN = new Float64Array(K);
    this.aM = new Int32Array(K);
    this.bV = new Float64Array(K);
    this.bQ = new Float64Array(K);
    this.bN = new Float64Array(K);
    this.bM = new Int32Array(K);
  }
}

/**
 * The auction on the histograms. Prices on the market's own axis (USD above feed-in + the seller's
 * fee share): ask a = pos S, bid b = pos S - fee (S = retail - feed-in); asks above S - fee and bids
 * below 0 cannot trade (as the market's bucketing drops them). Levels are bins merged when their
 * prices coincide (within a tick); the walk matches the highest bids with the lowest asks while
 * b >= a (max_p min(S(p), D(p)), as lib/market). Fill ratios: full below / above the marginal level;
 * on it pro rata when its orders share one price, else all-or-nothing (price priority inside a bin).
 * Jain index = (sum x)^2 / (m sum x^2) over all m orders; 1 when a side is empty (the env's rule),
 * 0 when both sides have orders and nothing fills (see `EnergyOutcome.fairnessRaw`).
 */
export function clearHistograms(
  oQ: Float64Array,
  oN: Float64Array,
  bQ: Float64Array,
  bN: Float64Array,
  off: number,
  K: number,
  S: number,
  fee: number,
  tick: number,
  aLo: number,
  aW: number,
  bLo: number,
  bW: number,
  sc: ClearingScratch,
): void {
  let mOrders = 0;
  let nOff = 0;
  let nBid = 0;
  // Ask levels, ascending price (pos nondecreasing in k since aW >= 0).
  let na = 0;
  for (let k = 0; k < K; k++) {
    const q = oQ[off + k];
    if (!(q > 0)) continue;
    const cnt = oN[off + k];
    mOrders += cnt;
    nOff += cnt;
    const v = clamp01(aLo + (aW * (k + 0.5)) / K) * S;
    if (v > S - fee + 1e-9) continue;
    if (na > 0 && v - sc.aV[na - 1] < tick) {
      sc.aQ[na - 1] += q;
      sc.aN[na - 1] += cnt;
      sc.aM[na - 1]++;
    } else {
      sc.aV[na] = v;
      sc.aQ[na] = q;
      sc.aN[na] = cnt;
      sc.aM[na] = (aW * S) / K < tick ? 2 : 1;
      na++;
    }
  }
  // Bid levels, descending price.
  let nb = 0;
  for (let k = K - 1; k >= 0; k--) {
    const q = bQ[off + k];
    if (!(q > 0)) continue;
    const cnt = bN[off + k];
    mOrders += cnt;
    nBid += cnt;
    const v = clamp01(bLo + (bW * (k + 0.5)) / K) * S - fee;
    if (v < -1e-9) continue;
    if (nb > 0 && sc.bV[nb - 1] - v < tick) {
      sc.bQ[nb - 1] += q;
      sc.bN[nb - 1] += cnt;
      sc.bM[nb - 1]++;
    } else {
      sc.bV[nb] = v;
      sc.bQ[nb] = q;
      sc.bN[nb] = cnt;
      sc.bM[nb] = (bW * S) / K < tick ? 2 : 1;
      nb++;
    }
  }
  sc.volume = 0;
  sc.fairness = 1;
  if (nOff === 0 || nBid === 0) return;
  let ia = 0;
  let ib = 0;
  let remA = na > 0 ? sc.aQ[0] : 0;
  let remB = nb > 0 ? sc.bQ[0] : 0;
  let matched = 0;
  while (ia < na && ib < nb && sc.bV[ib] >= sc.aV[ia] - 1e-9) {
    const m = Math.min(remA, remB);
    matched += m;
    remA -= m;
    remB -= m;
    if (remA <= 1e-15) {
      ia++;
      remA = ia < na ? sc.aQ[ia] : 0;
    }
    if (remB <= 1e-15) {
      ib++;
      remB = ib < nb ? sc.bQ[ib] : 0;
    }
  }
  let sx = 0;
  let sxx = 0;
  for (let l = 0; l < ia; l++) {
    sx += sc.aN[l];
    sxx += sc.aN[l];
  }
  if (ia < na) {
    const f = (sc.aQ[ia] - remA) / sc.aQ[ia];
    if (f > 0) {
      sx += sc.aN[ia] * f;
      sxx += sc.aN[ia] * (sc.aM[ia] > 1 ? f * f : f);
    }
  }
  for (let l = 0; l < ib; l++) {
    sx += sc.bN[l];
    sxx += sc.bN[l];
  }
  if (ib < nb) {
    const f = (sc.bQ[ib] - remB) / sc.bQ[ib];
    if (f > 0) {
      sx += sc.bN[ib] * f;
      sxx += sc.bN[ib] * (sc.bM[ib] > 1 ? f * f : f);
    }
  }
  sc.volume = matched;
  sc.fairness = sxx > 0 ? (sx * sx) / (mOrders * sxx) : 0;
}

/**
 * The aggregate model of one decision over every block (episodes from each block's start with the
 * battery at its initial SOC, as CityEnv.reset). Pure apart from the scratch; ~1.6-2.9 us per step
 * measured on the shared 2-core machine under load (bench/optimise-energy.ts), ~2,000x faster than CityEnv.
 */
export function energyOutcome(data: EnergyEvalData, x: ArrayLike<number>, scratch?: unknown): EnergyOutcome {
  checkDecision(x);
  const sc = (scratch as ClearingScratch | undefined) ?? new ClearingScratch(data.bins);
  const bat = data.battery;
  const K = data.bins;
  const lowP = x[0];
  const highP = x[1];
  const socChargeLim = x[2];
  const socDischargeLim = x[3];
  const drShare = clamp01(x[4]);
  const exportShare = clamp01(x[5]);
  const [aLo, aW, bLo, bW] = [x[6], x[7], x[8], x[9]];
  const pb = data.drPaybackPerStep;
  const ef = data.emissionKgPerMwh;
  const backlog = new Float64Array(PROFILE_CLASS_COUNT);
  const { etaCharge: eta, etaDischarge, socMinMwh: socMin, socMaxMwh: socMax } = batteryLimits(bat);
  if (eta !== etaDischarge) throw new ConfigError("expects a symmetric efficiency split", "energyOutcome");
  let econ = 0;
  let renew = 0;
  let stab = 0;
  let carbon = 0;
  let fair = 0;
  let fairRaw = 0;
  let costUsd = 0;
  let genTot = 0;
  let curtTot = 0;
  let purchTot = 0;
  let p2pTot = 0;
  let unservedTot = 0;
  for (const b of data.blocks) {
    const n = b.steps;
    const h = b.stepH;
    let soc = bat.initialSocFrac * bat.capacityMwh;
    let prevNet = 0;
    backlog.fill(0);
    const exportCap = data.exportLimitMw * h;
    const importCap = data.importLimitMw * h;
    for (let t = 0; t < n; t++) {
      const price = b.importUsdPerMwh[t];
      const exportPrice = b.exportUsdPerMwh[t];
      const isPeak = b.peak[t] === 1;
      // Storage rule (lib/papers/s000/env/rulePolicy.ts, first match wins).
      const socF = soc / bat.capacityMwh;
      const nl = b.netLoadMw[t];
      let cmd = 0;
      if (nl < 0) cmd = socF < socChargeLim ? -Math.min(1, -nl / data.batteryMaxMw) : 0;
      else if (price <= lowP) cmd = socF < socChargeLim ? -1 : 0;
      else if (price >= highP) cmd = socF > socDischargeLim ? 1 : 0;
      else if (nl > 0) cmd = socF > socDischargeLim ? Math.min(1, nl / data.batteryMaxMw) : 0;
      // Demand: base - DR deferral + payback per class, plus EV.
      const d = isPeak ? drShare : 0;
      let demand = b.evMwh[t];
      let deferred = 0;
      for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
        const pay = backlog[c] * pb;
        const def = d * b.flexMwh[c * n + t];
        demand += b.baseMwh[c * n + t] - def + pay;
        backlog[c] += def - pay;
        deferred += def;
      }
      // Local use of wind + PV, then the battery, export and import (CityEnv's routing).
      const gen = b.windMwh[t] + b.pvMwh[t];
      const local = Math.min(gen, demand);
      let pool = gen - local;
      let resid = demand - local;
      // lib/storage batteryStepLimitsMwh / nextBatterySocMwh inlined (no allocation; same formulas).
      const limCharge = Math.max(0, Math.min(bat.maxChargeMw * h, (socMax - soc) / eta));
      const limDischarge = Math.max(0, Math.min(bat.maxDischargeMw * h, (soc - socMin) * eta));
      let renewToBattery = 0;
      let gridWant = 0;
      if (cmd < 0) {
        const want = Math.min(-cmd * bat.maxChargeMw * h, limCharge);
        renewToBattery = Math.min(pool, want);
        pool -= renewToBattery;
        gridWant = want - renewToBattery;
      }
      const renewExport = Math.min(pool * exportShare, exportCap);
      const curtailed = pool - renewExport;
      let batteryToLoad = 0;
      let batteryExport = 0;
      if (cmd > 0) {
        const want = Math.min(cmd * bat.maxDischargeMw * h, limDischarge);
        batteryToLoad = Math.min(want, resid);
        resid -= batteryToLoad;
        batteryExport = Math.min(want - batteryToLoad, Math.max(0, exportCap - renewExport));
      }
      const gridImport = Math.min(resid, importCap);
      const unserved = resid - gridImport;
      const gridToBattery = Math.min(gridWant, Math.max(0, importCap - gridImport));
      const charge = renewToBattery + gridToBattery;
      const discharge = batteryToLoad + batteryExport;
      soc = Math.min(socMax, Math.max(socMin, soc + charge * eta - discharge / eta));
      const degradation = discharge * bat.degradationUsdPerMwhDischarged;
      // P2P auction on the histograms.
      let fairness = 1;
      let fairnessRaw = 1;
      let volume = 0;
      if (b.marketOpen[t] === 1) {
        clearHistograms(
          b.offerMwh,
          b.offerCount,
          b.bidMwh,
          b.bidCount,
          t * K,
          K,
          price - exportPrice,
          data.feeUsdPerMwh,
          data.tickUsdPerMwh,
          aLo,
          aW,
          bLo,
          bW,
          sc,
        );
        volume = sc.volume;
        fairness = sc.fairness;
        fairnessRaw = sc.fairness === 0 && volume <= 0 ? 1 : sc.fairness;
      }
      const fees = volume * data.feeUsdPerMwh;
      // Reward terms (CityEnv.step).
      const purchases = gridImport + gridToBattery;
      const cityCost =
        purchases * price +
        degradation +
        fees -
        (renewExport + batteryExport) * exportPrice -
        deferred * b.drIncentiveUsdPerMwh[t];
      const netGridMw = (purchases - renewExport - batteryExport) / h;
      econ += -cityCost / 1000;
      renew += gen > 0 ? (gen - curtailed) / gen : 1;
      stab += -Math.abs(netGridMw - prevNet) / data.stabilityRampRefMw - (demand > 0 ? unserved / demand : 0);
      carbon += (-purchases * ef) / 1000;
      fair += fairness;
      fairRaw += fairnessRaw;
      prevNet = netGridMw;
      costUsd += cityCost;
      genTot += gen;
      curtTot += curtailed;
      purchTot += purchases;
      p2pTot += volume;
      unservedTot += unserved;
    }
  }
  const N = data.totalSteps;
  return {
    terms: Float64Array.of(econ / N, renew / N, stab / N, carbon / N, fair / N),
    costUsd,
    generatedMwh: genTot,
    curtailedMwh: curtTot,
    gridPurchaseMwh: purchTot,
    p2pMwh: p2pTot,
    unservedMwh: unservedTot,
    steps: N,
    fairnessRaw: fairRaw / N,
  };
}

/** Scratch for repeated `energyOutcome` calls (avoids an allocation per evaluation). */
export function energyScratch(data: EnergyEvalData): unknown {
  return new ClearingScratch(data.bins);
}

/** The search problem on the aggregate evaluator: 10 variables (ENERGY_VARIABLES), 5 minimised objectives. */
export function energyProblem(data: EnergyEvalData): Problem {
  const lower = Float64Array.from(ENERGY_VARIABLES, (v) => v.lower);
  const upper = Float64Array.from(ENERGY_VARIABLES, (v) => v.upper);
  const scratch = new ClearingScratch(data.bins);
  return {
    name: "energy5",
    nVar: ENERGY_VARIABLE_COUNT,
    nObj: REWARD_TERM_COUNT,
    nConstr: 0,
    lower,
    upper,
    evaluate(X: readonly Float64Array[]): Evaluation {
      const F: Float64Array[] = new Array(X.length);
      for (let i = 0; i < X.length; i++) F[i] = energyObjectivesOf(energyOutcome(data, X[i], scratch));
      return { F };
    },
  };
}

/**
 * The same outcome measured on the entity-level CityEnv: one episode per scenario under
 * `energyPolicyFor(env, x)`, coordinator reward terms averaged over all steps, city totals from the
 * flows. ~1.2 ms per step.
 */
export function evaluateEnergyOnEnv(
  scenarios: readonly Scenario[],
  x: ArrayLike<number>,
  envOptions: Partial<CityEnvOptions> = {},
): EnergyOutcome {
  checkDecision(x);
  const opts = envOptionsOf(envOptions);
  const sums = new Float64Array(REWARD_TERM_COUNT);
  let steps = 0;
  let costUsd = 0;
  let gen = 0;
  let curt = 0;
  let purch = 0;
  let p2p = 0;
  let unserved = 0;
  let fairAdj = 0;
  for (const sc of scenarios) {
    const env = new CityEnv(sc, opts);
    const r = runEpisode(env, energyPolicyFor(env, x), sc.seed, {
      onStep: (s) => {
        costUsd += s.info.cityCostUsd;
        const c = s.info.clearing;
        fairAdj += c && !(c.volumeMwh > 0) ? 0 : s.rewardTerms.coordinator[4];
      },
    });
    const s = r.rewardTermSums.coordinator;
    for (let k = 0; k < REWARD_TERM_COUNT; k++) sums[k] += s[k];
    steps += r.steps;
    const f = r.flows;
    for (let t = 0; t < r.steps; t++) {
      gen += f.windMwh[t] + f.pvMwh[t];
      curt += f.curtailedMwh[t];
      purch += f.gridImportMwh[t] + f.gridToBatteryMwh[t];
      p2p += f.renewP2pMwh[t];
      unserved += f.unservedMwh[t];
    }
  }
  for (let k = 0; k < REWARD_TERM_COUNT; k++) sums[k] /= steps;
  const fairnessRaw = sums[4];
  sums[4] = fairAdj / steps;
  return {
    fairnessRaw,
    terms: sums,
    costUsd,
    generatedMwh: gen,
    curtailedMwh: curt,
    gridPurchaseMwh: purch,
    p2pMwh: p2p,
    unservedMwh: unserved,
    steps,
  };
}
