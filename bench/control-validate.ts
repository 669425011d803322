/**
 * MADDPG settings on the arbitrage validation day (lib/control/batteryArbitrageEnv.ts, LP optimum known):
 * for every candidate, the share of the LP optimum the trained (last, noise-free) policy earns on each seed,
 * episodes run, env and gradient steps, wall time. JSON on stdout. The candidate "file" is the setting of
 * data/control/s000-maddpg.yaml (the city's); the others are the search around it (ADR 0701 "Validated
 * settings"). Every candidate runs with the file's validation budget unless it says otherwise.
 * --episodes 150,250,400 runs every candidate at each of these budgets (warm-up and schedules scale with it).
 *   npx tsx bench/control-validate.ts [--only name,name] [--seeds 1,2,3,4,5] [--episodes 250] [--agents 1]
 */
import {
  arbitrageDayTask,
  arbitrageOptimumUsd,
  validateOnArbitrageDay,
} from "../lib/control/batteryArbitrageEnv";
import { type MaddpgBudget, type MaddpgSettings, parseMaddpgSettings } from "../lib/control/maddpgSettings";
import { nnBackend } from "../lib/nn/gemm";
import {
  S000_MADDPG,
  S000_MADDPG_SETTINGS_FILE,
  validationBudget,
} from "../lib/papers/s000/agents/cityTraining";
import { machine } from "./util";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]> };

interface Candidate {
  readonly name: string;
  readonly note: string;
  readonly settings?: DeepPartial<MaddpgSettings>;
  readonly budget?: Partial<MaddpgBudget>;
}

const constant = (x: number) => ({ schedule: "constant" as const, initial: x, final: x, decayFraction: 1 });
const cosine = (a: number, b: number) => ({
  schedule: "cosine" as const,
  initial: a,
  final: b,
  decayFraction: 1,
});

/**
 * The search's common base (explicit, so the evidence does not move when the file does): the arbitrage
 * test's settings before the validated settings (rates 3e-4 / 3e-3 constant, noise 0.5 -> 0.05 linear over 70 % of the
 * post-warm-up budget, 2 gradient steps per env step, 64-64, batch 64, warm-up 15 % of the budget).
 */
const BASE: MaddpgSettings = {
  actorLr: constant(3e-4),
  criticLr: constant(3e-3),
  noise: {
    kind: "gaussian",
    theta: 0.15,
    sigma: { schedule: "linear", initial: 0.5, final: 0.05, decayFraction: 0.7 },
  },
  gradientStepsPerEnvStep: 2,
  batchSize: 64,
  actorHidden: [64, 64],
  criticHidden: [64, 64],
  tau: 0.005,
  gamma: 0.99,
  bufferSize: 1_000_000,
  warmupFraction: 0.15,
  preActivationL2: 1e-3,
  gradClipNorm: 0.5,
};
const PAPER_RATES = { actorLr: constant(1e-4), criticLr: constant(1e-3) };

/** The search, in the order it was run (ADR 0701 "Validated settings"); `fromFile` candidates start from the file. */
const CANDIDATES: readonly (Candidate & { fromFile?: boolean })[] = [
  { name: "file", note: "data/control/s000-maddpg.yaml as it is (the city's setting)", fromFile: true },
  {
    name: "city-before",
    note: "the city's settings before the validated settings: paper rates 1e-4/1e-3, 1 gradient step per env step, constant noise 0.1",
    settings: {
      ...PAPER_RATES,
      noise: { kind: "gaussian", sigma: constant(0.1) },
      gradientStepsPerEnvStep: 1,
    },
  },
  { name: "test-before", note: "the base: the arbitrage test's settings before the validated settings" },
  {
    name: "cosine-2-grad",
    note: "the first guess: rates 3e-4/3e-3 with cosine decay to a tenth over the budget",
    settings: { actorLr: cosine(3e-4, 3e-5), criticLr: cosine(3e-3, 3e-4) },
  },
  {
    name: "cosine-1-grad",
    note: "cosine-2-grad with 1 gradient step per env step",
    settings: { actorLr: cosine(3e-4, 3e-5), criticLr: cosine(3e-3, 3e-4), gradientStepsPerEnvStep: 1 },
  },
  {
    name: "linear-2-grad",
    note: "cosine-2-grad with linear instead of cosine decay",
    settings: {
      actorLr: { ...cosine(3e-4, 3e-5), schedule: "linear" },
      criticLr: { ...cosine(3e-3, 3e-4), schedule: "linear" },
    },
  },
  {
    name: "cosine-const-noise",
    note: "cosine-2-grad with constant noise 0.1",
    settings: {
      actorLr: cosine(3e-4, 3e-5),
      criticLr: cosine(3e-3, 3e-4),
      noise: { kind: "gaussian", sigma: constant(0.1) },
    },
  },
  {
    name: "cosine-128",
    note: "cosine-2-grad with 128-128 networks and batch 128",
    settings: {
      actorLr: cosine(3e-4, 3e-5),
      criticLr: cosine(3e-3, 3e-4),
      actorHidden: [128, 128],
      criticHidden: [128, 128],
      batchSize: 128,
    },
  },
  {
    name: "cosine-batch256",
    note: "cosine-2-grad with batch 256 (the paper's)",
    settings: { actorLr: cosine(3e-4, 3e-5), criticLr: cosine(3e-3, 3e-4), batchSize: 256 },
  },
  {
    name: "paper-rates-2-grad",
    note: "the paper's rates 1e-4/1e-3 (constant) on the base: decaying noise, 2 gradient steps",
    settings: PAPER_RATES,
  },
  {
    name: "paper-rates-3-grad",
    note: "the paper's rates, decaying noise, 3 gradient steps per env step",
    settings: { ...PAPER_RATES, gradientStepsPerEnvStep: 3 },
  },
  {
    name: "paper-rates-4-grad",
    note: "the paper's rates, decaying noise, 4 gradient steps per env step",
    settings: { ...PAPER_RATES, gradientStepsPerEnvStep: 4 },
  },
  {
    name: "file-no-stopping",
    note: "the file's setting without early stopping (patience off)",
    fromFile: true,
    budget: { patienceEpisodes: 0 },
  },
  {
    name: "paper-rates-3-grad-noise-0.1",
    note: "paper rates, 3 gradient steps, noise 0.5 -> 0.1",
    settings: {
      ...PAPER_RATES,
      gradientStepsPerEnvStep: 3,
      noise: { sigma: { schedule: "linear", initial: 0.5, final: 0.1, decayFraction: 0.7 } },
    },
  },
  {
    name: "paper-rates-3-grad-decay-0.5",
    note: "paper rates, 3 gradient steps, noise 0.5 -> 0.05 over half the post-warm-up budget",
    settings: {
      ...PAPER_RATES,
      gradientStepsPerEnvStep: 3,
      noise: { sigma: { schedule: "linear", initial: 0.5, final: 0.05, decayFraction: 0.5 } },
    },
  },
  {
    name: "paper-rates-3-grad-warmup-0.1",
    note: "paper rates, 3 gradient steps, warm-up 10 %",
    settings: { ...PAPER_RATES, gradientStepsPerEnvStep: 3, warmupFraction: 0.1 },
  },
];

