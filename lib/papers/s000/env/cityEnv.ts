import { ConfigError } from "../../../core/errors";
import { dayOfWeek, dayOfYear, hourOfDay } from "../../../core/time";
import { DEFAULT_MARKET_CONFIG, type MarketConfig, type MarketInterval } from "../../../market/config";
import {
  beginBucketedClearing,
  bidLevel,
  type ClearingResult,
  type ClearingTerms,
  ClearingWorkspace,
  clearDoubleAuction,
  offerLevel,
  recordLevel,
} from "../../../market/doubleAuction";
import { createOrderBook, type OrderBook } from "../../../market/orderBook";
import type { TradeLog } from "../../../market/tradeLog";
import { allocateCityFlows, type CityFlows } from "../../../metrics/flows";
import { DEFAULT_KPI_OPTIONS } from "../../../metrics/kpis";
import { batteryLimits, batteryStepLimitsMwh, nextBatterySocMwh } from "../../../storage/battery";
import type { CityConfig } from "../world/cityConfig";
import type { EntityTable } from "../world/entities";
import {
  CLASS_COMMUNITY_PV,
  CLASS_COUNT,
  CLASS_EV_STATION,
  CLASS_PROSUMER,
  PROFILE_CLASS_COUNT,
} from "../world/entityClasses";
import type { Seed000Target } from "../world/forecasters";
import { generateScenario, type Scenario } from "../world/scenario";
import {
  ACTION_SIZE,
  AGENT_IDS,
  type AgentId,
  type CityActions,
  type CityObservations,
  COMMON_FEATURES,
  DEFAULT_FORECAST_HORIZON_HOURS,
  defaultPriceAction,
  drShare,
  type EntityObservation,
  evSpeed,
  FORECAST_QUANTITIES,
  type ObservationSizes,
  OWN_FEATURES,
  observationSizes,
  oneSidedShare,
  pricePosition,
  REWARD_TERM_COUNT,
  REWARD_TERMS,
  uniformPosition,
} from "./agents";
import { allocateClassFlows, type ClassFlows } from "./classFlows";
import { createForecastFeed, type FeedSource, type ForecastFeed } from "./forecastFeed";

/**
 * Where the forecast block of the observations comes from (ADR 0704; lib/papers/s000/env/forecastFeed.ts):
 * - "noisy" (default): the scenario's truth with the city's own forecast-error model (lib/profiles/uncertainty.ts:
 *   relative sigmas wind 12 %, solar 10 %, residential 8 %, commercial 6 %, industrial, municipal, EV 15 %, price
 *   10 %; AR(1) errors persisting over hours), drawn from seeded streams (seed, "forecast-error", quantity) that
 *   do not depend on the truth: the same truth MPC and GA-EMS plan on, degraded by the stated error model;
 * - "perfect": the truth itself (exactly MPC's and GA-EMS's default information; uncertainty features 0);
 * - "accuracy": Fig. 9(b)'s knob (forecastAtAccuracy, mean absolute percentage error 1 - accuracy, errors keyed
 *   by issue time), to give the agents the same forecast quality as an MPC planning on forecasts of that accuracy.
 * `seed` defaults to the scenario's seed. The trained forecasters (the feed's "model" kind) are not an env
 * option: env options are data (cache keys), trained models are not.
 */
export type ObservationForecastSource =
  | { readonly kind: "noisy"; readonly seed?: number }
  | { readonly kind: "perfect" }
  | { readonly kind: "accuracy"; readonly accuracy: number; readonly seed?: number };

/** Env options the paper leaves open; each default says why. */
export interface CityEnvOptions {
  /** The P2P market's rules (lib/market; ADR 0200). */
  readonly market: MarketConfig;
  /**
   * DR payback: deferred flexible energy comes back at this fraction of the class backlog per step
   * (1/8 per 15 min: a ~2 h time constant, the typical recovery of thermal and wet-appliance loads).
   * [choice]
   */
  readonly drPaybackPerStep: number;
  /** Grid emission factor for the carbon reward term (kg CO2e/MWh), the KPI library's default. */
  readonly gridEmissionFactorKgPerMwh: number;
  /** Net-grid ramp (MW per step) that costs one unit of the stability term. [choice] */
  readonly stabilityRampRefMw: number;
  /** Record per-entity trading benefits (USD) over the episode (for the fairness KPIs). */
  readonly trackBenefits: boolean;
  /**
   * Look-ahead of the forecast block in every agent's observation (whole hours; 0 = no forecast
   * block). 4 h: the next hours an operator's intraday decisions (battery, DR, EVs, bids) act on. [choice]
   */
  readonly forecastHorizonHours: number;
  /** The forecast model behind the forecast block. */
  readonly forecastSource: ObservationForecastSource;
}

export const DEFAULT_CITY_ENV_OPTIONS: CityEnvOptions = {
  market: DEFAULT_MARKET_CONFIG,
  drPaybackPerStep: 1 / 8,
  gridEmissionFactorKgPerMwh: DEFAULT_KPI_OPTIONS.gridEmissionFactorKgPerMwh,
  stabilityRampRefMw: 50,
  trackBenefits: true,
  forecastHorizonHours: DEFAULT_FORECAST_HORIZON_HOURS,
  forecastSource: { kind: "noisy" },
};

/** z of the standard normal at 0.9 (P10/P90 = P50 -/+ z sd). */
const Z90 = 1.2815515655446004;

/** What one step did, beyond the flows (views valid until the next step). */
export interface CityStepInfo {
  readonly t: number;
  readonly marketOpen: boolean;
  /** The P2P auction's result of this step (null when the market was closed: no seller existed). */
  readonly clearing: ClearingResult | null;
  /** Cleared trades of the step (a view into the market workspace; copy with copyTradeLog to keep). */
  readonly trades: TradeLog | null;
  readonly offeredMwh: number;
  readonly bidMwh: number;
  readonly drDeferredMwh: number;
  readonly drPaybackMwh: number;
  /** EV energy that could not be delivered before departure (MWh). */
  readonly evUnservedMwh: number;
  /** Net grid power (MW): import + grid-to-battery - export. */
  readonly netGridMw: number;
  /** City net cost of the step (USD): grid purchases + degradation + P2P fees - export revenue - DR incentives. */
  readonly cityCostUsd: number;
}

export interface CityStep {
  readonly observations: CityObservations;
  /** Per agent, REWARD_TERMS values of this step (weights are the caller's). */
  readonly rewardTerms: Readonly<Record<AgentId, Float64Array>>;
  /** The horizon is exhausted (a time limit, not a terminal state: bootstrapping may continue). */
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: CityStepInfo;
}

/**
 * The city env. One step (15 min) routes energy at ENTITY level:
 *  1. every prosumer's PV serves its own load (self-consumption);
 *  2. surpluses are offered and needs bid in the P2P double auction, every participant individually
 *     (prosumers, consumers of every class, EV stations, community PV plants), cleared by lib/market;
 *  3. the remaining renewables (wind, unsold or withheld PV) serve the remaining city load directly
 *     (the utility's base supply: "direct local consumption");
 *  4. the battery charges from the renewable surplus (then the grid) or discharges to the load (then
 *     export); 5. surplus is exported within the limit, the rest curtailed; 6. the rest of the load
 *     is imported within the limit, anything beyond is unserved.
 * It fills CityFlows (every identity of lib/metrics/flows.ts, to 1e-9) and class aggregates, and
 * knows no controller. reset(seed) / step(actions) as PettingZoo's parallel API.
 */
