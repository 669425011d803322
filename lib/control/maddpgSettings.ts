import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import type { MaddpgConfig } from "./maddpg";
import type { ScheduleKind } from "./noise";
import type { TrainingConfig } from "./train";

/**
 * MaddpgSettings: the hyper-parameters of one MADDPG training, in one typed, validated definition that a
 * settings file (e.g. data/control/s000-maddpg.yaml) holds and both a task's training and its validation
 * read. Budgets (episodes, stopping patience) are separate: a setting is validated on a task with a known
 * optimum and then used unchanged, scaled only in budget, elsewhere (ADR 0701 "Validated settings").
 *
 * Schedules run over the budget AFTER the warm-up (env steps), so they scale with the budget: a value
 * moves from `initial` to `final` over `decayFraction` of the post-warm-up steps and stays at `final`.
 */
export interface ScheduleSettings {
  readonly schedule: ScheduleKind;
  readonly initial: number;
  /** The floor a decay ends at (ignored by "constant"). */
  readonly final: number;
  /** Share of the post-warm-up budget over which the value decays, (0, 1]. */
  readonly decayFraction: number;
}

export interface MaddpgSettings {
  readonly actorLr: ScheduleSettings;
  readonly criticLr: ScheduleSettings;
  /** Exploration noise on the actions: its kind and the schedule of its sigma. */
  readonly noise: {
    readonly kind: "gaussian" | "ou";
    readonly theta: number;
    readonly sigma: ScheduleSettings;
  };
  /** An integer >= 1 (that many gradient steps every env step) or 1/k (one gradient step every k env steps). */
  readonly gradientStepsPerEnvStep: number;
  readonly batchSize: number;
  readonly actorHidden: readonly number[];
  readonly criticHidden: readonly number[];
  readonly tau: number;
  readonly gamma: number;
  readonly bufferSize: number;
  /** Uniform-random actions for this share of the budget's env steps (at least one batch) before learning. */
  readonly warmupFraction: number;
  /** Actor pre-activation penalty (MaddpgConfig.preActivationL2) and gradient clip (gradClipNorm). */
  readonly preActivationL2: number;
  readonly gradClipNorm: number;
}

/** The budget of one training: what a profile may change. */
export interface MaddpgBudget {
  readonly episodes: number;
  /** Noise-free evaluation every this many episodes (0 = never: no early stopping). */
  readonly evalEveryEpisodes: number;
  /** Stop when the evaluation reward has not improved for this many episodes (0 = never). */
  readonly patienceEpisodes: number;
  /** Improvement threshold relative to |best| (default 0: any increase counts). */
  readonly minImprovement: number;
}

const scheduleShape = z.strictObject({
  schedule: z.enum(["constant", "linear", "cosine"]),
  initial: z.number(),
  final: z.number(),
  decayFraction: z.number().default(1),
});

export const MaddpgSettingsSchema = z.strictObject({
  actorLr: scheduleShape,
  criticLr: scheduleShape,
  noise: z.strictObject({
    kind: z.enum(["gaussian", "ou"]),
    theta: z.number().default(0.15),
    sigma: scheduleShape,
  }),
  gradientStepsPerEnvStep: z.number(),
  batchSize: z.number().int(),
  actorHidden: z.array(z.number().int()),
  criticHidden: z.array(z.number().int()),
  tau: z.number(),
  gamma: z.number(),
  bufferSize: z.number().int(),
  warmupFraction: z.number(),
  preActivationL2: z.number().default(1e-3),
  gradClipNorm: z.number().default(0.5),
});

/** The engine's budget fields; a task extends this object with its own (windows, seeds). */
export const maddpgBudgetShape = {
  episodes: z.number().int().min(1),
  evalEveryEpisodes: z.number().int().min(0).default(0),
  patienceEpisodes: z.number().int().min(0).default(0),
  minImprovement: z.number().min(0).max(1).default(0),
};

/** A key path and how to find it: "file:line key.path". */
export type SettingsWhere = (path: readonly (string | number)[]) => string;

const plainWhere =
  (root: string): SettingsWhere =>
  (path) =>
    [root, ...path].join(".");

/**
 * Semantic checks of parsed settings. Every error names the key and the fix (the ConfigError's hint).
 */
