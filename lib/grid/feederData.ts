import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../core/errors";
import { repoRoot } from "../core/paths";

/**
 * A radial feeder as published: 1-based bus numbers, branch impedances in ohm, constant-power
 * loads in kW / kvar. Files live in data/feeders/<name>.json with their citation.
 */
export interface FeederData {
  readonly name: string;
  /** The published source of every number in the file. */
  readonly citation: string;
  readonly note?: string;
  readonly baseKv: number;
  readonly baseMva: number;
  /** The substation bus (slack), 1-based. */
  readonly slackBus: number;
  readonly fromBus: readonly number[];
  readonly toBus: readonly number[];
  readonly rOhm: readonly number[];
  readonly xOhm: readonly number[];
  /** Per bus (index = bus number - 1). */
  readonly pLoadKw: readonly number[];
  readonly qLoadKvar: readonly number[];
}

/** Feeders shipped in data/feeders. `case38si` is a labelled substitute for seed 003's 40-bus feeder. */
export const FEEDER_NAMES = ["ieee33bw", "case38si"] as const;
export type FeederName = (typeof FEEDER_NAMES)[number];

const cache = new Map<string, FeederData>();

/** Loads and validates data/feeders/<name>.json (cached). */
export function loadFeeder(name: FeederName | string, dir = join(repoRoot(), "data", "feeders")): FeederData {
  const path = join(dir, `${name}.json`);
  const hit = cache.get(path);
  if (hit) return hit;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new DataError(
      `cannot read feeder file (${(e as Error).message})`,
      path,
      `known: ${FEEDER_NAMES.join(", ")}`,
    );
  }
  const f = validateFeeder(raw as FeederData, path);
  cache.set(path, f);
  return f;
}

/** Checks array lengths, finiteness and bus ranges; returns the feeder unchanged. */
export function validateFeeder(f: FeederData, where = "feeder"): FeederData {
  const nBranch = f.fromBus?.length;
  if (!(nBranch > 0)) throw new DataError("fromBus must be a non-empty array", `${where}.fromBus`);
  for (const key of ["toBus", "rOhm", "xOhm"] as const) {
    if (f[key]?.length !== nBranch) {
      throw new DataError(
        `must have ${nBranch} entries like fromBus, got ${f[key]?.length}`,
        `${where}.${key}`,
      );
    }
  }
  const nBus = f.pLoadKw?.length;
  if (f.qLoadKvar?.length !== nBus) throw new DataError(`must have ${nBus} entries`, `${where}.qLoadKvar`);
  if (nBranch !== nBus - 1) {
    throw new DataError(
      `a radial feeder has nBus - 1 branches; got ${nBranch} branches for ${nBus} buses`,
      `${where}.fromBus`,
      "list only closed branches (drop open tie lines)",
    );
  }
  if (!(f.baseKv > 0) || !(f.baseMva > 0)) throw new DataError("baseKv and baseMva must be positive", where);
  for (let b = 0; b < nBranch; b++) {
    for (const key of ["fromBus", "toBus"] as const) {
      const v = f[key][b];
      if (!Number.isInteger(v) || v < 1 || v > nBus) {
        throw new DataError(`must be a bus number in 1..${nBus}, got ${v}`, `${where}.${key}[${b}]`);
      }
    }
    if (!(f.rOhm[b] >= 0) || !Number.isFinite(f.xOhm[b]) || (f.rOhm[b] === 0 && f.xOhm[b] === 0)) {
      throw new DataError("impedance must be finite, r >= 0 and not zero", `${where}.rOhm/xOhm[${b}]`);
    }
  }
  for (let i = 0; i < nBus; i++) {
    if (!Number.isFinite(f.pLoadKw[i]) || !Number.isFinite(f.qLoadKvar[i])) {
      throw new DataError("load must be finite", `${where}.pLoadKw/qLoadKvar[${i}]`);
    }
  }
  return f;
}
