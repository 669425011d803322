import { join } from "node:path";
import { Cache } from "../core/cache";
import { ConfigError } from "../core/errors";
import { repoRoot } from "../core/paths";
import { buildLedger, type ClaimRow, figureLedger, qualifiedPanels } from "../experiments/claims";
import { loadExperimentsYaml } from "../experiments/config";
import { makeContext, runExperimentCached } from "../experiments/runner";
import type {
  AnyExperiment,
  Experiment,
  ExperimentOutput,
  ExperimentValues,
  ParamsOf,
  ValuesOf,
} from "../experiments/types";
import { deepMerge, overrideSchema } from "../experiments/world";
import type { PlotlyFigure } from "../plots/figure";
import { defaultRegistry, paperOfId, paperWorlds } from "./registry";

/** A reproduced experiment; typed by the experiment's params `P` and values `V` when `reproduce` got the experiment itself. */
export interface Reproduction<
  P extends Record<string, unknown> = Record<string, unknown>,
  V extends ExperimentValues = ExperimentValues,
> {
  readonly id: string;
  readonly profile: string;
  readonly seed: number;
  readonly params: P;
  /** The world the run used (the paper's, after experiments.yaml and `opts.world`). */
  readonly world: unknown;
  readonly output: ExperimentOutput<V>;
  readonly ledger: readonly ClaimRow[];
  readonly figure: PlotlyFigure;
  readonly notes: string;
  /** True when the result came from the cache (nothing was recomputed). */
  readonly fromCache: boolean;
  readonly experiment: Experiment<P, V>;
}

export interface ReproduceOptions {
  profile?: string;
  seed?: number;
  params?: Record<string, unknown>;
  configPath?: string;
  force?: boolean;
  quiet?: boolean;
  /** World overrides laid over experiments.yaml's (e.g. `{ battery: { capacityMwh: 240 } }`), validated like a `world:` block. */
  world?: Record<string, unknown>;
}

/**
 * What a notebook cell calls: an experiment with the params experiments.yaml gives for `profile`
 * (optionally overridden), run through the same cache as the CLI (so a notebook recomputes nothing the
 * batch run already computed), with its claims ledger and figure.
 *
 * Given the experiment itself (`reproduce(lib.s000.fig4a, { profile })`) the result is typed by its
 * params and values (`r.output.values.strategies[0].utilisationPct`); given its id
 * (`reproduce("s000/fig4a", ...)`) the values are the erased `Record<string, unknown>`. Either way the
 * experiment must be the registered one.
 */
export async function reproduce<E extends AnyExperiment>(
  experiment: E,
  opts?: ReproduceOptions,
): Promise<Reproduction<ParamsOf<E>, ValuesOf<E>>>;
export async function reproduce(id: string, opts?: ReproduceOptions): Promise<Reproduction>;
export async function reproduce(
  target: string | AnyExperiment,
  opts: ReproduceOptions = {},
): Promise<Reproduction> {
  const id = typeof target === "string" ? target : target.id;
  const registry = defaultRegistry();
  if (typeof target !== "string" && (registry.get(id) as unknown) !== target)
    throw new ConfigError(
      `the experiment given for "${id}" is not the registered one`,
      "reproduce()",
      "pass the experiment the library exports (e.g. lib.s000.fig4a) or its id",
    );
  const config = loadExperimentsYaml(
    opts.configPath ?? join(repoRoot(), "experiments.yaml"),
    registry,
    opts.profile,
    paperWorlds(),
  );
  const resolved = config.experiments.find((e) => e.experiment.id === id);
  if (!resolved)
    throw new ConfigError(
      `unknown experiment id "${id}"`,
      "reproduce()",
      `known: ${config.experiments.map((e) => e.experiment.id).join(", ")}`,
    );
  const exp = resolved.experiment;
  let params = resolved.params;
  if (opts.params) {
    const parsed = exp.params.safeParse({ ...params, ...opts.params });
    if (!parsed.success)
      throw new ConfigError(
        parsed.error.issues[0].message,
        `reproduce("${id}").params.${parsed.error.issues[0].path.join(".")}`,
      );
    params = parsed.data as Record<string, unknown>;
  }
  const seed = opts.seed ?? config.seed;
  let world = resolved.world;
  if (opts.world) {
    const spec = paperWorlds()[paperOfId(id, "reproduce()")];
    if (!spec) throw new ConfigError(`paper of "${id}" has no world to override`, "reproduce().world");
    const parsed = overrideSchema(spec.defaults).safeParse(opts.world);
    if (!parsed.success)
      throw new ConfigError(
        parsed.error.issues[0].message,
        `reproduce("${id}").world.${parsed.error.issues[0].path.join(".")}`,
        `the fields and their defaults are in ${spec.source}`,
      );
    world = deepMerge(world, opts.world);
    spec.validate?.(world, `reproduce("${id}").world`);
  }
  const ctx = makeContext(
    id,
    config.profile,
    seed,
    new Cache(),
    opts.quiet ? null : process.stderr,
    1,
    world,
  );
  const { output, hit } = await runExperimentCached(exp, params, ctx, opts.force);
  const ledger = buildLedger(
    qualifiedPanels(exp.id, exp.panels),
    output.claims ?? {},
    undefined,
    output.undefinedClaims,
  );
  return {
    id,
    profile: config.profile,
    seed,
    params,
    world,
    output,
    ledger,
    figure: exp.figure(output, figureLedger(ledger), params as never),
    notes: exp.notes?.(output, ledger, params as never) ?? "",
    fromCache: hit,
    experiment: exp,
  };
}