export function checkMaddpgSettings(
  s: MaddpgSettings,
  where: SettingsWhere = plainWhere("MaddpgSettings"),
): void {
  const fail = (path: (string | number)[], message: string, fix: string): never => {
    throw new ConfigError(message, where(path), fix);
  };
  for (const key of ["actorLr", "criticLr"] as const) {
    const r = s[key];
    if (!(r.initial > 0) || !Number.isFinite(r.initial) || r.initial > 1)
      fail(
        [key, "initial"],
        `a learning rate must be in (0, 1], got ${r.initial}`,
        `set ${key}.initial to a positive rate such as 3e-4`,
      );
    if (r.schedule !== "constant") {
      if (!(r.final > 0) || !Number.isFinite(r.final))
        fail(
          [key, "final"],
          `the ${r.schedule} schedule decays to ${r.final}, a learning rate that is not positive`,
          `set ${key}.final to a positive floor (e.g. ${key}.initial / 10), or use schedule: constant`,
        );
      if (r.final > r.initial)
        fail(
          [key, "final"],
          `a decay schedule must end at or below its start (final ${r.final} > initial ${r.initial})`,
          `lower ${key}.final below ${key}.initial, or use schedule: constant`,
        );
    }
    if (!(r.decayFraction > 0 && r.decayFraction <= 1))
      fail(
        [key, "decayFraction"],
        `must be in (0, 1], got ${r.decayFraction}`,
        "the share of the post-warm-up budget over which the rate decays; 1 = the whole budget",
      );
  }
  const sg = s.noise.sigma;
  if (!(sg.initial >= 0) || !(sg.final >= 0) || !Number.isFinite(sg.initial + sg.final) || sg.initial > 2)
    fail(
      ["noise", "sigma"],
      `sigma must be in [0, 2] at both ends, got initial ${sg.initial}, final ${sg.final}`,
      "actions live in [-1, 1]: use e.g. initial 0.5, final 0.05",
    );
  if (!(sg.decayFraction > 0 && sg.decayFraction <= 1))
    fail(["noise", "sigma", "decayFraction"], `must be in (0, 1], got ${sg.decayFraction}`, "e.g. 0.7");
  if (!(s.noise.theta > 0 && s.noise.theta <= 1))
    fail(["noise", "theta"], `must be in (0, 1], got ${s.noise.theta}`, "OU mean reversion; DDPG uses 0.15");
  const g = s.gradientStepsPerEnvStep;
  const inv = 1 / g;
  if (!(g > 0) || !(Number.isInteger(g) || Math.abs(inv - Math.round(inv)) < 1e-9))
    fail(
      ["gradientStepsPerEnvStep"],
      `must be a positive integer or 1/k, got ${g}`,
      "e.g. 2 (two gradient steps per env step) or 0.25 (one every 4 env steps)",
    );
  if (!(s.batchSize >= 1)) fail(["batchSize"], `must be >= 1, got ${s.batchSize}`, "e.g. 64 or 256");
  for (const key of ["actorHidden", "criticHidden"] as const)
    if (s[key].length === 0 || s[key].some((w) => !(w >= 1)))
      fail([key], `needs one or more layer widths >= 1, got [${s[key].join(", ")}]`, "e.g. [64, 64]");
  if (!(s.tau > 0 && s.tau <= 1)) fail(["tau"], `must be in (0, 1], got ${s.tau}`, "e.g. 0.005");
  if (!(s.gamma >= 0 && s.gamma < 1)) fail(["gamma"], `must be in [0, 1), got ${s.gamma}`, "e.g. 0.99");
  if (!(s.bufferSize >= s.batchSize))
    fail(
      ["bufferSize"],
      `must hold at least one batch (${s.batchSize}), got ${s.bufferSize}`,
      "e.g. 1000000",
    );
  if (!(s.warmupFraction >= 0 && s.warmupFraction < 1))
    fail(["warmupFraction"], `must be in [0, 1), got ${s.warmupFraction}`, "e.g. 0.15");
  if (!(s.preActivationL2 >= 0))
    fail(["preActivationL2"], `must be >= 0, got ${s.preActivationL2}`, "1e-3 as in openai/maddpg; 0 = off");
  if (!(s.gradClipNorm >= 0))
    fail(["gradClipNorm"], `must be >= 0, got ${s.gradClipNorm}`, "0.5 as in openai/maddpg; 0 = off");
}

/** Parses and checks settings from a plain object (errors name `where(path)`). */
export function parseMaddpgSettings(
  value: unknown,
  where: SettingsWhere = plainWhere("MaddpgSettings"),
): MaddpgSettings {
  const s = parseSettingsWith(MaddpgSettingsSchema, value, where, []) as MaddpgSettings;
  checkMaddpgSettings(s, where);
  return s;
}

/** Validates `value` at `path` with a zod schema; the first issue becomes a ConfigError naming its key. */
export function parseSettingsWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: SettingsWhere,
  path: readonly (string | number)[],
): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = [...path, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
  const msg =
    issue.code === "unrecognized_keys"
      ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : issue.message;
  throw new ConfigError(
    msg,
    where(at),
    issue.code === "unrecognized_keys"
      ? "see the keys documented in lib/control/maddpgSettings.ts"
      : "see the settings file's comments and lib/control/maddpgSettings.ts",
  );
}

/**
 * The engine's MaddpgConfig and TrainingConfig for one training of `budget.episodes` episodes of
 * `episodeSteps` env steps: warm-up = max(batch, warmupFraction x budget steps); the schedules run over the
 * post-warm-up steps; learning-rate schedules become factors on the initial rates (so a sweep that
 * overrides MaddpgConfig.actorLr scales its whole schedule).
 */