export class CityEnv {
  readonly agents = AGENT_IDS;
  readonly rewardTermNames = REWARD_TERMS;
  readonly options: CityEnvOptions;
  private sc: Scenario;
  readonly config: CityConfig;
  private t = 0;
  private soc = 0;
  private prevNetGridMw = 0;
  private prevBatteryMw = 0;
  private prevCurtailShare = 0;
  private prevExportMwh = 0;
  private prevClearingPrice = 0;
  private prevVolume = 0;
  private prevOffered = 0;
  private prevBid = 0;
  private signal = 0.5;
  private readonly backlog = new Float64Array(PROFILE_CLASS_COUNT);
  // Per-entity work columns.
  private netMwh!: Float64Array;
  private pvMwh!: Float64Array;
  private loadMwh!: Float64Array;
  private flexWeight!: Float64Array;
  private benefit!: Float64Array;
  private readonly pvStep: Float64Array;
  // EV sessions.
  private evRemaining!: Float64Array;
  private evActive!: Int32Array;
  private evActiveCount = 0;
  private evNext = 0;
  private evStationMwh!: Float64Array;
  // Market.
  private offers!: OrderBook;
  private bids!: OrderBook;
  private readonly ws = new ClearingWorkspace();
  private readonly offerRowStart = new Int32Array(CLASS_COUNT + 1);
  private readonly bidRowStart = new Int32Array(CLASS_COUNT + 1);
  // Outputs.
  private flowsBuf!: CityFlows;
  private feeUsd!: Float64Array;
  private degradationUsd!: Float64Array;
  private classFlowsBuf!: ClassFlows;
  private readonly obs: CityObservations;
  private readonly rewards: Record<AgentId, Float64Array>;
  private marketOpenNow = false;
  private prevMarketOpen = true;
  private readonly obsSizes: ObservationSizes;
  private feed!: ForecastFeed;
  /** Per entity: its default price position as an action value (agents.ts defaultPriceAction), market-open steps. */
  private refPrice!: Float64Array;
  private readonly forecastBlock: Float64Array;

  constructor(scenario: Scenario, options: Partial<CityEnvOptions> = {}) {
    this.options = { ...DEFAULT_CITY_ENV_OPTIONS, ...options };
    if (!(this.options.drPaybackPerStep > 0 && this.options.drPaybackPerStep <= 1))
      throw new ConfigError(
        `must be in (0, 1], got ${this.options.drPaybackPerStep}`,
        "CityEnvOptions.drPaybackPerStep",
      );
    const hrs = this.options.forecastHorizonHours;
    if (!(Number.isInteger(hrs) && hrs >= 0))
      throw new ConfigError(
        `must be a whole number of hours >= 0, got ${hrs}`,
        "CityEnvOptions.forecastHorizonHours",
        "e.g. 4 (the default), or 0 for observations without forecasts",
      );
    checkForecastSource(this.options.forecastSource);
    this.sc = scenario;
    this.config = scenario.config;
    this.pvStep = new Float64Array(scenario.renewables.pvPerUnitByOrientation.length + 1);
    this.obsSizes = observationSizes(hrs);
    this.forecastBlock = new Float64Array(this.obsSizes.renewable - COMMON_FEATURES - OWN_FEATURES.renewable);
    this.obs = {
      renewable: new Float64Array(this.obsSizes.renewable),
      storage: new Float64Array(this.obsSizes.storage),
      consumer: new Float64Array(this.obsSizes.consumer),
      coordinator: new Float64Array(this.obsSizes.coordinator),
      trading: undefined as unknown as EntityObservation,
    };
    this.rewards = {
      renewable: new Float64Array(REWARD_TERM_COUNT),
      storage: new Float64Array(REWARD_TERM_COUNT),
      consumer: new Float64Array(REWARD_TERM_COUNT),
      trading: new Float64Array(REWARD_TERM_COUNT),
      coordinator: new Float64Array(REWARD_TERM_COUNT),
    };
    this.bind(scenario);
  }

  /** The scenario of the current episode. */
  get scenario(): Scenario {
    return this.sc;
  }
  /** Steps in an episode. */
  get length(): number {
    return this.sc.time.length;
  }
  /** Market participants (entities). */
  get entityCount(): number {
    return this.sc.entities.n;
  }
  /** The step the next `step()` call simulates. */
  get stepIndex(): number {
    return this.t;
  }
  /** Battery state of charge (MWh). */
  get socMwh(): number {
    return this.soc;
  }
  /** The episode's city flows so far (filled up to stepIndex). */
  get flows(): CityFlows {
    return this.flowsBuf;
  }
  get classFlows(): ClassFlows {
    return this.classFlowsBuf;
  }
  /** Per-entity P2P trading benefit (USD) accumulated over the episode (lib/market accumulateTradingBenefitUsd). */
  get benefitUsdByEntity(): Float64Array {
    return this.benefit;
  }
  /** Observation sizes per vector agent (they depend on forecastHorizonHours) and action sizes. */
  get spaces(): { observation: ObservationSizes; action: typeof ACTION_SIZE } {
    return { observation: this.obsSizes, action: ACTION_SIZE };
  }

