import path from "node:path";
import { ConfigError } from "../core/errors";
import type { Problem } from "./problem";

/**
 * Where a worker finds a problem: a module (absolute path, or relative to the current directory)
 * and the name of its export, which is either a `Problem` or a factory `(args) => Problem`. `args`
 * must be structured-cloneable (plain data). Problems stay plain modules; nothing is serialised
 * but this reference.
 */
export interface ProblemModuleRef {
  readonly modulePath: string;
  readonly exportName: string;
  readonly args?: unknown;
}

/** Loads the problem a reference names (the same resolution the workers use). */
export function loadProblem(ref: ProblemModuleRef): Problem {
  const where = `problem module ${ref.modulePath}#${ref.exportName}`;
  const file = path.resolve(ref.modulePath);
  let mod: Record<string, unknown>;
  try {
    mod = require(file) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(
      `cannot load: ${e instanceof Error ? e.message : String(e)}`,
      where,
      "give an absolute path to a .js module (or .ts when running under tsx/jest)",
    );
  }
  const exp = mod[ref.exportName];
  const problem = typeof exp === "function" ? (exp as (a: unknown) => Problem)(ref.args) : exp;
  if (!problem || typeof (problem as Problem).evaluate !== "function")
    throw new ConfigError(
      "export is neither a Problem nor a function returning one",
      where,
      `check the export name; found ${Object.keys(mod).join(", ")}`,
    );
  return problem as Problem;
}
