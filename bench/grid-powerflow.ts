/** Bench: one IEEE 33-bus sweep solve (flat start) and a year of 35,040 warm-started 15-min solves. */
import { STEPS_PER_DAY, STEPS_PER_YEAR } from "../lib/core/time";
import { loadFeeder } from "../lib/grid/feederData";
import { buildRadialNetwork } from "../lib/grid/radialNetwork";
import { RadialSweepSolver } from "../lib/grid/sweep";
import { solveFeederSeries } from "../lib/grid/timeSeries";
import { cityFeederVoltages } from "../lib/papers/s000/world/cityFeeder";
import { machine, summarise } from "./util";

const net = buildRadialNetwork(loadFeeder("ieee33bw"));
const solver = new RadialSweepSolver(net);

// one solve from a flat start at the published base case (tolerance 1e-10 pu)
const reps = 2000;
const single: number[] = [];
for (let r = 0; r < 30; r++) {
  const t0 = performance.now();
  for (let k = 0; k < reps; k++) {
    solver.flatStart();
    solver.solveNet(net.pLoadMw, net.qLoadMvar);
  }
  single.push(((performance.now() - t0) / reps) * 1000);
}

// a year: daily load shape 0.4..1.0 of the published peak with PV at midday (up to 60 % of load)
const year: number[] = [];
let iters = 0;
const fill = (t: number, p: Float64Array, q: Float64Array) => {
  const h = ((t % STEPS_PER_DAY) + 0.5) / 4;
  const load = 0.7 - 0.3 * Math.cos((2 * Math.PI * (h - 3)) / 24) + 0.02 * Math.sin(t * 0.37);
  const pv = h > 6 && h < 18 ? 0.6 * Math.sin((Math.PI * (h - 6)) / 12) : 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = net.pLoadMw[i] * (load - pv);
    q[i] = net.qLoadMvar[i] * load;
  }
};
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  const s = solveFeederSeries(net, STEPS_PER_YEAR, fill);
  year.push((performance.now() - t0) / 1000);
  iters = s.iterations.reduce((a, b) => a + b, 0) / STEPS_PER_YEAR;
}

// the city mapping: a year of city series onto K = 49 feeders with 3 distinct shares (3 solves per step)
const h = (t: number) => ((t % STEPS_PER_DAY) + 0.5) / 4;
const loadMw = Float64Array.from(
  { length: STEPS_PER_YEAR },
  (_, t) => 120 - 50 * Math.cos((2 * Math.PI * (h(t) - 3)) / 24),
);
const pvMw = Float64Array.from({ length: STEPS_PER_YEAR }, (_, t) =>
  h(t) > 6 && h(t) < 18 ? 85 * 0.8 * Math.sin((Math.PI * (h(t) - 6)) / 12) : 0,
);
const batteryMw = Float64Array.from({ length: STEPS_PER_YEAR }, (_, t) =>
  h(t) >= 17 && h(t) < 21 ? 30 : h(t) >= 10 && h(t) < 14 ? -30 : 0,
);
const evMw = Float64Array.from({ length: STEPS_PER_YEAR }, (_, t) => (h(t) >= 18 && h(t) < 23 ? 15 : 3));
const shares = Array.from({ length: 49 }, (_, k) => (k < 10 ? 1.2 : k < 20 ? 0.8 : 1) / 49);
const city: number[] = [];
let cityMaxDev = 0;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const res = cityFeederVoltages(
    { loadMw, pvMw, batteryMw, evMw },
    { feederCount: 49, feederShares: shares },
  );
  city.push((performance.now() - t0) / 1000);
  cityMaxDev = Math.max(...res.maxDeviationPct);
}

console.log(
  JSON.stringify({
    cityYearK49ThreeDistinctFeedersS: summarise(city),
    cityMaxDeviationPct: cityMaxDev,
    bench: "grid-powerflow",
    singleSolveUs: summarise(single),
    singleSolveTargetUs: 50,
    yearOf35040SolvesS: summarise(year),
    yearTargetS: 3,
    meanIterationsPerStep: iters,
    tolerancePu: { single: 1e-10, year: 1e-8 },
    machine: machine(),
  }),
);