  private bind(sc: Scenario): void {
    const hrs = this.options.forecastHorizonHours;
    const stepsPerHour = Math.round(1 / sc.time.stepH);
    if (hrs > 0 && Math.abs(stepsPerHour * sc.time.stepH - 1) > 1e-9)
      throw new ConfigError(
        `hourly forecast means need a step that divides an hour, got ${sc.time.stepH} h`,
        "CityEnvOptions.forecastHorizonHours",
        "use 0 (no forecast block) or a step of 60 / k minutes",
      );
    this.stepsPerHour = stepsPerHour;
    if (hrs * stepsPerHour > sc.time.length)
      throw new ConfigError(
        `${hrs} h (${hrs * stepsPerHour} steps) is longer than the episode's data (${sc.time.length} steps)`,
        "CityEnvOptions.forecastHorizonHours",
        `use at most ${Math.floor(sc.time.length / stepsPerHour)} h, or a longer episode (the city config's horizon.days)`,
      );
    const src = this.options.forecastSource;
    const feedSource: FeedSource =
      src.kind === "perfect"
        ? { kind: "perfect" }
        : src.kind === "noisy"
          ? { kind: "noisy", seed: src.seed ?? sc.seed }
          : { kind: "accuracy", accuracy: src.accuracy, seed: src.seed ?? sc.seed };
    this.feed = createForecastFeed(this, feedSource);
    this.fcP50 = new Float64Array(hrs * stepsPerHour);
    const n = sc.entities.n;
    this.refPrice = new Float64Array(n);
    this.netMwh = new Float64Array(n);
    this.pvMwh = new Float64Array(n);
    this.loadMwh = new Float64Array(n);
    this.benefit = new Float64Array(n);
    this.offers = createOrderBook(n);
    this.bids = createOrderBook(n);
    this.evRemaining = new Float64Array(sc.ev.n);
    this.evActive = new Int32Array(Math.max(16, sc.ev.n));
    this.evStationMwh = new Float64Array(sc.config.ev.stationCount);
    // DR payback weights: flexible capacity share within the class.
    const e = sc.entities;
    this.flexWeight = new Float64Array(n);
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
      let s = 0;
      for (let i = e.classStart[c]; i < e.classStart[c + 1]; i++) s += e.flexibleShare[i] * e.meanPowerMw[i];
      for (let i = e.classStart[c]; i < e.classStart[c + 1]; i++)
        this.flexWeight[i] = s > 0 ? (e.flexibleShare[i] * e.meanPowerMw[i]) / s : 0;
    }
    (this.obs as { trading: EntityObservation }).trading = {
      n,
      shared: new Float64Array(this.obsSizes.tradingShared),
      marketOpen: false,
      netMwh: this.netMwh,
      pvMwh: this.pvMwh,
      loadMwh: this.loadMwh,
      pricePreference: e.pricePreference,
      classId: e.classId,
    };
  }

  /** Starts an episode. A seed other than the current scenario's regenerates the city (same config). */
  reset(seed: number = this.sc.seed): CityObservations {
    if (seed !== this.sc.seed) {
      this.sc = generateScenario(this.sc.config, seed);
      this.bind(this.sc);
    }
    const sc = this.sc;
    const len = sc.time.length;
    const h = sc.time.stepH;
    const f = allocateCityFlows(len, h);
    this.feeUsd = new Float64Array(len);
    this.degradationUsd = new Float64Array(len);
    this.flowsBuf = { ...f, p2pFeeUsd: this.feeUsd, batteryDegradationUsd: this.degradationUsd };
    this.classFlowsBuf = allocateClassFlows(len);
    this.t = 0;
    this.soc = sc.config.battery.initialSocFrac * sc.config.battery.capacityMwh;
    this.prevNetGridMw = 0;
    this.prevBatteryMw = 0;
    this.prevCurtailShare = 0;
    this.prevExportMwh = 0;
    this.prevClearingPrice = 0;
    this.prevVolume = 0;
    this.prevOffered = 0;
    this.prevBid = 0;
    this.signal = 0.5;
    this.backlog.fill(0);
    this.benefit.fill(0);
    this.evRemaining.set(sc.ev.energyMwh);
    this.evActiveCount = 0;
    this.evNext = 0;
    this.prevMarketOpen = true;
    this.prepare(0);
    return this.obs;
  }

  /** Applies one action per agent and advances one step. */
  step(actions: CityActions): CityStep {
    const sc = this.sc;
    const t = this.t;
    const len = sc.time.length;
    if (t >= len) {
      throw new ConfigError(
        `episode of ${len} steps is over`,
        "CityEnv.step",
        "call reset(seed) to start a new episode",
      );
    }
    const cfg = sc.config;
    const h = sc.time.stepH;
    const e = sc.entities;
    const importPrice = sc.prices.importUsdPerMwh[t];
    const exportPrice = sc.prices.exportUsdPerMwh[t];

    // Actions -> physical set-points (centred mapping, ADR 0704: 0 is the careful default).
    const windCap = oneSidedShare(bounded(actions.renewable, 0, "renewable"));
    const exportShare = oneSidedShare(bounded(actions.renewable, 1, "renewable"));
    const batteryCmd = bounded(actions.storage, 0, "storage");
    const evU = evSpeed(bounded(actions.consumer, 5, "consumer"), sc.prices.band[t] === 2);
    const pricePos = uniformPosition(
      bounded(actions.coordinator, 0, "coordinator"),
      this.options.market.uniformPricePosition,
    );
    this.signal = unit(actions.coordinator, 1, "coordinator");
    const dr = this.drShares;
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) dr[c] = drShare(bounded(actions.consumer, c, "consumer"));

    // DR payback of earlier deferrals (class backlog, spread over the class by flexible capacity).
    const payback = this.payback;
    let paybackTotal = 0;
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
      payback[c] = this.backlog[c] * this.options.drPaybackPerStep;
      paybackTotal += payback[c];
    }

    // EV stations: charge the active sessions within their constraints.
    const evUnserved = this.chargeEv(t, evU, h);

    const cDemand = this.cDemand;
    const cSelf = this.cSelf;
    const cPv = this.cPv;
    const cDeferred = this.cDeferred;
    const cSold = this.cSold;
    const cBought = this.cBought;
    cDemand.fill(0);
    cSelf.fill(0);
    cPv.fill(0);
    cDeferred.fill(0);
    cSold.fill(0);
    cBought.fill(0);
    let selfTotal = 0;
    let pvTotal = 0;
    let offered = 0;
    let bid = 0;
    let withheldSurplus = 0;
    let clearing: ClearingResult | null = null;
    let p2p = 0;
    let fees = 0;
    let value = 0;
    let fairness = 1;

    if (this.marketOpenNow) {
      const span = importPrice - exportPrice;
      const pp = actions.trading.pricePosition;
      const qs = actions.trading.quantityShare;
      if (pp.length < e.n || qs.length < e.n) {
        throw new ConfigError(
          `needs ${e.n} entries per column, got ${pp.length} / ${qs.length}`,
          "actions.trading.pricePosition/quantityShare",
          "one action per market participant (allocateCityActions(env.entityCount))",
        );
      }
      // EV stations' controlled charging is their load of the step.
      const evFrom = e.classStart[CLASS_EV_STATION];
      this.loadMwh.set(this.evStationMwh, evFrom);
      const acc = this.acc;
      const rows = this.rows;
      rows[0] = 0;
      rows[1] = 0;
      const interval: MarketInterval = {
        step: t,
        feedInPriceUsdPerMwh: exportPrice,
        retailPriceUsdPerMwh: importPrice,
      };
      const mc =
        this.options.market.uniformPricePosition === pricePos
          ? this.options.market
          : { ...this.options.market, uniformPricePosition: pricePos };
      // Orders are bucketed onto the auction's price levels as they are built (one pass, not two).
      const ws = this.ws;
      const tm = beginBucketedClearing(mc, interval, ws, e.n, e.n);
      for (let c = 0; c < CLASS_COUNT; c++) {
        this.offerRowStart[c] = rows[0];
        this.bidRowStart[c] = rows[1];
        acc.fill(0);
        const hasPv = c === CLASS_PROSUMER || c === CLASS_COMMUNITY_PV;
        const bad = (hasPv ? buildOrders : buildBidsOnly)(
          e.classStart[c],
          e.classStart[c + 1],
          c < PROFILE_CLASS_COUNT ? dr[c] : 0,
          c < PROFILE_CLASS_COUNT ? payback[c] : 0,
          this.loadMwh,
          this.pvMwh,
          e.flexibleShare,
          this.flexWeight,
          this.refPrice,
          pp,
          qs,
          exportPrice,
          span,
          this.offers,
          this.bids,
          rows,
          acc,
          tm,
          ws,
        );
        if (bad >= 0) badEntityAction(bad, pp[bad], qs[bad]);
        cDemand[c] = acc[0];
        cSelf[c] = acc[1];
        cPv[c] = acc[2];
        if (c < PROFILE_CLASS_COUNT) cDeferred[c] = acc[3];
        offered += acc[4];
        bid += acc[5];
        withheldSurplus += acc[6];
        selfTotal += acc[1];
        pvTotal += acc[2];
      }
      this.offerRowStart[CLASS_COUNT] = rows[0];
      this.bidRowStart[CLASS_COUNT] = rows[1];
      const offers = this.offers;
      const bids = this.bids;
      offers.n = rows[0];
      bids.n = rows[1];
      if (offers.n > 0 && bids.n > 0) {
        clearing = clearDoubleAuction(offers, bids, mc, interval, ws, true);
        p2p = clearing.volumeMwh;
        fees = clearing.feesUsd;
        value = clearing.valueUsd;
        fairness = this.classifyFills(clearing, exportPrice, importPrice);
      }
    } else {
      // No PV anywhere: no seller, so the auction cannot trade; class totals from the scenario's aggregates.
      const base = sc.demand.baseMwByClass;
      const flex = sc.demand.flexibleMwByClass;
      for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
        const def = dr[c] * flex[c][t] * h;
        cDeferred[c] = def;
        cDemand[c] = base[c][t] * h - def + payback[c];
      }
      let ev = 0;
      for (let s = 0; s < this.evStationMwh.length; s++) ev += this.evStationMwh[s];
      cDemand[CLASS_EV_STATION] = ev;
    }
    let demand = 0;
    let deferredTotal = 0;
    for (let c = 0; c < CLASS_COUNT; c++) demand += cDemand[c];
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
      deferredTotal += cDeferred[c];
      this.backlog[c] += cDeferred[c] - payback[c];
    }

    // Utility renewables and the rest of the routing.
    const windAvail = sc.renewables.windMw[t] * h;
    const windUsed = windAvail * windCap;
    let curtailed = windAvail - windUsed;
    const unsold = offered - p2p + withheldSurplus;
    let pool = windUsed + unsold;
    let resid = demand - selfTotal - p2p;
    if (resid < 0) resid = 0; // rounding only: P2P volume never exceeds the bids
    const local2 = Math.min(pool, resid);
    pool -= local2;
    resid -= local2;
    const bat = cfg.battery;
    const batLim = batteryLimits(bat);
    const lim = batteryStepLimitsMwh(batLim, this.soc, h);
    let renewToBattery = 0;
    let gridWant = 0;
    if (batteryCmd < 0) {
      const want = Math.min(-batteryCmd * bat.maxChargeMw * h, lim.chargeMwh);
      renewToBattery = Math.min(pool, want);
      pool -= renewToBattery;
      gridWant = want - renewToBattery;
    }
    const exportCap = cfg.grid.exportLimitMw * h;
    const renewExport = Math.min(pool * exportShare, exportCap);
    curtailed += pool - renewExport;
    let batteryToLoad = 0;
    let batteryExport = 0;
    if (batteryCmd > 0) {
      const want = Math.min(batteryCmd * bat.maxDischargeMw * h, lim.dischargeMwh);
      batteryToLoad = Math.min(want, resid);
      resid -= batteryToLoad;
      batteryExport = Math.min(want - batteryToLoad, Math.max(0, exportCap - renewExport));
    }
    const importCap = cfg.grid.importLimitMw * h;
    const gridImport = Math.min(resid, importCap);
    const unserved = resid - gridImport;
    const gridToBattery = Math.min(gridWant, Math.max(0, importCap - gridImport));
    const charge = renewToBattery + gridToBattery;
    const discharge = batteryToLoad + batteryExport;
    this.soc = nextBatterySocMwh(batLim, this.soc, charge, discharge);
    const degradation = discharge * bat.degradationUsdPerMwhDischarged;

    // Flows.
    const fl = this.flowsBuf as unknown as Record<string, Float64Array>;
    const renewLocal = selfTotal + local2;
    const pvGen = this.marketOpenNow ? pvTotal : 0;
    fl.windMwh[t] = windAvail;
    fl.pvMwh[t] = pvGen;
    fl.demandMwh[t] = demand;
    fl.demandServedMwh[t] = demand - unserved;
    fl.unservedMwh[t] = unserved;
    fl.renewLocalMwh[t] = renewLocal;
    fl.renewP2pMwh[t] = p2p;
    fl.renewToBatteryMwh[t] = renewToBattery;
    fl.renewExportMwh[t] = renewExport;
    fl.curtailedMwh[t] = curtailed;
    fl.gridImportMwh[t] = gridImport;
    fl.gridExportMwh[t] = renewExport + batteryExport;
    fl.gridToBatteryMwh[t] = gridToBattery;
    fl.batteryChargeMwh[t] = charge;
    fl.batteryDischargeMwh[t] = discharge;
    fl.batteryToLoadMwh[t] = batteryToLoad;
    fl.batteryExportMwh[t] = batteryExport;
    fl.batterySocMwh[t] = this.soc;
    fl.importPriceUsdPerMwh[t] = importPrice;
    fl.exportPriceUsdPerMwh[t] = exportPrice;
    fl.tradeCount[t] = clearing ? clearing.trades.count : 0;
    fl.p2pValueUsd[t] = value;
    this.feeUsd[t] = fees;
    this.degradationUsd[t] = degradation;
    const cf = this.classFlowsBuf.columns;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const k = c * len + t;
      cf.demandMwh[k] = cDemand[c];
      cf.selfConsumedMwh[k] = cSelf[c];
      cf.pvMwh[k] = cPv[c];
      cf.p2pSoldMwh[k] = cSold[c];
      cf.p2pBoughtMwh[k] = cBought[c];
      cf.drDeferredMwh[k] = c < PROFILE_CLASS_COUNT ? cDeferred[c] : 0;
    }

    // Reward terms.
    const gen = windAvail + pvGen;
    const purchases = gridImport + gridToBattery;
    const drIncentiveUsd = deferredTotal * sc.prices.drIncentiveUsdPerMwh[t];
    const exportRevenue = (renewExport + batteryExport) * exportPrice;
    const cityCost = purchases * importPrice + degradation + fees - exportRevenue - drIncentiveUsd;
    const netGridMw = (purchases - renewExport - batteryExport) / h;
    const renewTerm = gen > 0 ? (gen - curtailed) / gen : 1;
    const stability =
      -Math.abs(netGridMw - this.prevNetGridMw) / this.options.stabilityRampRefMw -
      (demand > 0 ? unserved / demand : 0);
    const carbon = (-purchases * this.options.gridEmissionFactorKgPerMwh) / 1000;
    // Closed forms over the step's trades (lib/market's price bounds and fee split): sellers receive
    // value - fee_s V, buyers pay value + fee_b V, so the total benefit over the grid alternative
    // (accumulateTradingBenefitUsd's definition) is (retail - feed-in) V - fees.
    const tradingBenefit = (importPrice - exportPrice) * p2p - fees;
    const buyersPaidUsd = value + fees * this.options.market.buyerFeeShare;
    const consumerBill = (demand - unserved - selfTotal - p2p) * importPrice + buyersPaidUsd;
    const econ = {
      renewable: ((gen - curtailed) * exportPrice) / 1000,
      storage:
        (batteryToLoad * importPrice +
          batteryExport * exportPrice -
          gridToBattery * importPrice -
          renewToBattery * exportPrice -
          degradation) /
        1000,
      consumer: (drIncentiveUsd - consumerBill) / 1000,
      trading: tradingBenefit / 1000,
      coordinator: -cityCost / 1000,
    };
    for (const id of AGENT_IDS) {
      const r = this.rewards[id];
      r[0] = econ[id];
      r[1] = renewTerm;
      r[2] = stability;
      r[3] = carbon;
      r[4] = fairness;
    }

    // Observation bookkeeping for the next step.
    this.prevNetGridMw = netGridMw;
    this.prevBatteryMw = (discharge - charge) / h;
    this.prevCurtailShare = gen > 0 ? curtailed / gen : 0;
    this.prevExportMwh = renewExport + batteryExport;
    this.prevClearingPrice = clearing && clearing.volumeMwh > 0 ? clearing.clearingPriceUsdPerMwh : 0;
    this.prevVolume = p2p;
    this.prevOffered = offered;
    this.prevBid = bid;
    const info: CityStepInfo = {
      t,
      marketOpen: this.marketOpenNow,
      clearing,
      trades: clearing ? clearing.trades : null,
      offeredMwh: offered,
      bidMwh: bid,
      drDeferredMwh: deferredTotal,
      drPaybackMwh: paybackTotal,
      evUnservedMwh: evUnserved,
      netGridMw,
      cityCostUsd: cityCost,
    };
    this.t = t + 1;
    const done = this.t >= len;
    if (!done) this.prepare(this.t);
    return { observations: this.obs, rewardTerms: this.rewards, terminated: false, truncated: done, info };
  }

  private readonly acc = new Float64Array(7);
  private readonly rows = new Int32Array(2);
  private readonly drShares = new Float64Array(PROFILE_CLASS_COUNT);
  private readonly payback = new Float64Array(PROFILE_CLASS_COUNT);
  private readonly cDemand = new Float64Array(CLASS_COUNT);
  private readonly cSelf = new Float64Array(CLASS_COUNT);
  private readonly cPv = new Float64Array(CLASS_COUNT);
  private readonly cDeferred = new Float64Array(CLASS_COUNT);
  private readonly cSold = new Float64Array(CLASS_COUNT);
  private readonly cBought = new Float64Array(CLASS_COUNT);

  /**
   * Per-class P2P sales and purchases from the fills, each participant's benefit over the grid
   * alternative (as lib/market's accumulateTradingBenefitUsd defines it; one pass over the rows
   * instead of two), and the Jain index of the orders' fill ratios (returned).
   */
  private classifyFills(r: ClearingResult, feedIn: number, retail: number): number {
    const j = this.jain;
    j[0] = 0;
    j[1] = 0;
    const track = this.options.trackBenefits;
    const ben = this.benefit;
    const o = this.offers;
    const b = this.bids;
    if (!(r.volumeMwh > 0)) {
      // Orders but no fill: nobody was served (fairness 0, as below).
      this.cSold.fill(0);
      this.cBought.fill(0);
      return 0;
    }
    if (this.options.market.pricing === "payAsClear") {
      // Pay-as-clear gathers the filled rows in book order (lib/market's workspace, with each one's
      // traded energy, cash and owner): visit only those (unfilled rows add nothing to the sums),
      // with the class found by walking the row boundaries.
      const ws = this.ws;
      const st = ws.state;
      settleFilledRows(
        ws.sortedOffers,
        st.nFilledO,
        ws.sortedOfferMwh,
        ws.sortedOfferUsd,
        o.quantityMwh,
        ws.sortedOfferOwner,
        this.offerRowStart,
        this.cSold,
        -feedIn,
        1,
        track,
        ben,
        j,
      );
      settleFilledRows(
        ws.sortedBids,
        st.nFilledB,
        ws.sortedBidMwh,
        ws.sortedBidUsd,
        b.quantityMwh,
        ws.sortedBidOwner,
        this.bidRowStart,
        this.cBought,
        retail,
        -1,
        track,
        ben,
        j,
      );
      const m = o.n + b.n;
      return j[1] > 0 ? (j[0] * j[0]) / (m * j[1]) : 0;
    }
    for (let c = 0; c < CLASS_COUNT; c++) {
      this.cSold[c] = settleRows(
        r.offerFilledMwh,
        r.offerRevenueUsd,
        o.quantityMwh,
        o.participant,
        this.offerRowStart[c],
        this.offerRowStart[c + 1],
        -feedIn,
        1,
        track,
        ben,
        j,
      );
      this.cBought[c] = settleRows(
        r.bidFilledMwh,
        r.bidCostUsd,
        b.quantityMwh,
        b.participant,
        this.bidRowStart[c],
        this.bidRowStart[c + 1],
        retail,
        -1,
        track,
        ben,
        j,
      );
    }
    const m = o.n + b.n;
    // Orders but no fill: nobody was served, fairness 0 (not 1, which would reward closing the market).
    return j[1] > 0 ? (j[0] * j[0]) / (m * j[1]) : 0;
  }
  private readonly jain = new Float64Array(2);

  /** Advances EV sessions through step t at speed u; fills evStationMwh; returns energy missed at departures. */
  private chargeEv(t: number, u: number, h: number): number {
    const ev = this.sc.ev;
    const st = this.evStationMwh;
    st.fill(0);
    let missed = 0;
    let k = 0;
    for (let j = 0; j < this.evActiveCount; j++) {
      const i = this.evActive[j];
      const rem = this.evRemaining[i];
      const stepsLeft = ev.departureStep[i] - t;
      const pE = ev.maxPowerMw[i] * h;
      const maxE = rem < pE ? rem : pE;
      const minE = Math.max(0, rem - (stepsLeft - 1) * pE);
      const e = Math.min(maxE, minE + u * (maxE - minE));
      this.evRemaining[i] = rem - e;
      st[ev.station[i]] += e;
      if (stepsLeft <= 1 || this.evRemaining[i] <= 1e-12) {
        if (stepsLeft <= 1) missed += this.evRemaining[i];
        this.evRemaining[i] = 0;
      } else this.evActive[k++] = i;
    }
    this.evActiveCount = k;
    return missed;
  }

  /** Admits step t's EV arrivals, computes the per-entity base load and PV of step t and the observations. */
  private prepare(t: number): void {
    const sc = this.sc;
    const h = sc.time.stepH;
    const ev = sc.ev;
    while (this.evNext < ev.n && ev.arrivalStep[this.evNext] <= t) {
      if (ev.departureStep[this.evNext] > t) this.evActive[this.evActiveCount++] = this.evNext;
      this.evNext++;
    }
    const open = sc.renewables.pvMw[t] > 0;
    this.marketOpenNow = open;
    const e = sc.entities;
    if (open) {
      const pu = sc.renewables.pvPerUnitByOrientation;
      const pvStep = this.pvStep;
      pvStep[0] = 0;
      for (let o = 0; o < pu.length; o++) pvStep[o + 1] = pu[o][t] * h;
      const prof = sc.demand.profiles;
      const pFrom = e.classStart[CLASS_PROSUMER];
      const pTo = e.classStart[CLASS_PROSUMER + 1];
      profileLoads(0, pFrom, e.meanPowerMw, e.profileOffset, prof, t, h, this.loadMwh, this.netMwh);
      prosumerLoadsAndPv(pFrom, pTo, e, prof, t, h, pvStep, this.loadMwh, this.pvMwh, this.netMwh);
      profileLoads(
        pTo,
        e.classStart[PROFILE_CLASS_COUNT],
        e.meanPowerMw,
        e.profileOffset,
        prof,
        t,
        h,
        this.loadMwh,
        this.netMwh,
      );
      // EV stations: as-soon-as-possible energy of their active sessions (the controlled value comes in step()).
      const evFrom = e.classStart[CLASS_EV_STATION];
      const evTo = e.classStart[CLASS_EV_STATION + 1];
      this.loadMwh.fill(0, evFrom, evTo);
      evAsapLoads(
        this.evActive,
        this.evActiveCount,
        ev.station,
        ev.maxPowerMw,
        this.evRemaining,
        h,
        evFrom,
        this.loadMwh,
      );
      negateInto(evFrom, evTo, this.loadMwh, this.netMwh);
      const cFrom = e.classStart[CLASS_COMMUNITY_PV];
      const cTo = e.classStart[CLASS_COMMUNITY_PV + 1];
      this.loadMwh.fill(0, cFrom, cTo);
      this.netMwh.fill(0, cFrom, cTo);
      pvOutputs(cFrom, cTo, e.pvMwp, e.pvOrientation, pvStep, this.pvMwh, this.netMwh);
      defaultPriceActions(e.n, this.netMwh, e.pricePreference, this.refPrice);
    } else if (this.prevMarketOpen) {
      this.netMwh.fill(0);
      this.pvMwh.fill(0);
      this.loadMwh.fill(0);
    }
    this.prevMarketOpen = open;
    this.writeObservations(t);
  }

  private writeObservations(t: number): void {
    const sc = this.sc;
    const cfg = sc.config;
    const ti = sc.time;
    const common = this.commonBuf;
    const hr = hourOfDay(t);
    const doy = dayOfYear(ti, t);
    const windCap = cfg.wind.turbineCount * cfg.wind.turbineRatedMw;
    common[0] = Math.sin((2 * Math.PI * hr) / 24);
    common[1] = Math.cos((2 * Math.PI * hr) / 24);
    common[2] = Math.sin((2 * Math.PI * doy) / 365);
    common[3] = Math.cos((2 * Math.PI * doy) / 365);
    common[4] = dayOfWeek(ti, t) >= 5 ? 1 : 0;
    common[5] = sc.prices.importUsdPerMwh[t] / 180;
    common[6] = sc.prices.exportUsdPerMwh[t] / 180;
    common[7] = sc.prices.drIncentiveUsdPerMwh[t] / 150;
    common[8] = sc.prices.band[t] / 2;
    common[9] = sc.renewables.windMw[t] / windCap;
    common[10] = sc.renewables.pvMw[t] / cfg.solar.totalMwp;
    common[11] = sc.demand.totalBaseMw[t] / cfg.demand.peakTargetMw;
    common[12] = this.soc / cfg.battery.capacityMwh;
    common[13] = sc.prices.gridStress[t];
    const o = this.obs;
    o.renewable.set(common);
    o.renewable[COMMON_FEATURES] = this.prevCurtailShare;
    o.renewable[COMMON_FEATURES + 1] = this.prevExportMwh / (cfg.grid.exportLimitMw * ti.stepH || 1);
    o.storage.set(common);
    o.storage[COMMON_FEATURES] =
      (sc.demand.totalBaseMw[t] - sc.renewables.windMw[t] - sc.renewables.pvMw[t]) / cfg.demand.peakTargetMw;
    o.storage[COMMON_FEATURES + 1] = this.prevBatteryMw / (cfg.battery.maxDischargeMw || 1);
    o.consumer.set(common);
    const cal = this.classMeanMw;
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++)
      o.consumer[COMMON_FEATURES + c] = sc.demand.baseMwByClass[c][t] / (2 * cal[c] || 1);
    o.consumer[COMMON_FEATURES + 5] = sc.demand.evUncontrolledMw[t] / 10;
    let backlog = 0;
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) backlog += this.backlog[c];
    o.consumer[COMMON_FEATURES + 6] = backlog / 10;
    o.coordinator.set(common);
    o.coordinator[COMMON_FEATURES] = this.prevClearingPrice / 180;
    o.coordinator[COMMON_FEATURES + 1] = this.prevVolume / 10;
    o.coordinator[COMMON_FEATURES + 2] = this.prevOffered / 10;
    o.coordinator[COMMON_FEATURES + 3] = this.prevBid / 100;
    const tr = o.trading as { shared: Float64Array; marketOpen: boolean };
    tr.shared.set(common);
    tr.shared[COMMON_FEATURES] = this.signal;
    tr.shared[COMMON_FEATURES + 1] = this.marketOpenNow ? 1 : 0;
    tr.marketOpen = this.marketOpenNow;
    const fb = this.forecastBlock;
    if (fb.length > 0) {
      this.writeForecastBlock(t, fb);
      o.renewable.set(fb, COMMON_FEATURES + OWN_FEATURES.renewable);
      o.storage.set(fb, COMMON_FEATURES + OWN_FEATURES.storage);
      o.consumer.set(fb, COMMON_FEATURES + OWN_FEATURES.consumer);
      o.coordinator.set(fb, COMMON_FEATURES + OWN_FEATURES.coordinator);
      tr.shared.set(fb, COMMON_FEATURES + OWN_FEATURES.tradingShared);
    }
  }

  /**
   * The forecast block (agents.ts FORECAST_QUANTITIES) as issued at step t by the env's forecast feed:
   * per quantity, H hourly means of P50 over steps t .. t + 4H - 1 (scaled as the common features), then
   * per quantity the relative sd the quantiles imply, sum(P90 - P10) / (2 z90 sum(P50)) (0 if sum(P50) = 0).
   * Demand is the sum of the six uncontrolled demand forecasts (five profile classes, EV as soon as possible).
   */
  private writeForecastBlock(t: number, out: Float64Array): void {
    const sc = this.sc;
    const cfg = sc.config;
    const hours = this.options.forecastHorizonHours;
    const sph = this.stepsPerHour;
    const steps = hours * sph;
    const nq = FORECAST_QUANTITIES.length;
    const scale = [
      cfg.wind.turbineCount * cfg.wind.turbineRatedMw,
      cfg.solar.totalMwp,
      cfg.demand.peakTargetMw,
      180,
    ];
    const p50 = this.fcP50;
    for (let q = 0; q < nq; q++) {
      p50.fill(0);
      let band = 0;
      let level = 0;
      for (const target of FORECAST_TARGETS[q]) {
        const f = this.feed.forecast(target, steps, t);
        for (let k = 0; k < steps; k++) {
          p50[k] += f.p50[k];
          level += f.p50[k];
          band += f.p90[k] - f.p10[k];
        }
      }
      for (let j = 0; j < hours; j++) {
        let m = 0;
        for (let k = j * sph; k < (j + 1) * sph; k++) m += p50[k];
        out[q * hours + j] = m / sph / (scale[q] || 1);
      }
      out[nq * hours + q] = level > 1e-12 ? band / (2 * Z90 * level) : 0;
    }
  }
  private stepsPerHour = 4;
  /** Summed P50 of one quantity over the look-ahead (sized in bind). */
  private fcP50 = new Float64Array(0);

  private readonly commonBuf = new Float64Array(COMMON_FEATURES);

  private get classMeanMw(): Float64Array {
    if (!this.classMeanCache || this.classMeanFor !== this.sc) {
      const m = new Float64Array(PROFILE_CLASS_COUNT);
      const e = this.sc.entities;
      for (let c = 0; c < PROFILE_CLASS_COUNT; c++)
        for (let i = e.classStart[c]; i < e.classStart[c + 1]; i++) m[c] += e.meanPowerMw[i];
      this.classMeanCache = m;
      this.classMeanFor = this.sc;
    }
    return this.classMeanCache;
  }
  private classMeanCache: Float64Array | null = null;
  private classMeanFor: Scenario | null = null;
}

