/**
 * The energy problem's aggregate evaluator against the entity-level CityEnv (one summer day), its
 * histogram clearing against lib/market's double auction on individual orders, and the reference
 * decision against the lead's rule policy.
 */

import { createRng } from "../../../../lib/core/rng";
import { DEFAULT_MARKET_CONFIG } from "../../../../lib/market/config";
import { ClearingWorkspace, clearDoubleAuction } from "../../../../lib/market/doubleAuction";
import { createOrderBook } from "../../../../lib/market/orderBook";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import {
  buildEnergyEvalData,
  ClearingScratch,
  clearHistograms,
  ENERGY_VARIABLES,
  type EnergyEvalData,
  energyOutcome,
  energyPolicyFor,
  energyProblem,
  evaluateEnergyOnEnv,
  referenceEnergyDecision,
} from "../../../../lib/papers/s000/env/energyProblem";
import { rulePolicyFor } from "../../../../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";

let sc: Scenario;
let data: EnergyEvalData;

beforeAll(() => {
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 1, 196), 7);
  data = buildEnergyEvalData([sc], { bins: 32 });
}, 60_000);

function randomDecision(seed: number): Float64Array {
  const rng = createRng(seed, "test", "energy-x");
  return Float64Array.from(ENERGY_VARIABLES, (v) => rng.uniform(v.lower, v.upper));
}

describe("aggregate evaluator vs CityEnv", () => {
  test.each([
    ["reference", () => referenceEnergyDecision()],
    ["random", () => randomDecision(1)],
  ])(
    "%s decision: physics terms equal, fairness close",
    (_label, make) => {
      const x = make();
      const a = energyOutcome(data, x);
      const e = evaluateEnergyOnEnv([sc], x);
      // econ (cost incl. P2P fees), renew, stability, carbon: the routing is the env's, so equal up to
      // the fees of a slightly different P2P volume (6 USD/MWh).
      expect(Math.abs(a.terms[0] - e.terms[0])).toBeLessThan(1e-2 * Math.abs(e.terms[0]));
      for (const k of [1, 2, 3]) expect(a.terms[k]).toBeCloseTo(e.terms[k], 6);
      expect(a.curtailedMwh).toBeCloseTo(e.curtailedMwh, 4);
      expect(a.gridPurchaseMwh).toBeCloseTo(e.gridPurchaseMwh, 4);
      expect(Math.abs(a.costUsd - e.costUsd) / Math.abs(e.costUsd)).toBeLessThan(1e-3);
      expect(Math.abs(a.terms[4] - e.terms[4])).toBeLessThan(0.02);
    },
    30_000,
  );
});

describe("reference decision", () => {
  test("gives the rule policy's actions step by step", () => {
    const env = new CityEnv(sc, { trackBenefits: false });
    const rule = rulePolicyFor(env);
    const mine = energyPolicyFor(env, referenceEnergyDecision());
    let obs = env.reset(sc.seed);
    for (let t = 0; t < 48; t++) {
      const a = rule(obs);
      const snapshot = {
        r: Array.from(a.renewable),
        s: Array.from(a.storage),
        c: Array.from(a.consumer),
        k: Array.from(a.coordinator),
        p: obs.trading.marketOpen ? Array.from(a.trading.pricePosition.subarray(0, 2000)) : [],
      };
      const b = mine(obs);
      expect(Array.from(b.renewable)).toEqual(snapshot.r);
      expect(Array.from(b.storage)).toEqual(snapshot.s);
      expect(Array.from(b.consumer)).toEqual(snapshot.c);
      expect(Array.from(b.coordinator)).toEqual(snapshot.k);
      if (obs.trading.marketOpen) {
        const got = Array.from(b.trading.pricePosition.subarray(0, 2000));
        got.forEach((v, i) => {
          expect(v).toBeCloseTo(snapshot.p[i], 12);
        });
      }
      obs = env.step(b).observations;
    }
  }, 30_000);
});

