import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import { paperPrefix } from "./claims";
import type { Experiment } from "./types";
import { deepMerge, overrideSchema, type WorldSpec } from "./world";

/**
 * experiments.yaml: profiles with shared knobs, and per-experiment params with per-profile overrides.
 *
 *   version: 1
 *   defaults: { profile: quick, seed: 2026 }
 *   worlds:
 *     s000: { battery: { capacityMwh: 120 }, ... }   # each paper's world (any field of its config)
 *   profiles:
 *     ci:    { description: "...", days: 14, worlds: { s000: { ... } } }   # worlds: this profile's overrides
 *     quick: { description: "...", days: 365 }
 *   experiments:
 *     s000/fig4a:                # <paper>/<name>
 *       params: { ... }          # every profile
 *       ci: { days: 7 }          # this profile only
 *       world: { ... }           # this experiment's world overrides
 *
 * An experiment's params = the profile's knobs it declares, then `params`, then the profile override.
 * Its world = the paper's defaults, then `worlds.<paper>`, then the profile's `worlds.<paper>`, then the
 * experiment's `world`. Every merged params object is validated by the experiment's own zod schema and
 * every world block by its paper's; errors name the key path, the line in the file, what was expected
 * and what was found.
 */
export const PROFILES = ["ci", "quick", "paper"] as const;
export type ProfileName = (typeof PROFILES)[number];

const ProfileSchema = z.record(z.string(), z.unknown());

const ExperimentEntrySchema = z.strictObject({
  enabled: z.boolean().optional(),
  world: z.record(z.string(), z.unknown()).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  ci: z.record(z.string(), z.unknown()).optional(),
  quick: z.record(z.string(), z.unknown()).optional(),
  paper: z.record(z.string(), z.unknown()).optional(),
});

const FileSchema = z.strictObject({
  version: z.literal(1),
  defaults: z.strictObject({
    profile: z.enum(PROFILES),
    seed: z.number().int().nonnegative(),
  }),
  worlds: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  profiles: z.strictObject({ ci: ProfileSchema, quick: ProfileSchema, paper: ProfileSchema }),
  experiments: z.record(z.string(), ExperimentEntrySchema),
});

export type ExperimentsFile = z.infer<typeof FileSchema>;

export interface ResolvedExperiment {
  readonly experiment: Experiment;
  readonly params: Record<string, unknown>;
  /** The experiment's paper's world after every override (undefined for a paper without a world). */
  readonly world: unknown;
  readonly enabled: boolean;
}

export interface LoadedConfig {
  readonly path: string;
  readonly file: ExperimentsFile;
  readonly profile: ProfileName;
  readonly seed: number;
  readonly experiments: readonly ResolvedExperiment[];
}

/** Line (1-based) of the deepest node that exists along `path`. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = doc.contents ?? undefined;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
      found = (pair.value as Node) ?? keyNode;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (!node) break;
      found = node as Node;
      keyNode = undefined;
    } else break;
  }
  const target = keyNode && !isMap(node) && !isSeq(node) ? keyNode : found;
  const offset = target?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing (the key is missing)";
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function getIn(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

function issueMessage(issue: z.core.$ZodIssue, found: unknown): string {
  if (issue.code === "unrecognized_keys")
    return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return `${issue.message}; found ${describe(found)}`;
}

/**
 * Parses and validates experiments.yaml text against the registry. Throws ConfigError before any
 * work is done, naming `file:line key.path`, what was expected and what was found.
 */