function merge<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (Array.isArray(over) || typeof over !== "object" || over === null) return over as T;
  const out = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out as T;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const file = S000_MADDPG;
  const base = validationBudget();
  const seeds = (arg("--seeds") ?? base.seeds.join(",")).split(",").map(Number);
  const only = arg("--only")?.split(",");
  const agents = Number(arg("--agents") ?? 1);
  const optimumUsd = await arbitrageOptimumUsd(arbitrageDayTask(agents));
  const budgets = arg("--episodes")?.split(",").map(Number);
  const results: unknown[] = [];
  const todo = CANDIDATES.flatMap((c) =>
    budgets
      ? budgets.map((episodes) => ({
          ...c,
          name: `${c.name}@${episodes}`,
          base: c.name,
          budget: { ...c.budget, episodes },
        }))
      : [{ ...c, base: c.name }],
  );
  for (const c of todo) {
    if (only && !only.includes(c.base)) continue;
    const from = c.fromFile ? file.settings : BASE;
    const settings = parseMaddpgSettings(merge(from, c.settings), (p) => `${c.name}.${p.join(".")}`);
    const budget = { ...base, ...c.budget };
    const runs = [];
    for (const seed of seeds) {
      const r = await validateOnArbitrageDay(settings, budget, seed, {
        agents,
        optimumUsd,
        maddpg: agents > 1 ? { shareActors: true } : {},
      });
      runs.push(r);
      process.stderr.write(
        `${c.name} seed ${seed}: ${(100 * r.shareOfOptimum).toFixed(1)} % of the LP optimum, ${r.episodesRun} episodes (${r.stopReason}), ${r.wallSeconds.toFixed(1)} s\n`,
      );
    }
    const shares = runs.map((r) => Math.round(1000 * r.shareOfOptimum) / 10);
    results.push({
      name: c.name,
      note: c.note,
      passes: runs.every((r) => r.shareOfOptimum >= budget.minShareOfOptimum),
      percentOfOptimum: Object.fromEntries(seeds.map((s, i) => [s, shares[i]])),
      minPercent: Math.min(...shares),
      runs: runs.map((r) => ({
        seed: r.seed,
        profitUsd: Math.round(100 * r.profitUsd) / 100,
        percentOfOptimum: Math.round(1000 * r.shareOfOptimum) / 10,
        episodesRun: r.episodesRun,
        stopReason: r.stopReason,
        envSteps: r.envSteps,
        gradientSteps: r.gradientSteps,
        wallSeconds: Math.round(100 * r.wallSeconds) / 100,
      })),
      settings,
      budget,
    });
  }
  console.log(
    JSON.stringify(
      {
        bench: "control-validate",
        task: `arbitrage day, ${agents} batter${agents > 1 ? "ies (shared actor)" : "y"}, 24 hourly steps`,
        optimumUsd: Math.round(100 * optimumUsd) / 100,
        settingsFile: S000_MADDPG_SETTINGS_FILE,
        threshold: base.minShareOfOptimum,
        seeds,
        backend: nnBackend().name,
        results,
        machine: machine(),
      },
      null,
      1,
    ),
  );
}
main();
