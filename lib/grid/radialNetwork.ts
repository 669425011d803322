import { DataError } from "../core/errors";
import type { FeederData } from "./feederData";

/**
 * A radial feeder in per unit, ordered for sweeps. Buses are kept in the feeder's numbering
 * (0-based index = bus number - 1); `order` lists them breadth-first from the slack, so every bus
 * comes after its parent. Each non-slack bus owns the branch that feeds it (`rPu[i]`, `xPu[i]`,
 * `branchOfBus[i]` = its index in the feeder's branch list). Built once, reused every solve.
 */
export interface RadialNetwork {
  readonly name: string;
  readonly nBus: number;
  readonly baseMva: number;
  readonly baseKv: number;
  readonly slack: number;
  readonly order: Int32Array;
  readonly parent: Int32Array;
  readonly rPu: Float64Array;
  readonly xPu: Float64Array;
  readonly branchOfBus: Int32Array;
  /** Branch b runs fromBus -> toBus (0-based), as published. */
  readonly fromBus: Int32Array;
  readonly toBus: Int32Array;
  /** Published base-case loads in MW / Mvar per bus. */
  readonly pLoadMw: Float64Array;
  readonly qLoadMvar: Float64Array;
}

/** Builds the sweep ordering; throws DataError if the branches do not form a tree rooted at the slack. */
export function buildRadialNetwork(f: FeederData): RadialNetwork {
  const nBus = f.pLoadKw.length;
  const nBranch = f.fromBus.length;
  const zBase = (f.baseKv * f.baseKv) / f.baseMva;
  const adjHead = new Int32Array(nBus).fill(-1);
  const adjNext = new Int32Array(2 * nBranch);
  const adjBranch = new Int32Array(2 * nBranch);
  const adjBus = new Int32Array(2 * nBranch);
  const fromBus = new Int32Array(nBranch);
  const toBus = new Int32Array(nBranch);
  for (let b = 0; b < nBranch; b++) {
    const u = f.fromBus[b] - 1;
    const v = f.toBus[b] - 1;
    fromBus[b] = u;
    toBus[b] = v;
    for (const [k, a, c] of [
      [2 * b, u, v],
      [2 * b + 1, v, u],
    ]) {
      adjBranch[k] = b;
      adjBus[k] = c;
      adjNext[k] = adjHead[a];
      adjHead[a] = k;
    }
  }
  const slack = f.slackBus - 1;
  const parent = new Int32Array(nBus).fill(-2);
  const branchOfBus = new Int32Array(nBus).fill(-1);
  const rPu = new Float64Array(nBus);
  const xPu = new Float64Array(nBus);
  const order = new Int32Array(nBus);
  parent[slack] = -1;
  order[0] = slack;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const a = order[head++];
    for (let k = adjHead[a]; k >= 0; k = adjNext[k]) {
      const c = adjBus[k];
      if (c === parent[a] && branchOfBus[a] === adjBranch[k]) continue;
      if (parent[c] !== -2) {
        throw new DataError(
          `branch ${adjBranch[k] + 1} closes a loop at bus ${c + 1}`,
          `${f.name}.fromBus`,
          "the sweep needs a radial (tree) feeder",
        );
      }
      parent[c] = a;
      branchOfBus[c] = adjBranch[k];
      rPu[c] = f.rOhm[adjBranch[k]] / zBase;
      xPu[c] = f.xOhm[adjBranch[k]] / zBase;
      order[tail++] = c;
    }
  }
  if (tail !== nBus) {
    const lost = [...parent.keys()].filter((i) => parent[i] === -2).map((i) => i + 1);
    throw new DataError(`buses ${lost.join(", ")} are not connected to the slack`, `${f.name}.fromBus`);
  }
  return {
    name: f.name,
    nBus,
    baseMva: f.baseMva,
    baseKv: f.baseKv,
    slack,
    order,
    parent,
    rPu,
    xPu,
    branchOfBus,
    fromBus,
    toBus,
    pLoadMw: Float64Array.from(f.pLoadKw, (v) => v / 1000),
    qLoadMvar: Float64Array.from(f.qLoadKvar, (v) => v / 1000),
  };
}
