import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import type { Experiment, ExperimentOutput, SeriesTable } from "../../../experiments/types";
import { dayAheadTrace, evaluateForecaster } from "../../../forecast/evaluate";
import {
  type ForecasterReportRow,
  forecastErrorsMarkdown,
  forecastGridFigure,
  forecastReportRows,
  forecastSkillMarkdown,
  forecastTraces,
} from "../../../forecast/report";
import type { PlotlyFigure } from "../../../plots/figure";
import {
  SEED000_BUDGETS,
  SEED000_FORECASTERS,
  type Seed000Budget,
  type Seed000Target,
  seed000Capacity,
  seed000TrainingScenario,
  type TrainedSeed000,
  trainSeed000Forecasters,
} from "../world/forecasters";

const Params = z.strictObject({
  /** Training budget (lib/papers/s000/world/forecasters.ts): ci = tiny smoke run, quick = the 10-minute set, paper = a year. */
  budget: z.enum(["ci", "quick", "paper"]).default("quick"),
  /** Overrides of the budget (omit to keep the budget's value). */
  historyDays: z.number().int().min(7).max(365).optional(),
  startDay: z.number().int().min(0).max(364).optional(),
  epochs: z.number().int().min(1).max(200).optional(),
  units: z.number().int().min(1).max(512).optional(),
  /** Training seed (the city and the initialisation); default: the run's seed. */
  trainSeed: z.number().int().nonnegative().optional(),
  /** Forecasters to train (spec names); default all nine. */
  forecasters: z
    .array(z.enum(SEED000_FORECASTERS.map((s) => s.name) as [string, ...string[]]))
    .min(1)
    .optional(),
  /** Held-out days shown in the forecast-vs-actual traces. */
  traceDays: z.number().int().min(1).max(14).default(3),
});
type Params = z.infer<typeof Params>;

const UNIT: Record<Seed000Target, string> = {
  wind: "MW",
  pv: "MW",
  "demand.residential": "MW",
  "demand.prosumer": "MW",
  "demand.commercial": "MW",
  "demand.industrial": "MW",
  "demand.municipal": "MW",
  "demand.ev": "MW",
  price: "USD/MWh",
};

function budgetOf(p: Params): Seed000Budget {
  const b = SEED000_BUDGETS[p.budget];
  return {
    ...b,
    historyDays: p.historyDays ?? b.historyDays,
    startDay: p.startDay ?? b.startDay,
    config: {
      ...b.config,
      ...(p.epochs !== undefined ? { epochs: p.epochs } : {}),
      ...(p.units !== undefined ? { units: p.units } : {}),
    },
  };
}

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

type Evaluation = ReturnType<typeof evaluateForecaster>;
/** A number of the values rounded to 4 decimals; null when it was not finite. */
type R4 = number | null;

/** One forecaster in the values: its errors per method on the held-out days and its training history. */
export type ForecasterValues = {
  name: string;
  target: Seed000Target;
  architecture: ForecasterReportRow["architecture"];
  unit: string;
  features: TrainedSeed000["spec"]["features"];
  capacity: number | null;
  normalisedBy: Evaluation["normalisedBy"];
  normaliser: R4;
  issueTimes: number;
  points: number;
  methods: {
    method: Evaluation["methods"][number]["method"];
    mae: R4;
    rmse: R4;
    nmaePct: R4;
    mapePct: R4;
    pinball: R4;
    coverage80: R4;
  }[];
  skillVsPersistence: R4;
  skillVsSeasonalDay: R4;
  skillVsSeasonalWeek: R4;
  epochsRun: number;
  bestEpoch: number;
  history: { epoch: number; loss: R4; valLoss: R4 }[];
  split: TrainedSeed000["split"];
};

/** The values of the forecasting experiment: the budget it trained with and every forecaster's scores. */
export type ForecastSeed000Values = {
  budget: Params["budget"];
  trainSeed: number;
  historyDays: number;
  startDay: number;
  config: Seed000Budget["config"];
  evalStride: number;
  forecasters: ForecasterValues[];
  /** Forecasters with a positive skill against persistence. */
  beatPersistence: string[];
};

/**
 * Seed 000's forecasting layer on the entity-level city: trains (or loads from the cache) every forecaster on
 * the training seed's window (chronological 70/10/20 split), scores each on the held-out last 20 % against
 * persistence and seasonal naive, and traces day-ahead forecasts vs actual. A warm run trains nothing.
 */