/**
 * Builds the orders of entities [from, to) of one class: load after DR (deferral d x flexible share,
 * payback pb spread by flexible-capacity weight), self-consumption, then the surplus offered or the
 * need bid at the entity's price position (its default ref[i] + 2 x its action, clipped to [-1, 1])
 * and quantity share (1 for an action >= 0, 1 + action below). Accumulates into acc: [demand, self,
 * PV, deferred, offered, bid, withheld surplus]. rows = [offer rows, bid rows]. Returns the first
 * entity with an invalid action, or -1. (A standalone function: V8 optimises its loop on its own.)
 */
function buildOrders(
  from: number,
  to: number,
  d: number,
  pb: number,
  load: Float64Array,
  pv: Float64Array,
  flexShare: Float64Array,
  flexW: Float64Array,
  ref: Float64Array,
  pp: Float64Array,
  qs: Float64Array,
  floorPrice: number,
  span: number,
  offers: OrderBook,
  bids: OrderBook,
  rows: Int32Array,
  acc: Float64Array,
  tm: ClearingTerms,
  ws: ClearingWorkspace,
): number {
  const oKey = ws.offerKey;
  const supply = ws.supplyMwhByLevel;
  const oCount = ws.offerCountByLevel;
  const bKey = ws.bidKey;
  const demand = ws.demandMwhByLevel;
  const bCount = ws.bidCountByLevel;
  const oP = offers.participant;
  const oQ = offers.quantityMwh;
  const oL = offers.limitPriceUsdPerMwh;
  const bP = bids.participant;
  const bQ = bids.quantityMwh;
  const bL = bids.limitPriceUsdPerMwh;
  let no = rows[0];
  let nb = rows[1];
  let dem = 0;
  let slf = 0;
  let pvs = 0;
  let def = 0;
  let offered = 0;
  let bid = 0;
  let withheld = 0;
  let bad = -1;
  const halfSpan = 0.5 * span;
  for (let i = from; i < to; i++) {
    const base = load[i];
    const cut = base * d * flexShare[i];
    const l = base - cut + pb * flexW[i];
    const g = pv[i];
    def += cut;
    dem += l;
    pvs += g;
    const net = g - l;
    slf += net > 0 ? l : g;
    const a = pp[i];
    const b = qs[i];
    if (!(a >= -1 && a <= 1 && b >= -1 && b <= 1) && bad < 0) bad = i;
    const price = floorPrice + halfSpan * (pricePosition(ref[i], a) + 1);
    const share = oneSidedShare(b);
    if (net > 0) {
      const q = net * share;
      withheld += net - q;
      if (q > 0) {
        recordLevel(oKey, supply, oCount, no, offerLevel(tm, price), q);
        oP[no] = i;
        oQ[no] = q;
        oL[no] = price;
        no++;
        offered += q;
      }
    } else if (net < 0) {
      const q = -net * share;
      if (q > 0) {
        recordLevel(bKey, demand, bCount, nb, bidLevel(tm, price), q);
        bP[nb] = i;
        bQ[nb] = q;
        bL[nb] = price;
        nb++;
        bid += q;
      }
    }
  }
  rows[0] = no;
  rows[1] = nb;
  acc[0] = dem;
  acc[1] = slf;
  acc[2] = pvs;
  acc[3] = def;
  acc[4] = offered;
  acc[5] = bid;
  acc[6] = withheld;
  return bad;
}

