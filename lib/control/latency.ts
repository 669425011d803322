/**
 * Decision latency: the wall clock of the decision itself (not the environment step), in ms, as the
 * response-time comparison (Fig. 6(f), notes-000) needs. Every controller records it per step.
 */
export function timed<T>(fn: () => T): { value: T; latencyMs: number } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, latencyMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

/** A growable record of per-decision latencies with summary statistics. */
export class LatencyLog {
  private data = new Float64Array(1024);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  values(): Float64Array {
    return this.data.slice(0, this.n);
  }

  /** Median, p90, p99 and max in ms (NaN when empty). */
  summary(): {
    count: number;
    medianMs: number;
    p90Ms: number;
    p99Ms: number;
    maxMs: number;
    meanMs: number;
  } {
    const v = this.values().sort();
    const q = (p: number) =>
      v.length === 0 ? Number.NaN : v[Math.min(v.length - 1, Math.floor(p * v.length))];
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i];
    return {
      count: v.length,
      medianMs: q(0.5),
      p90Ms: q(0.9),
      p99Ms: q(0.99),
      maxMs: v.length ? v[v.length - 1] : Number.NaN,
      meanMs: v.length ? s / v.length : Number.NaN,
    };
  }
}