export const forecastSeed000: Experiment<Params, ForecastSeed000Values> = {
  id: "s000/forecast-seed000",
  title: "Seed-000 forecasters (wind LSTM, PV CNN-LSTM, demand LSTMs, price GRU) vs baselines",
  panels: [],
  notebook: "s000-10-forecasting",
  module: __filename,
  params: Params,
  async run(ctx, p): Promise<ExperimentOutput<ForecastSeed000Values>> {
    const budget = budgetOf(p);
    const seed = p.trainSeed ?? ctx.seed;
    ctx.log(
      `budget ${p.budget}: ${budget.historyDays} days from day ${budget.startDay}, ${JSON.stringify(budget.config)}, seed ${seed}`,
    );
    const sc = seed000TrainingScenario(budget, seed);
    const names = p.forecasters ?? SEED000_FORECASTERS.map((s) => s.name);
    const bar = ctx.progress("forecasters", names.length, "models");
    const trained = await trainSeed000Forecasters(ctx.cache, sc, budget, {
      seed,
      only: p.forecasters,
      onEpoch: (name, e) =>
        ctx.log(
          `${name} epoch ${e.epoch + 1}/${e.epochs} loss ${e.loss.toFixed(4)} val ${e.valLoss.toFixed(4)} ETA ${e.etaS.toFixed(0)} s`,
        ),
      onModel: (name, r) => {
        ctx.log(`${name}: ${r.hit ? "loaded from cache" : "trained"} in ${r.seconds.toFixed(1)} s`);
        bar.tick();
      },
    });
    bar.finish();
    const rows: ForecasterReportRow[] = [];
    const tables: SeriesTable[] = [];
    const values: ForecasterValues[] = [];
    for (const t of trained) {
      const capacity = t.spec.capacityNormalised ? seed000Capacity(sc, t.spec.target) : undefined;
      const ev = evaluateForecaster(t.forecaster, t.data, { stride: budget.evalStride, capacity });
      const row: ForecasterReportRow = {
        name: t.spec.name,
        architecture: t.forecaster.config.architecture,
        unit: UNIT[t.spec.target],
        evaluation: ev,
        epochsRun: t.forecaster.history.length,
        bestEpoch: t.forecaster.bestEpoch,
      };
      rows.push(row);
      ctx.log(
        `${t.spec.name}: skill vs persistence ${ev.skillVsPersistence.toFixed(3)}, vs yesterday ${ev.skillVsSeasonalDay.toFixed(3)}, vs last week ${ev.skillVsSeasonalWeek.toFixed(3)}`,
      );
      values.push({
        name: t.spec.name,
        target: t.spec.target,
        architecture: row.architecture,
        unit: row.unit,
        features: t.spec.features,
        capacity: capacity ?? null,
        normalisedBy: ev.normalisedBy,
        normaliser: r4(ev.normaliser),
        issueTimes: ev.issueTimes,
        points: ev.points,
        methods: ev.methods.map((m) => ({
          method: m.method,
          mae: r4(m.mae),
          rmse: r4(m.rmse),
          nmaePct: r4(m.nmaePct),
          mapePct: m.mapePct === null ? null : r4(m.mapePct),
          pinball: m.pinball === null ? null : r4(m.pinball),
          coverage80: m.coverage80 === null ? null : r4(m.coverage80),
        })),
        skillVsPersistence: r4(ev.skillVsPersistence),
        skillVsSeasonalDay: r4(ev.skillVsSeasonalDay),
        skillVsSeasonalWeek: r4(ev.skillVsSeasonalWeek),
        epochsRun: row.epochsRun,
        bestEpoch: row.bestEpoch,
        history: t.forecaster.history.map((h) => ({
          epoch: h.epoch,
          loss: r4(h.loss),
          valLoss: r4(h.valLoss),
        })),
        split: t.split,
      });
      tables.push({
        name: `trace-${t.spec.name}`,
        columns: dayAheadTrace(t.forecaster, t.data, p.traceDays),
      });
    }
    for (const t of trained) t.forecaster.model.dispose();
    return {
      values: {
        budget: p.budget,
        trainSeed: seed,
        historyDays: budget.historyDays,
        startDay: budget.startDay,
        config: budget.config,
        evalStride: budget.evalStride,
        forecasters: values,
        beatPersistence: values.filter((v) => (v.skillVsPersistence as number) > 0).map((v) => v.name),
      },
      tables,
      backend: `tfjs-${tf.getBackend()}`,
    };
  },
  figure(out) {
    return forecastGridFigure(forecastTraces(out.values, out.tables)) as PlotlyFigure;
  },
  notes(out) {
    const rows = forecastReportRows(out.values);
    const v = out.values;
    const beat = v.beatPersistence;
    return [
      `Budget ${v.budget}: ${v.historyDays} days of the training seed ${v.trainSeed}'s city from day ${v.startDay}, chronological 70/10/20 split; errors over day-ahead forecasts issued every ${v.evalStride} steps in the held-out 20 %.`,
      `${beat.length} of ${rows.length} forecasters beat persistence (skill > 0).`,
      "",
      forecastSkillMarkdown(rows),
      "",
      forecastErrorsMarkdown(rows),
    ].join("\n");
  },
};