export function resolveMaddpgTraining(
  s: MaddpgSettings,
  budget: MaddpgBudget,
  episodeSteps: number,
): { maddpg: Partial<MaddpgConfig>; training: Partial<TrainingConfig> } {
  const total = budget.episodes * episodeSteps;
  const warmupSteps = Math.max(s.batchSize, Math.round(s.warmupFraction * total));
  const learn = Math.max(1, total - warmupSteps);
  const decay = (f: number) => Math.max(1, Math.round(f * learn));
  const lr = (r: ScheduleSettings) => ({
    kind: r.schedule,
    finalFactor: r.schedule === "constant" ? 1 : r.final / r.initial,
    decaySteps: decay(r.decayFraction),
  });
  const g = s.gradientStepsPerEnvStep;
  return {
    maddpg: {
      actorLr: s.actorLr.initial,
      criticLr: s.criticLr.initial,
      batchSize: s.batchSize,
      bufferSize: s.bufferSize,
      actorHidden: [...s.actorHidden],
      criticHidden: [...s.criticHidden],
      tau: s.tau,
      gamma: s.gamma,
      preActivationL2: s.preActivationL2,
      gradClipNorm: s.gradClipNorm,
    },
    training: {
      episodes: budget.episodes,
      maxEpisodeSteps: episodeSteps,
      warmupSteps,
      updateEvery: g >= 1 ? 1 : Math.round(1 / g),
      gradientSteps: Math.max(g, 1),
      noise: {
        kind: s.noise.kind,
        sigma: s.noise.sigma.initial,
        sigmaFinal: s.noise.sigma.schedule === "constant" ? s.noise.sigma.initial : s.noise.sigma.final,
        decaySteps: decay(s.noise.sigma.decayFraction),
        theta: s.noise.theta,
        schedule: s.noise.sigma.schedule,
      },
      actorLrSchedule: lr(s.actorLr),
      criticLrSchedule: lr(s.criticLr),
      evalEveryEpisodes: budget.evalEveryEpisodes,
      patienceEpisodes: budget.patienceEpisodes,
      minImprovement: budget.minImprovement,
    },
  };
}

/** A parsed settings file: `settings` (MaddpgSettings) and `budgets.<name>` (validated on request). */
export interface MaddpgSettingsFile {
  readonly path: string;
  readonly settings: MaddpgSettings;
  readonly budgetNames: readonly string[];
  /** Budget `name` validated with `shape` (maddpgBudgetShape plus the task's fields). */
  budget<S extends z.ZodRawShape>(name: string, shape: S): z.infer<z.ZodObject<S>>;
  /** "file:line key.path" of a key. */
  readonly where: SettingsWhere;
}

/** Line (1-based) of the deepest node that exists along `path`. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: readonly (string | number)[],
) {
  let node: unknown = doc.contents;
  let found: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      node = pair.value;
      found = (pair.value as Node) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (!node) break;
      found = node as Node;
    } else break;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

/**
 * Reads a settings file (YAML):
 *   version: 1
 *   settings: { ...MaddpgSettings }
 *   budgets: { <name>: { episodes, evalEveryEpisodes, patienceEpisodes, ...task fields }, ... }
 * Errors name `file:line key.path`, what was wrong and the fix.
 */
export function parseMaddpgSettingsText(text: string, path: string): MaddpgSettingsFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(
      `YAML syntax error: ${e.message.split("\n")[0]}`,
      `${path}:${e.linePos?.[0]?.line ?? "?"}`,
      "fix the YAML syntax",
    );
  }
  const where: SettingsWhere = (p) => {
    const line = lineOf(doc, counter, p);
    return `${path}${line ? `:${line}` : ""} ${p.join(".")}`;
  };
  const raw = parseSettingsWith(
    z.strictObject({
      version: z.literal(1),
      settings: z.record(z.string(), z.unknown()),
      budgets: z.record(z.string(), z.record(z.string(), z.unknown())),
    }),
    doc.toJS(),
    where,
    [],
  );
  const settings = parseMaddpgSettings(raw.settings, (p) => where(["settings", ...p]));
  return {
    path,
    settings,
    budgetNames: Object.keys(raw.budgets),
    where,
    budget(name, shape) {
      if (!(name in raw.budgets))
        throw new ConfigError(
          `no budget "${name}"`,
          where(["budgets"]),
          `add budgets.${name} (budgets here: ${Object.keys(raw.budgets).join(", ")})`,
        );
      return parseSettingsWith(z.strictObject(shape), raw.budgets[name], where, ["budgets", name]);
    },
  };
}

export function loadMaddpgSettingsFile(path: string): MaddpgSettingsFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read the settings file (${(e as Error).message})`, path);
  }
  return parseMaddpgSettingsText(text, path);
}
