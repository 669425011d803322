import os from "node:os";
import { z } from "zod";
import { jsonCodec } from "../../../core/cache";
import { moduleFingerprint } from "../../../core/fingerprint";
import { type ClaimRow, paperText } from "../../../experiments/claims";
import type { Experiment, ExperimentContext, ExperimentOutput } from "../../../experiments/types";
import type { PlotlyFigure } from "../../../plots/figure";
import { trainCityMaddpg } from "../agents/cityTraining";
import { CityEnv } from "../env/cityEnv";
import { runRulePolicyEpisode } from "../env/runEpisode";
import { type CityConfig, DEFAULT_CITY_CONFIG, withHorizon } from "../world/cityConfig";
import { classCounts } from "../world/entities";
import { generateScenario } from "../world/scenario";
import { paretoRewardWeights } from "./cityRuns";
import { cityOf } from "./cityWorld";

/**
 * Figures 7(b) and 7(e): the city with 2,000-50,000 prosumers. The paper scales "active prosumers"
 * and says nothing else, so `scaledCityConfig` changes only the prosumer class: N prosumers, rooftop
 * PV on the same share of them (10,500 / 12,500) at the same 4 kWp mean, and the annual energy and
 * peak targets grown by what the extra (or missing) prosumers consume at the class's 3.4 MWh/yr; the
 * other classes, the wind farm, the community plants and the battery stay the seed-000 city's.
 */
export function scaledCityConfig(prosumers: number, base: CityConfig = DEFAULT_CITY_CONFIG): CityConfig {
  const k = base.demand.classes.prosumer;
  const dn = prosumers - k.count;
  const rooftops = Math.round((prosumers * base.solar.rooftopCount) / k.count);
  const energy = base.demand.annualEnergyTargetGwh + (dn * k.annualMwhPerEntity) / 1000;
  return {
    ...base,
    demand: {
      ...base.demand,
      classes: { ...base.demand.classes, prosumer: { ...k, count: prosumers } },
      annualEnergyTargetGwh: energy,
      peakTargetMw: (base.demand.peakTargetMw * energy) / base.demand.annualEnergyTargetGwh,
    },
    solar: {
      ...base.solar,
      rooftopCount: rooftops,
      totalMwp:
        base.solar.totalMwp + ((rooftops - base.solar.rooftopCount) * base.solar.rooftopMeanKwp) / 1000,
    },
  };
}

const Sizes = z.array(z.number().int().min(100).max(200_000)).min(1);

// ---------------------------------------------------------------------------------------------
// Fig. 7(b): learning curves per city size.

const Fig7bParams = z.strictObject({
  /** Prosumer counts (the paper's convergence panel: 2,000, 10,000, 20,000, 50,000). */
  prosumers: Sizes.default([2000, 10000, 20000, 50000]),
  /** Training episodes per size (each one window of `windowDays`). */
  episodes: z.number().int().min(1).default(8),
  windowDays: z.number().int().min(1).max(14).default(1),
  /** Training windows (days of year); episodes cycle through them. */
  windowStartDays: z.array(z.number().int().min(0).max(364)).min(1).default([105, 196]),
  /** One gradient step every this many env steps (after one day of warm-up). */
  updateEvery: z.number().int().min(1).default(4),
  hidden: z.number().int().min(4).default(32),
});
type Fig7bParams = z.infer<typeof Fig7bParams>;

export interface CurveRow {
  prosumers: number;
  entities: number;
  /** Episode reward / |rule policy's reward on the same window| (1 = as good as the rule policy, if positive). */
  relativeReward: number[];
  episodeReward: number[];
  ruleReference: number[];
}

/** The values of Fig. 7(b): one learning curve per city size, and the reward weights they trained on. */
export type Fig7bValues = { rows: CurveRow[]; rewardWeights: number[] };