/**
 * buildOrders for a class without PV (every member needs energy, so it only bids): the same
 * arithmetic without the PV and offer branches (residential consumers are two thirds of the city).
 */
function buildBidsOnly(
  from: number,
  to: number,
  d: number,
  pb: number,
  load: Float64Array,
  _pv: Float64Array,
  flexShare: Float64Array,
  flexW: Float64Array,
  ref: Float64Array,
  pp: Float64Array,
  qs: Float64Array,
  floorPrice: number,
  span: number,
  _offers: OrderBook,
  bids: OrderBook,
  rows: Int32Array,
  acc: Float64Array,
  tm: ClearingTerms,
  ws: ClearingWorkspace,
): number {
  const bKey = ws.bidKey;
  const demand = ws.demandMwhByLevel;
  const bCount = ws.bidCountByLevel;
  const bP = bids.participant;
  const bQ = bids.quantityMwh;
  const bL = bids.limitPriceUsdPerMwh;
  let nb = rows[1];
  let dem = 0;
  let def = 0;
  let bid = 0;
  let bad = -1;
  const halfSpan = 0.5 * span;
  for (let i = from; i < to; i++) {
    const base = load[i];
    const cut = base * d * flexShare[i];
    const l = base - cut + pb * flexW[i];
    def += cut;
    dem += l;
    const a = pp[i];
    const b = qs[i];
    if (!(a >= -1 && a <= 1 && b >= -1 && b <= 1) && bad < 0) bad = i;
    const q = l * oneSidedShare(b);
    if (q > 0) {
      const price = floorPrice + halfSpan * (pricePosition(ref[i], a) + 1);
      recordLevel(bKey, demand, bCount, nb, bidLevel(tm, price), q);
      bP[nb] = i;
      bQ[nb] = q;
      bL[nb] = price;
      nb++;
      bid += q;
    }
  }
  rows[1] = nb;
  acc[0] = dem;
  acc[3] = def;
  acc[5] = bid;
  return bad;
}