export function parseExperimentsYaml(
  text: string,
  path: string,
  registry: ReadonlyMap<string, Experiment>,
  profileOverride?: string,
  worlds: Readonly<Record<string, WorldSpec>> = {},
): LoadedConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new ConfigError(
      `YAML syntax error: ${e.message.split("\n")[0]}`,
      `${path}${line ? `:${line}` : ""}`,
    );
  }
  const raw = doc.toJS();
  const where = (p: readonly PropertyKey[]) => {
    const line = lineOf(doc, counter, p);
    return `${path}${line ? `:${line}` : ""} ${p.map(String).join(".") || "(top level)"}`;
  };
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const p = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
    throw new ConfigError(issueMessage(issue, getIn(raw, issue.path)), where(p), hintFor(issue.path));
  }
  const file = parsed.data;
  const profile = (profileOverride ?? file.defaults.profile) as ProfileName;
  if (!PROFILES.includes(profile)) {
    throw new ConfigError(`unknown profile "${profile}"`, "--profile", `use one of ${PROFILES.join(", ")}`);
  }
  const papers = [...new Set([...Object.keys(worlds), ...[...registry.keys()].map(paperPrefix)])].sort();
  const paperHint = `ids look like <paper>/<name>, e.g. s000/fig4a; papers: ${papers.join(", ")}`;
  // World blocks: the file's, then each profile's, each checked against its paper's schema.
  const checkWorld = (block: unknown, p: readonly PropertyKey[], paper: string) => {
    const spec = worlds[paper];
    if (!spec)
      throw new ConfigError(
        `unknown paper "${paper}" (or a paper without a world)`,
        where(p),
        `papers with a world: ${Object.keys(worlds).join(", ") || "none"}`,
      );
    const r = overrideSchema(spec.defaults).safeParse(block);
    if (!r.success) {
      const issue = r.error.issues[0];
      const ip = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
      throw new ConfigError(
        issueMessage(issue, getIn(block, issue.path)),
        where([...p, ...ip]),
        `the fields and their defaults are in ${spec.source}`,
      );
    }
  };
  for (const [paper, block] of Object.entries(file.worlds ?? {})) checkWorld(block, ["worlds", paper], paper);
  const profileWorlds: Record<string, Record<string, unknown>> = {};
  for (const name of PROFILES) {
    const pw = file.profiles[name].worlds;
    if (pw === undefined) continue;
    if (pw === null || typeof pw !== "object" || Array.isArray(pw))
      throw new ConfigError(
        `must be a map of paper -> world overrides; found ${describe(pw)}`,
        where(["profiles", name, "worlds"]),
      );
    for (const [paper, block] of Object.entries(pw))
      checkWorld(block, ["profiles", name, "worlds", paper], paper);
    profileWorlds[name] = pw as Record<string, unknown>;
  }
  const experiments: ResolvedExperiment[] = [];
  for (const [id, entry] of Object.entries(file.experiments)) {
    const paper = paperPrefix(id);
    if (!id.includes("/") || !papers.includes(paper))
      throw new ConfigError(
        `experiment id "${id}" has no known paper prefix`,
        where(["experiments", id]),
        paperHint,
      );
    const experiment = registry.get(id);
    if (!experiment) {
      throw new ConfigError(
        `unknown experiment id "${id}"`,
        where(["experiments", id]),
        `known ids: ${[...registry.keys()].join(", ")}`,
      );
    }
    let world: unknown;
    const spec = worlds[paper];
    if (entry.world !== undefined) checkWorld(entry.world, ["experiments", id, "world"], paper);
    if (spec) {
      world = deepMerge(spec.defaults, file.worlds?.[paper]);
      world = deepMerge(world, profileWorlds[profile]?.[paper]);
      world = deepMerge(world, entry.world);
      spec.validate?.(
        world,
        `${path} world of ${id} (worlds.${paper}, profiles.${profile}.worlds.${paper}, experiments.${id}.world)`,
      );
    }
    const shapeKeys = Object.keys(experiment.params.shape);
    const profileKnobs = Object.fromEntries(
      Object.entries(file.profiles[profile]).filter(([k]) => k !== "worlds" && shapeKeys.includes(k)),
    );
    const merged = { ...profileKnobs, ...(entry.params ?? {}), ...(entry[profile] ?? {}) };
    const result = experiment.params.safeParse(merged);
    if (!result.success) {
      const issue = result.error.issues[0];
      const key = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path[0];
      const rest = issue.code === "unrecognized_keys" ? [] : issue.path.slice(1);
      // Point at where the offending value came from: the profile override, then params, then the profile.
      const origin: PropertyKey[] =
        entry[profile] && key !== undefined && key in entry[profile]!
          ? ["experiments", id, profile]
          : entry.params && key !== undefined && key in entry.params
            ? ["experiments", id, "params"]
            : key !== undefined && key in profileKnobs
              ? ["profiles", profile]
              : ["experiments", id, "params"];
      const p = key === undefined ? origin : [...origin, key, ...rest];
      throw new ConfigError(
        issueMessage(issue, getIn(merged, issue.path)),
        where(p),
        `see the params of ${id} in lib/papers/${paper}/experiments (${shapeKeys.join(", ")})`,
      );
    }
    experiments.push({
      experiment,
      params: result.data as Record<string, unknown>,
      world,
      enabled: entry.enabled ?? true,
    });
  }
  return { path, file, profile, seed: file.defaults.seed, experiments };
}

function hintFor(path: readonly PropertyKey[]): string | undefined {
  if (path[0] === "defaults")
    return `defaults needs profile (one of ${PROFILES.join(", ")}) and seed (a non-negative integer)`;
  if (path[0] === "profiles") return "profiles needs ci, quick and paper";
  if (path[0] === "experiments")
    return "an experiment entry may hold enabled, params, world, ci, quick, paper";
  if (path[0] === "worlds")
    return "worlds holds one block per paper (e.g. s000), each overriding fields of its world";
  return undefined;
}

export function loadExperimentsYaml(
  path: string,
  registry: ReadonlyMap<string, Experiment>,
  profile?: string,
  worlds: Readonly<Record<string, WorldSpec>> = {},
): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError(
      "cannot read the experiments file",
      path,
      "run from the repository root or pass --config PATH",
    );
  }
  return parseExperimentsYaml(text, path, registry, profile, worlds);
}