describe("histogram clearing vs lib/market on individual orders", () => {
  test.each([
    [0.1, 0.4, 0.5, 0.5],
    [0.2, 0.6, 0.3, 0.6],
    [0.5, 0, 0.6, 0],
    [0.9, 0.1, 0.2, 0.3],
  ])("ask %f + %f p, bid %f + %f p", (aLo, aW, bLo, bW) => {
    const rng = createRng(3, "test", "histogram", aLo, bLo);
    const K = 256;
    const nS = 300;
    const nB = 900;
    const feedIn = 40;
    const retail = 100;
    const S = retail - feedIn;
    const offers = createOrderBook(nS);
    const bids = createOrderBook(nB);
    const oQ = new Float64Array(K);
    const oN = new Float64Array(K);
    const bQ = new Float64Array(K);
    const bN = new Float64Array(K);
    const clip = (v: number) => Math.min(1, Math.max(0, v));
    for (let i = 0; i < nS; i++) {
      const p = rng.next();
      const q = 0.001 + 0.01 * rng.next();
      offers.participant[i] = i;
      offers.quantityMwh[i] = q;
      offers.limitPriceUsdPerMwh[i] = feedIn + S * clip(aLo + aW * p);
      const k = Math.floor(p * K);
      oQ[k] += q;
      oN[k] += 1;
    }
    offers.n = nS;
    for (let j = 0; j < nB; j++) {
      const p = rng.next();
      const q = 0.001 + 0.005 * rng.next();
      bids.participant[j] = nS + j;
      bids.quantityMwh[j] = q;
      bids.limitPriceUsdPerMwh[j] = feedIn + S * clip(bLo + bW * p);
      const k = Math.floor(p * K);
      bQ[k] += q;
      bN[k] += 1;
    }
    bids.n = nB;
    const r = clearDoubleAuction(
      offers,
      bids,
      DEFAULT_MARKET_CONFIG,
      { step: 0, feedInPriceUsdPerMwh: feedIn, retailPriceUsdPerMwh: retail },
      new ClearingWorkspace(),
    );
    // Jain index of the fill ratios, computed here from the market's own fills.
    let sx = 0;
    let sxx = 0;
    for (let i = 0; i < nS; i++) {
      const x = r.offerFilledMwh[i] / offers.quantityMwh[i];
      sx += x;
      sxx += x * x;
    }
    for (let j = 0; j < nB; j++) {
      const x = r.bidFilledMwh[j] / bids.quantityMwh[j];
      sx += x;
      sxx += x * x;
    }
    const jain = sxx > 0 ? (sx * sx) / ((nS + nB) * sxx) : 0;
    const fee = DEFAULT_MARKET_CONFIG.gridUsageFeeUsdPerMwh + DEFAULT_MARKET_CONFIG.platformFeeUsdPerMwh;
    const s = new ClearingScratch(K);
    clearHistograms(oQ, oN, bQ, bN, 0, K, S, fee, DEFAULT_MARKET_CONFIG.tickUsdPerMwh, aLo, aW, bLo, bW, s);
    const totalOffered = oQ.reduce((a, b) => a + b, 0);
    expect(Math.abs(s.volume - r.volumeMwh)).toBeLessThan(0.02 * totalOffered);
    expect(Math.abs(s.fairness - jain)).toBeLessThan(0.02);
  });
});

describe("energyProblem", () => {
  test("ten bounded variables, five objectives, deterministic", () => {
    const p = energyProblem(data);
    expect(p.nVar).toBe(10);
    expect(p.nObj).toBe(5);
    const X = [referenceEnergyDecision(), randomDecision(5)];
    const a = p.evaluate(X).F;
    const b = p.evaluate(X).F;
    expect(a.map((f) => Array.from(f))).toEqual(b.map((f) => Array.from(f)));
    for (let j = 0; j < p.nVar; j++) {
      expect(p.lower[j]).toBeLessThanOrEqual(ENERGY_VARIABLES[j].reference);
      expect(p.upper[j]).toBeGreaterThanOrEqual(ENERGY_VARIABLES[j].reference);
    }
  });
});
