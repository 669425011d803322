import { ConfigError } from "../../../../lib/core/errors";
import { CityEnv } from "../../../../lib/papers/s000/env/cityEnv";
import { runRulePolicyEpisode } from "../../../../lib/papers/s000/env/runEpisode";
import { DEFAULT_CITY_CONFIG, withHorizon } from "../../../../lib/papers/s000/world/cityConfig";
import { PROFILE_CLASS_COUNT } from "../../../../lib/papers/s000/world/entityClasses";
import { generateScenario, type Scenario } from "../../../../lib/papers/s000/world/scenario";
import { withStress } from "../../../../lib/papers/s000/world/stress";
import { worstFlowResidual } from "../../../helpers/flowIdentities";

/** Independent sum: a class's base load at step t from every entity's own profile read. */
function entitySum(sc: Scenario, c: number, t: number): number {
  const e = sc.entities;
  let s = 0;
  for (let i = e.classStart[c]; i < e.classStart[c + 1]; i++)
    s += e.meanPowerMw[i] * sc.demand.profiles[e.profileOffset[i] + t];
  return s;
}

// Two days in June; the event covers steps 40-140 (10:00 day 1 to 11:00 day 2).
let sc: Scenario;
const from = 40;
const to = 140;
beforeAll(() => {
  sc = generateScenario(withHorizon(DEFAULT_CITY_CONFIG, 2, 160), 2026);
});

describe("withStress", () => {
  it("scales wind and PV by the factor inside the window and leaves them untouched outside", () => {
    const st = withStress(sc, { fromStep: from, toStep: to, pvFactor: 0.3, windFactor: 0.6 });
    const n = sc.time.length;
    for (let t = 0; t < n; t++) {
      const inside = t >= from && t < to;
      expect(st.renewables.windMw[t]).toBe(inside ? sc.renewables.windMw[t] * 0.6 : sc.renewables.windMw[t]);
      expect(st.renewables.pvMw[t]).toBe(inside ? sc.renewables.pvMw[t] * 0.3 : sc.renewables.pvMw[t]);
      for (let o = 0; o < sc.renewables.pvPerUnitByOrientation.length; o++)
        expect(st.renewables.pvPerUnitByOrientation[o][t]).toBe(
          sc.renewables.pvPerUnitByOrientation[o][t] * (inside ? 0.3 : 1),
        );
      // rooftop + community still sums to the total
      expect(st.renewables.rooftopPvMw[t] + st.renewables.communityPvMw[t]).toBeCloseTo(
        st.renewables.pvMw[t],
        9,
      );
    }
    // the input scenario is not modified, demand untouched
    expect(st.demand).toBe(sc.demand);
    expect(st.renewables.windMw).not.toBe(sc.renewables.windMw);
  });

  it("scales the demand aggregates by the factor inside the window (edges: per-entity shifts) and keeps them the entity sums", () => {
    const f = 1.35;
    const st = withStress(sc, { fromStep: from, toStep: to, demandFactor: f });
    const pad = sc.demand.pad;
    expect(pad).toBeGreaterThan(0);
    const n = sc.time.length;
    for (let c = 0; c < PROFILE_CLASS_COUNT; c++) {
      for (let t = 0; t < n; t++) {
        const o = sc.demand.baseMwByClass[c][t];
        const s = st.demand.baseMwByClass[c][t];
        const fo = sc.demand.flexibleMwByClass[c][t];
        const fs = st.demand.flexibleMwByClass[c][t];
        if (t >= from + pad && t < to - pad) {
          expect(s).toBeCloseTo(f * o, 8);
          expect(fs).toBeCloseTo(f * fo, 8);
        } else if (t < from - pad || t >= to + pad) {
          expect(s).toBe(o);
          expect(fs).toBe(fo);
        } else {
          // edge: between the original and the scaled value
          expect(s).toBeGreaterThanOrEqual(o - 1e-9);
          expect(s).toBeLessThanOrEqual(f * o + 1e-9);
        }
      }
      // the aggregates are what the env's entities read, at every step incl. the edges
      for (const t of [0, from - 2, from, from + 1, to - 1, to, to + 3, n - 1])
        expect(st.demand.baseMwByClass[c][t]).toBeCloseTo(entitySum(st, c, t), 8);
    }
    for (let t = 0; t < n; t++) {
      let s = st.demand.evUncontrolledMw[t];
      for (let c = 0; c < PROFILE_CLASS_COUNT; c++) s += st.demand.baseMwByClass[c][t];
      expect(st.demand.totalBaseMw[t]).toBeCloseTo(s, 9);
    }
  });

  it("keeps the env's energy conservation and raises unserved load when demand exceeds a tight import limit", () => {
    const plain = withStress(sc, { fromStep: from, toStep: to, importLimitMw: 150 });
    const hot = withStress(sc, { fromStep: from, toStep: to, demandFactor: 1.35, importLimitMw: 150 });
    const a = runRulePolicyEpisode(new CityEnv(plain), sc.seed);
    const b = runRulePolicyEpisode(new CityEnv(hot), sc.seed);
    expect(worstFlowResidual(a.flows, a.steps)).toBeLessThan(1e-9);
    expect(worstFlowResidual(b.flows, b.steps)).toBeLessThan(1e-9);
    const sum = (x: Float64Array) => x.reduce((p, v) => p + v, 0);
    expect(sum(b.flows.demandMwh)).toBeGreaterThan(sum(a.flows.demandMwh));
    expect(sum(b.flows.unservedMwh)).toBeGreaterThan(sum(a.flows.unservedMwh));
    // before the event the two runs are the same city
    for (let t = 0; t < from - sc.demand.pad; t++) expect(b.flows.demandMwh[t]).toBe(a.flows.demandMwh[t]);
  });

  it("rejects a window outside the horizon and a negative factor, naming the field", () => {
    expect(() => withStress(sc, { fromStep: 10, toStep: 10 })).toThrow(ConfigError);
    expect(() => withStress(sc, { fromStep: 0, toStep: sc.time.length + 1 })).toThrow(/fromStep\/toStep/);
    expect(() => withStress(sc, { fromStep: 0, toStep: 5, pvFactor: -0.1 })).toThrow(/pvFactor/);
  });
});