export const fig7b: Experiment<Fig7bParams, Fig7bValues> = {
  id: "s000/fig7b",
  title: "MADDPG learning curves for 2,000-50,000 prosumers (seed 000, Fig. 7b)",
  panels: ["fig7b"],
  notebook: "s000-04-scalability",
  module: __filename,
  params: Fig7bParams,
  async run(ctx, p): Promise<ExperimentOutput<Fig7bValues>> {
    const weights = await paretoRewardWeights(ctx, ctx.profile === "ci" ? "ci" : "quick");
    const rows: CurveRow[] = [];
    let backend = "";
    for (const n of p.prosumers) {
      const cityConfig = scaledCityConfig(n, cityOf(ctx));
      const steps = p.windowDays * 96;
      const progress = ctx.progress(
        `train MADDPG, ${n.toLocaleString("en-US")} prosumers`,
        p.episodes,
        "episodes",
      );
      const tr = await trainCityMaddpg({
        profile: {
          windowDays: p.windowDays,
          windowStartDays: p.windowStartDays,
          training: {
            episodes: p.episodes,
            maxEpisodeSteps: steps,
            warmupSteps: Math.min(96, steps),
            updateEvery: p.updateEvery,
            gradientSteps: 1,
          },
          maddpg: { actorHidden: [p.hidden, p.hidden], criticHidden: [p.hidden, p.hidden], batchSize: 64 },
        },
        rewardWeights: weights,
        rewardScaling: "raw",
        trainSeed: ctx.seed + 1,
        cityConfig,
        cache: ctx.cache,
        onEpisode: (e) => progress.set(e + 1),
      });
      progress.finish();
      backend = tr.curve.backend;
      const ref = tr.ruleReferenceReward;
      const ep = Array.from(tr.curve.episodeReward);
      rows.push({
        prosumers: n,
        entities: classCounts(cityConfig.demand, cityConfig.ev, cityConfig.solar).reduce((a, b) => a + b, 0),
        episodeReward: ep.map((r) => round(r)),
        ruleReference: ref.map((r) => round(r)),
        relativeReward: ep.map((r, e) => round(r / Math.abs(ref[e % ref.length] || 1))),
      });
    }
    return { values: { rows, rewardWeights: weights }, backend };
  },
  figure(out): PlotlyFigure {
    const rows = out.values.rows;
    return {
      data: rows.map((r) => ({
        type: "scatter",
        mode: "lines+markers",
        name: `${r.prosumers.toLocaleString("en-US")} prosumers`,
        x: r.relativeReward.map((_, i) => i + 1),
        y: r.relativeReward,
      })),
      layout: {
        title: {
          text: "Learning curves per city size (episode reward relative to the rule policy on the same window)",
        },
        xaxis: { title: { text: "training episode" } },
        yaxis: { title: { text: "episode reward / |rule policy reward|" } },
      },
    };
  },
  notes(out) {
    const rows = out.values.rows;
    const last = rows.map(
      (r) => `${r.prosumers.toLocaleString("en-US")}: ${r.relativeReward.at(-1)?.toFixed(3)}`,
    );
    return [
      "The paper shows curves that converge to similar cumulative rewards at every size, with no numbers (notes-000 Fig. 7b); there is nothing numeric to put in the ledger.",
      `Ours: MADDPG trained on each scaled city with a short budget (${rows[0]?.relativeReward.length ?? 0} episodes), on the moo-energy weights; last episode relative to the rule policy: ${last.join(", ")}.`,
      "Rewards are shown relative to the fixed rule policy on the same window so that cities of different size share one axis. The budget is far below the paper's; a flat curve here means 'not trained enough', not 'converged'.",
    ].join("\n");
  },
};

// ---------------------------------------------------------------------------------------------
// Fig. 7(e): CPU and memory of our own run per city size.

const Fig7eParams = z.strictObject({
  prosumers: Sizes.default([2000, 5000, 10000, 20000, 50000]),
  /** Days simulated per size (the fixed rule policy, the P2P market of every entity every daylight step). */
  days: z.number().int().min(1).max(365).default(2),
  startDay: z.number().int().min(0).max(364).default(152),
});
type Fig7eParams = z.infer<typeof Fig7eParams>;

export interface ResourceRow {
  prosumers: number;
  entities: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** CPU time / (wall time x cores), in % of the whole machine. */
  cpuUtilisationPct: number;
  /**
   * Memory the run itself holds at its highest sample (GB): V8 heap + typed arrays + external memory
   * above what the process held before the scenario was generated (the runner's process also holds
   * other experiments' data, so its resident size would not be this run's).
   */
  peakRssGb: number;
  /** Simulated steps per wall-clock second. */
  stepsPerSecond: number;
}

async function measureSize(ctx: ExperimentContext, n: number, p: Fig7eParams): Promise<ResourceRow> {
  const { value } = await ctx.cache.getOrCompute(
    {
      component: "s000.fig7e.measurement",
      version: moduleFingerprint(__filename),
      params: {
        prosumers: n,
        days: p.days,
        startDay: p.startDay,
        city: withHorizon(cityOf(ctx), 1, 0),
        host: `${os.cpus()[0]?.model} x${os.cpus().length}`,
      },
      seed: ctx.seed,
    },
    jsonCodec,
    () => {
      const used = () => {
        const m = process.memoryUsage();
        return m.heapUsed + m.external + m.arrayBuffers;
      };
      const m0 = used();
      const sc = generateScenario(
        withHorizon(scaledCityConfig(n, cityOf(ctx)), p.days, p.startDay),
        ctx.seed,
      );
      const env = new CityEnv(sc);
      let peak = used();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = runRulePolicyEpisode(env, sc.seed, {
        onStep: (s) => {
          if (s.info.t % 16 === 0) peak = Math.max(peak, used());
        },
      });
      const wall = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const row: ResourceRow = {
        prosumers: n,
        entities: env.entityCount,
        wallSeconds: round(wall),
        cpuSeconds: round(cpuSeconds),
        cpuUtilisationPct: round((100 * cpuSeconds) / (wall * os.cpus().length)),
        peakRssGb: round(Math.max(0, peak - m0) / 1024 ** 3),
        stepsPerSecond: round(r.steps / wall),
      };
      return row;
    },
  );
  return value as ResourceRow;
}

