import { createRng } from "../../lib/core/rng";
import { PoolClearing, type PoolPeriod, poolSettlementMinutes } from "../../lib/market/poolClearing";

/** A seeded city of `n` participants over `steps` intervals: nets in MWh, some exactly zero, some tiny. */
function nets(n: number, steps: number, seed: number): Float64Array[] {
  const rng = createRng(seed, "test", "pool");
  return Array.from({ length: steps }, () =>
    Float64Array.from({ length: n }, () => {
      const u = rng.next();
      if (u < 0.2) return 0; // idle meter
      if (u < 0.25) return rng.uniform(-4e-7, 4e-7); // below 1 Wh
      return rng.normal(0, 0.01);
    }),
  );
}

function runPool(series: Float64Array[], periodSteps: number, record = true): PoolPeriod[] {
  const n = series[0].length;
  const pool = new PoolClearing(n, { periodSteps, recordPositions: record });
  const out: PoolPeriod[] = [];
  series.forEach((x, t) => {
    const p = pool.addInterval(x, 150 + t, 40 + (t % 3));
    if (p) out.push(p);
  });
  const last = pool.flush();
  if (last) out.push(last);
  return out;
}

describe("PoolClearing (centralised clearing: one uniform price per settlement period)", () => {
  const N = 300;
  const T = 13; // an odd number of intervals: the last 30-min period is half full
  const series = nets(N, T, 7);

  it("settles every participant's net position once per period; the count is an independent count of non-zero sums", () => {
    const periods = runPool(series, 2);
    expect(periods.map((p) => p.intervals)).toEqual([2, 2, 2, 2, 2, 2, 1]);
    let total = 0;
    for (const p of periods) {
      // independent: sum the nets of the period per entity, round to 1 Wh, count non-zero
      const expected: number[] = [];
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let t = p.firstInterval; t < p.firstInterval + p.intervals; t++) s += series[t][i];
        const q = Math.round(s * 1e6) / 1e6;
        if (q !== 0) expected.push(i);
      }
      expect(p.transactions).toBe(expected.length);
      expect(Array.from(p.entities ?? [])).toEqual(expected); // each participant once, ascending
      expect(p.sellers + p.buyers).toBe(p.transactions);
      total += p.transactions;
    }
    const pool = new PoolClearing(N, { periodSteps: 2 });
    for (const x of series) pool.addInterval(x, 100, 50);
    pool.flush();
    expect(pool.transactions).toBe(total);
    expect(pool.periods).toBe(7);
  });

  it("money balances: participants' net payment equals the operator's grid payment at the period price", () => {
    for (const p of runPool(series, 2)) {
      const receipts = Array.from(p.receiptUsd ?? []).reduce((a, b) => a + b, 0);
      expect(-receipts).toBeCloseTo(p.participantsNetPayUsd, 9);
      expect(p.participantsNetPayUsd).toBeCloseTo(p.operatorGridPayUsd, 9);
      const energy = Array.from(p.positionMwh ?? []).reduce((a, b) => a + b, 0);
      expect(energy).toBeCloseTo(p.soldMwh - p.boughtMwh, 12);
      // marginal pricing: the side the pool is on sets the price (mean of the period's prices)
      const t0 = p.firstInterval;
      const steps = Array.from({ length: p.intervals }, (_, k) => t0 + k);
      const imp = steps.reduce((a, t) => a + 150 + t, 0) / p.intervals;
      const exp = steps.reduce((a, t) => a + 40 + (t % 3), 0) / p.intervals;
      expect(p.priceUsdPerMwh).toBeCloseTo(p.boughtMwh >= p.soldMwh ? imp : exp, 12);
    }
  });

  it("a longer settlement period nets more intervals per participant: fewer transactions", () => {
    const count = (k: number) => runPool(series, k, false).reduce((a, p) => a + p.transactions, 0);
    const c1 = count(1);
    const c2 = count(2);
    const c4 = count(4);
    expect(c1).toBeGreaterThan(c2);
    expect(c2).toBeGreaterThan(c4);
    // upper bound: a participant settles at most once per period
    expect(c2).toBeLessThanOrEqual(N * Math.ceil(T / 2));
  });

  it("intervals without positions (market closed) add no transactions but count towards the period", () => {
    const pool = new PoolClearing(3, { periodSteps: 2, recordPositions: true });
    expect(pool.addInterval(null, 100, 50)).toBeNull();
    const p = pool.addInterval([0.5, -0.25, 0], 200, 60);
    expect(p?.transactions).toBe(2);
    expect(p?.priceUsdPerMwh).toBe(55); // the pool exports: mean export price
    expect(p?.marginal).toBe("export");
    expect(Array.from(p?.receiptUsd ?? [])).toEqual([27.5, -13.75]);
    expect(pool.flush()).toBeNull();
    expect(() => new PoolClearing(3, { periodSteps: 0 })).toThrow(/periodSteps/);
    expect(() => pool.addInterval([1], 1, 1)).toThrow(/3 participants/);
  });

  it("settlement time: mean wait for the period close plus the stages", () => {
    const stages = [
      { stage: "a", minutes: 4, basis: "x" },
      { stage: "b", minutes: 1.5, basis: "y" },
    ];
    expect(poolSettlementMinutes(2, 15, stages)).toEqual({
      waitForPeriodCloseMin: 7.5,
      stagesMin: 5.5,
      totalMin: 13,
    });
    expect(poolSettlementMinutes(1, 15, stages).waitForPeriodCloseMin).toBe(0);
    expect(poolSettlementMinutes(4, 15, stages).totalMin).toBeGreaterThan(13);
  });
});