/**
 * settleRows over the filled rows only, from the clearing's gathered positions: position k holds
 * book row rows[k] (ascending), its traded energy fill[k], cash cash[k] and owner who[k]; the
 * class of a row is found by walking `rowStart`; per-class filled energy goes to out[class].
 */
function settleFilledRows(
  rows: Int32Array,
  n: number,
  fill: Float64Array,
  cash: Float64Array,
  q: Float64Array,
  who: Int32Array,
  rowStart: Int32Array,
  out: Float64Array,
  priceTerm: number,
  cashSign: number,
  track: boolean,
  ben: Float64Array,
  j: Float64Array,
): void {
  let sx = 0;
  let sxx = 0;
  let c = 0;
  let end = rowStart[1];
  let s = 0;
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    while (i >= end) {
      out[c] = s;
      s = 0;
      c++;
      end = rowStart[c + 1];
    }
    const f = fill[k];
    s += f;
    const x = f / q[i];
    sx += x;
    sxx += x * x;
    if (track) ben[who[k]] += priceTerm * f + cashSign * cash[k];
  }
  out[c] = s;
  for (let cc = c + 1; cc < rowStart.length - 1; cc++) out[cc] = 0;
  j[0] += sx;
  j[1] += sxx;
}

/**
 * Rows [from, to) of one side: returns the filled energy; adds fill ratios x, x^2 to j[0], j[1]; if
 * `track`, adds each row's benefit priceTerm x fill + cashSign x cash to its participant (seller:
 * revenue - feed-in x fill; buyer: retail x fill - cost).
 */
