import { ConfigError } from "../core/errors";

/** Minimal argv parsing: --flag, --key value, --key=value, repeated keys collected, positionals kept. */
export function parseArgs(
  argv: readonly string[],
  spec: { flags: readonly string[]; options: readonly string[]; multi?: readonly string[] },
) {
  const flags = new Set<string>();
  const options: Record<string, string[]> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positionals.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (spec.flags.includes(name)) {
      flags.add(name);
    } else if (spec.options.includes(name)) {
      const values: string[] = [];
      if (inline !== undefined) values.push(inline);
      else {
        while (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
          values.push(argv[++i]);
          if (!spec.multi?.includes(name)) break;
        }
      }
      if (values.length === 0) throw new ConfigError(`needs a value`, `--${name}`);
      options[name] = [...(options[name] ?? []), ...values.flatMap((v) => v.split(",")).filter(Boolean)];
    } else {
      throw new ConfigError(
        `unknown option`,
        `--${name}`,
        `known: ${[...spec.flags, ...spec.options].map((o) => `--${o}`).join(" ")}`,
      );
    }
  }
  return { flags, options, positionals };
}
