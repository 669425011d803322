// One run of bench/city-year.ts, in plain Node on the compiled library (dist/), as
// `npm run experiments` runs it. Prints one JSON line. Usage: node bench/city-year-run.cjs SEED
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist");
const { DEFAULT_CITY_CONFIG } = require(path.join(dist, "city", "cityConfig"));
const { generateScenario } = require(path.join(dist, "city", "scenario"));
const { CityEnv } = require(path.join(dist, "sim", "cityEnv"));
const { runRulePolicyEpisode } = require(path.join(dist, "sim", "runEpisode"));

const seed = Number(process.argv[2]);
let t0 = performance.now();
const sc = generateScenario(DEFAULT_CITY_CONFIG, seed);
const scenarioSeconds = (performance.now() - t0) / 1000;
const env = new CityEnv(sc);
t0 = performance.now();
const res = runRulePolicyEpisode(env, sc.seed);
const episodeSeconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    seed,
    scenarioSeconds,
    episodeSeconds,
    entities: env.entityCount,
    steps: res.steps,
    marketSteps: res.marketSteps,
    trades: res.trades,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