function settleRows(
  fill: Float64Array,
  cash: Float64Array,
  q: Float64Array,
  who: Int32Array,
  from: number,
  to: number,
  priceTerm: number,
  cashSign: number,
  track: boolean,
  ben: Float64Array,
  j: Float64Array,
): number {
  let s = 0;
  let sx = 0;
  let sxx = 0;
  for (let k = from; k < to; k++) {
    const f = fill[k];
    s += f;
    const x = f / q[k];
    sx += x;
    sxx += x * x;
    if (track && f > 0) ben[who[k]] += priceTerm * f + cashSign * cash[k];
  }
  j[0] += sx;
  j[1] += sxx;
  return s;
}

/** load[i] = meanPowerMw[i] x profiles[offset[i] + t] x h and net[i] = -load[i], for i in [from, to). */
function profileLoads(
  from: number,
  to: number,
  mean: Float64Array,
  off: Int32Array,
  prof: Float64Array,
  t: number,
  h: number,
  load: Float64Array,
  net: Float64Array,
): void {
  for (let i = from; i < to; i++) {
    const l = mean[i] * prof[off[i] + t] * h;
    load[i] = l;
    net[i] = -l;
  }
}

/** profileLoads and pvOutputs in one pass over prosumers [from, to): net[i] = pv[i] - load[i]. */
function prosumerLoadsAndPv(
  from: number,
  to: number,
  e: EntityTable,
  prof: Float64Array,
  t: number,
  h: number,
  pvStep: Float64Array,
  load: Float64Array,
  pv: Float64Array,
  net: Float64Array,
): void {
  const mean = e.meanPowerMw;
  const off = e.profileOffset;
  const mwp = e.pvMwp;
  const orient = e.pvOrientation;
  for (let i = from; i < to; i++) {
    const l = mean[i] * prof[off[i] + t] * h;
    const g = mwp[i] * pvStep[orient[i] + 1];
    load[i] = l;
    pv[i] = g;
    net[i] = g - l;
  }
}

