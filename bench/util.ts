import os from "node:os";

/** Median, min, max, p10, p90 of samples. */
export function summarise(samples: number[]): {
  median: number;
  min: number;
  max: number;
  p10: number;
  p90: number;
  n: number;
} {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
  };
  return { median: q(0.5), min: s[0], max: s[s.length - 1], p10: q(0.1), p90: q(0.9), n: s.length };
}

export function machine() {
  return {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.platform()}-${os.arch()}`,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Runs `fn` `runs` times after `warmup` runs, returning per-run seconds. */
export async function timeRuns(
  fn: () => unknown | Promise<unknown>,
  runs: number,
  warmup = 1,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}
