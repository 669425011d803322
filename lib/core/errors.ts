/**
 * Errors that tell the user what was wrong, where, and what to do.
 * `where` is a location a person can find (a file and key path, a CSV row, a function argument).
 */
export class ReproError extends Error {
  constructor(
    message: string,
    readonly where?: string,
    readonly hint?: string,
  ) {
    super([where ? `${where}: ${message}` : message, hint ? `(${hint})` : ""].filter(Boolean).join(" "));
    this.name = new.target.name;
  }
}

/** A configuration value (experiments.yaml, a config object) is missing or of the wrong shape. */
export class ConfigError extends ReproError {}

/** Input data (a CSV, a series) is malformed: wrong length, gaps, negative values, wrong units. */
export class DataError extends ReproError {}

/** A cache entry failed its checksum or could not be decoded. */
export class CacheCorruptError extends ReproError {}

/** A numerical method did not converge (power flow, an optimiser with a tolerance). */
export class ConvergenceError extends ReproError {}

/** Throws a ConfigError unless `value` is a finite number inside [min, max]. */
export function requireInRange(value: number, min: number, max: number, where: string): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`must be a number in [${min}, ${max}], got ${String(value)}`, where);
  }
  return value;
}

/** Throws a ConfigError unless `value` is a positive integer. */
export function requirePositiveInt(value: number, where: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`must be a positive integer, got ${JSON.stringify(value)}`, where);
  }
  return value;
}