/** pv[i] = MWp x per-unit energy of its orientation (pvStep[orientation + 1]); net[i] += pv[i]. */
function pvOutputs(
  from: number,
  to: number,
  mwp: Float64Array,
  orient: Int32Array,
  pvStep: Float64Array,
  pv: Float64Array,
  net: Float64Array,
): void {
  for (let i = from; i < to; i++) {
    const g = mwp[i] * pvStep[orient[i] + 1];
    pv[i] = g;
    net[i] += g;
  }
}

/** Adds each active session's full-power energy of the step to its station's load. */
function evAsapLoads(
  active: Int32Array,
  count: number,
  station: Int32Array,
  maxPowerMw: Float64Array,
  remaining: Float64Array,
  h: number,
  evFrom: number,
  load: Float64Array,
): void {
  for (let j = 0; j < count; j++) {
    const i = active[j];
    const e = maxPowerMw[i] * h;
    load[evFrom + station[i]] += remaining[i] < e ? remaining[i] : e;
  }
}

/** ref[i] = defaultPriceAction(net[i], pref[i]) for every entity (the trading actions' zero point). */
function defaultPriceActions(n: number, net: Float64Array, pref: Float64Array, ref: Float64Array): void {
  for (let i = 0; i < n; i++) ref[i] = defaultPriceAction(net[i], pref[i]);
}

function negateInto(from: number, to: number, a: Float64Array, out: Float64Array): void {
  for (let i = from; i < to; i++) out[i] = -a[i];
}

/** Component k of an agent's action mapped from [-1, 1] to [0, 1] (throws on NaN or out of range). */
function unit(a: Float64Array, k: number, agent: string): number {
  return 0.5 * (bounded(a, k, agent) + 1);
}

function bounded(a: Float64Array, k: number, agent: string): number {
  const x = a[k];
  if (!(x >= -1 && x <= 1)) {
    throw new ConfigError(
      `must be a number in [-1, 1], got ${x}`,
      `actions.${agent}[${k}]`,
      "actions are normalised; clip the policy's output",
    );
  }
  return x;
}

/** The forecast feed's targets summed into each forecast quantity (agents.ts FORECAST_QUANTITIES order). */
const FORECAST_TARGETS: readonly (readonly Seed000Target[])[] = [
  ["wind"],
  ["pv"],
  [
    "demand.residential",
    "demand.prosumer",
    "demand.commercial",
    "demand.industrial",
    "demand.municipal",
    "demand.ev",
  ],
  ["price"],
];

function checkForecastSource(s: ObservationForecastSource): void {
  const kinds = ["noisy", "perfect", "accuracy"];
  if (!s || !kinds.includes(s.kind))
    throw new ConfigError(
      `unknown kind ${JSON.stringify(s?.kind)}`,
      "CityEnvOptions.forecastSource.kind",
      `one of ${kinds.join(", ")}`,
    );
  if (s.kind === "accuracy" && !(s.accuracy >= 0 && s.accuracy <= 1))
    throw new ConfigError(`must be in [0, 1], got ${s.accuracy}`, "CityEnvOptions.forecastSource.accuracy");
  if (s.kind !== "perfect" && s.seed !== undefined && !Number.isInteger(s.seed))
    throw new ConfigError(`must be an integer, got ${s.seed}`, "CityEnvOptions.forecastSource.seed");
}

function badEntityAction(i: number, a: number, b: number): never {
  throw new ConfigError(
    `must be numbers in [-1, 1], got pricePosition ${a}, quantityShare ${b}`,
    `actions.trading[entity ${i}]`,
    "actions are normalised; clip the policy's output",
  );
}
