#!/usr/bin/env node
import { Cache } from "../core/cache";
import { ReproError } from "../core/errors";
import { fmtInt } from "../core/progress";
import { parseArgs } from "./args";

const USAGE = `Usage: npm run cache -- ls | prune [--older-than DAYS] | clear | merge DIR

  ls      list entries (component, key, size, created, last used)
  prune   remove corrupt entries, leftover temp files, and (with --older-than) entries unused for DAYS days
  clear   delete the whole cache
  merge   copy in the valid entries of another cache folder (e.g. from a --shard run elsewhere)
The cache lives in data/cache, or $REPRO_CACHE_DIR.`;

function main(): number {
  const args = parseArgs(process.argv.slice(2), { flags: ["help"], options: ["older-than"] });
  const [cmd, ...rest] = args.positionals;
  if (args.flags.has("help") || !cmd) {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const cache = new Cache();
  switch (cmd) {
    case "ls": {
      const entries = cache.ls();
      for (const e of entries) {
        console.log(
          `${e.component.padEnd(28)} ${e.key.slice(0, 16)}  ${fmtInt(e.bytes).padStart(12)} B  created ${e.createdAt}  used ${e.lastUsedAt}${e.codec === "corrupt" ? "  CORRUPT" : ""}`,
        );
      }
      console.log(
        `${entries.length} entries, ${fmtInt(entries.reduce((a, e) => a + e.bytes, 0))} bytes in ${cache.root}`,
      );
      return 0;
    }
    case "prune": {
      const days = args.options["older-than"] ? Number(args.options["older-than"][0]) : undefined;
      if (days !== undefined && !(days >= 0))
        throw new ReproError(`must be a non-negative number of days`, "--older-than");
      const { removed, freedBytes } = cache.prune(days);
      console.log(`removed ${removed.length} file(s), freed ${fmtInt(freedBytes)} bytes`);
      return 0;
    }
    case "clear":
      cache.clear();
      console.log(`cleared ${cache.root}`);
      return 0;
    case "merge": {
      if (!rest[0]) throw new ReproError("needs the folder of the other cache", "cache merge");
      const r = cache.merge(rest[0]);
      console.log(`copied ${r.copied}, already present ${r.present}, skipped corrupt ${r.corrupt}`);
      return 0;
    }
    default:
      console.error(`unknown command "${cmd}"\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(err instanceof ReproError ? `error: ${err.message}` : err);
  process.exitCode = 2;
}