/** The values of Fig. 7(e): our CPU and memory per city size (measured here). */
export type Fig7eValues = { rows: ResourceRow[]; note: string };

export const fig7e: Experiment<Fig7eParams, Fig7eValues> = {
  id: "s000/fig7e",
  title: "CPU and memory of our own run vs prosumers (seed 000, Fig. 7e)",
  panels: ["fig7e"],
  notebook: "s000-04-scalability",
  module: __filename,
  params: Fig7eParams,
  async run(ctx, p): Promise<ExperimentOutput<Fig7eValues>> {
    const rows: ResourceRow[] = [];
    for (const n of p.prosumers) rows.push(await measureSize(ctx, n, p));
    const at = (n: number) => rows.find((r) => r.prosumers === n);
    return {
      values: {
        rows,
        note: "measured on this machine (cached: a warm re-run shows the same measurement; a cold run on another machine measures anew)",
      },
      claims: {
        "s000.fig7e.cpu.2k": at(2000)?.cpuUtilisationPct ?? null,
        "s000.fig7e.cpu.50k": at(50000)?.cpuUtilisationPct ?? null,
        "s000.fig7e.memory.2k": at(2000)?.peakRssGb ?? null,
        "s000.fig7e.memory.50k": at(50000)?.peakRssGb ?? null,
      },
    };
  },
  figure(out, ledger: readonly ClaimRow[]): PlotlyFigure {
    const rows = out.values.rows;
    const paper = (id: string) => ledger.find((r) => r.id === id)?.paper ?? null;
    const x = rows.map((r) => r.prosumers);
    return {
      data: [
        {
          type: "bar",
          name: "ours: CPU % of the machine",
          x,
          y: rows.map((r) => r.cpuUtilisationPct),
          yaxis: "y",
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: "ours: memory of the run (GB)",
          x,
          y: rows.map((r) => r.peakRssGb),
          yaxis: "y2",
        },
        {
          type: "scatter",
          mode: "markers",
          name: "paper: CPU %",
          x: [2000, 50000],
          y: [paper("s000.fig7e.cpu.2k"), paper("s000.fig7e.cpu.50k")],
          marker: { symbol: "diamond", size: 11 },
          yaxis: "y",
        },
        {
          type: "scatter",
          mode: "markers",
          name: "paper: memory (GB)",
          x: [2000, 50000],
          y: [paper("s000.fig7e.memory.2k"), paper("s000.fig7e.memory.50k")],
          marker: { symbol: "square", size: 10 },
          yaxis: "y2",
        },
      ],
      layout: {
        title: { text: "Computational resources of our run (measured) beside the paper's" },
        xaxis: { title: { text: "prosumers" } },
        yaxis: { title: { text: "CPU utilisation (% of machine)" }, rangemode: "tozero" },
        yaxis2: { title: { text: "memory (GB)" }, overlaying: "y", side: "right", rangemode: "tozero" },
        barmode: "group",
      },
    };
  },
  notes(out) {
    const rows = out.values.rows;
    const lines = rows.map(
      (r) =>
        `- ${r.prosumers.toLocaleString("en-US")} prosumers (${r.entities.toLocaleString("en-US")} entities): ${r.cpuSeconds.toFixed(1)} CPU s over ${r.wallSeconds.toFixed(1)} s wall (${r.cpuUtilisationPct.toFixed(0)} % of the machine), memory ${r.peakRssGb.toFixed(2)} GB, ${r.stepsPerSecond.toFixed(0)} steps/s.`,
    );
    return [
      ...lines,
      "",
      `Measured on this machine for our own run: the env is single-threaded, so CPU utilisation stays near 100 % / cores whatever the size; the paper's ${paperText("s000.fig7e.cpu.2k")} -> ${paperText("s000.fig7e.cpu.50k")} CPU and ${paperText("s000.fig7e.memory.2k")} -> ${paperText("s000.fig7e.memory.50k")} memory describe its own (unstated) hardware and software stack, so only the growth (linear, not exponential) is comparable.`,
    ].join("\n");
  },
};

function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
