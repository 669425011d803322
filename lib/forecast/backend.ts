import * as tf from "@tensorflow/tfjs";

let ready: Promise<string> | undefined;

/**
 * Selects the fastest tfjs backend available (DESIGN.md §6): tfjs-node ("tensorflow") when it is installed,
 * else the wasm backend (SIMD), else the pure-JS "cpu" backend with a warning. Idempotent.
 * `prefer` forces one backend (benchmarks compare wasm and cpu in one run).
 */
export function initForecastBackend(prefer?: "wasm" | "cpu" | "tensorflow"): Promise<string> {
  if (prefer) return setBackend(prefer);
  if (!ready) ready = pickBackend();
  return ready;
}

async function setBackend(name: string): Promise<string> {
  if (name === "wasm") require("@tensorflow/tfjs-backend-wasm");
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok) throw new Error(`tfjs backend "${name}" could not be initialised`);
  return tf.getBackend();
}

async function pickBackend(): Promise<string> {
  try {
    // Optional: never a dependency, only used if someone installed it.
    // danfojs-node's npm override maps "@tensorflow/tfjs-node" to plain tfjs (package.json): loading that alias
    // would bring a second tfjs-core; only the genuine package is used.
    const pkg = require("@tensorflow/tfjs-node/package.json") as { name?: string };
    if (pkg.name !== "@tensorflow/tfjs-node") throw new Error("alias, not tfjs-node");
    require("@tensorflow/tfjs-node");
    return await setBackend("tensorflow");
  } catch {
    /* not installed */
  }
  try {
    return await setBackend("wasm");
  } catch (err) {
    process.emitWarning(
      `forecast: tfjs wasm backend unavailable (${err instanceof Error ? err.message : err}); falling back to the pure-JS cpu backend (~5x slower)`,
    );
    return setBackend("cpu");
  }
}
