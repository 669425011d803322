#!/usr/bin/env node
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { ReproError } from "../core/errors";
import { repoRoot } from "../core/paths";
import { loadExperimentsYaml } from "../experiments/config";
import { parseShard, runExperiments, summaryTable } from "../experiments/runner";
import { defaultRegistry, PAPERS, paperWorlds } from "../papers/registry";
import { parseArgs } from "./args";

const USAGE = `Usage: npm run experiments -- [--profile ci|quick|paper] [--only ID ...] [--force] [--shard k/n] [--workers N] [--no-png] [--config experiments.yaml] [--list]

Runs the experiments of experiments.yaml (default profile from its defaults), writing
results/<profile>/<id>/{results.json, run.json, *.csv, figure.html, figure.png} and results/<profile>/claims.md.
Results are cached under data/cache (or $REPRO_CACHE_DIR): a warm re-run recomputes nothing; --force recomputes.
--workers N: worker threads for Fig. 9's sweep points and Monte Carlo draws (default: the number of cores);
the numbers do not depend on it.`;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    flags: ["force", "no-png", "help", "list"],
    options: ["profile", "only", "shard", "config", "workers"],
    multi: ["only"],
  });
  if (args.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length) {
    console.error(`Unexpected argument(s): ${args.positionals.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const configPath = resolve(args.options.config?.[0] ?? resolve(repoRoot(), "experiments.yaml"));
  const config = loadExperimentsYaml(configPath, defaultRegistry(), args.options.profile?.[0], paperWorlds());
  if (args.flags.has("list")) {
    for (const [paper, p] of Object.entries(PAPERS)) {
      const mine = config.experiments.filter((e) => e.experiment.id.startsWith(`${paper}/`));
      console.log(`${paper}  ${p.title} (${mine.length} experiment${mine.length === 1 ? "" : "s"})`);
      const width = Math.max(8, ...mine.map((e) => e.experiment.id.length));
      for (const e of mine)
        console.log(
          `  ${e.experiment.id.padEnd(width)} ${e.enabled ? "" : "(disabled) "}${e.experiment.title}`,
        );
    }
    return 0;
  }
  const summary = await runExperiments(config, {
    only: args.options.only,
    force: args.flags.has("force"),
    shard: args.options.shard ? parseShard(args.options.shard[0]) : undefined,
    png: !args.flags.has("no-png"),
    workers: args.options.workers ? Number(args.options.workers[0]) : availableParallelism(),
  });
  console.log(`\n${summaryTable(summary)}`);
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof ReproError) console.error(`error: ${err.message}`);
    else console.error(err);
    process.exitCode = 2;
  },
);
