/**
 * One training epoch of an MLP 192 -> 128 -> 64 -> 24 (ReLU, linear out, MSE, Adam 1e-3), 2,000
 * samples, batch 64: lib/nn on OpenBLAS and on its JS fallback, and tfjs on the wasm backend, in one run.
 * ANCHORS.md: PyTorch 1 thread 0.010 s; tfjs wasm 0.09 s.
 *   npx tsx bench/nn-mlp-epoch.ts [runs=10] [tfjs=1]
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { createRng } from "../lib/core/rng";
import { Adam, Mlp, nnBackend, resetNnBackend } from "../lib/nn";
import { machine, summarise } from "./util";

const N = 2000;
const B = 64;
const SIZES = [192, 128, 64, 24];

function data() {
  const rng = createRng(1, "bench-mlp");
  const x = Float32Array.from({ length: N * SIZES[0] }, () => rng.normal());
  const y = Float32Array.from({ length: N * SIZES[3] }, () => rng.normal());
  return { x, y };
}

function ourEpochs(runs: number) {
  const { x, y } = data();
  const net = new Mlp({ sizes: SIZES, activations: ["relu", "relu", "linear"] }).init(createRng(1, "init"));
  const opt = new Adam(net.params.length, { lr: 1e-3 });
  const dOut = new Float32Array(B * SIZES[3]);
  const epoch = () => {
    let loss = 0;
    for (let s = 0; s + B <= N; s += B) {
      const xb = x.subarray(s * SIZES[0], (s + B) * SIZES[0]);
      const out = net.forward(xb, B);
      const yo = s * SIZES[3];
      for (let i = 0; i < dOut.length; i++) {
        const e = out[i] - y[yo + i];
        loss += e * e;
        dOut[i] = (2 * e) / dOut.length;
      }
      net.zeroGrad();
      net.backward(dOut);
      opt.step(net.params, net.grads);
    }
    return loss;
  };
  epoch();
  const s: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    epoch();
    s.push((performance.now() - t0) / 1000);
  }
  return { backend: nnBackend(), epochSeconds: summarise(s) };
}

async function tfjsEpochs(runs: number) {
  await tf.setBackend("wasm");
  await tf.ready();
  const { x, y } = data();
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [SIZES[0]], units: SIZES[1], activation: "relu" }),
      tf.layers.dense({ units: SIZES[2], activation: "relu" }),
      tf.layers.dense({ units: SIZES[3] }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "meanSquaredError" });
  const xs = tf.tensor2d(x, [N, SIZES[0]]);
  const ys = tf.tensor2d(y, [N, SIZES[3]]);
  const epoch = () => model.fit(xs, ys, { batchSize: B, epochs: 1, shuffle: false, verbose: 0 });
  await epoch();
  const s: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await epoch();
    s.push((performance.now() - t0) / 1000);
  }
  return { backend: tf.getBackend(), epochSeconds: summarise(s) };
}

async function main() {
  const runs = Number(process.argv[2] ?? 10);
  const withTf = (process.argv[3] ?? "1") !== "0";
  const out: Record<string, unknown> = { bench: "nn-mlp-epoch", sizes: SIZES, samples: N, batch: B };
  process.env.REPRO_NN_BACKEND = "auto";
  if (resetNnBackend().name === "openblas") out.libNnOpenblas = ourEpochs(runs);
  process.env.REPRO_NN_BACKEND = "js";
  resetNnBackend();
  out.libNnJs = ourEpochs(Math.max(3, Math.floor(runs / 3)));
  if (withTf) out.tfjsWasm = await tfjsEpochs(Math.max(3, Math.floor(runs / 2)));
  out.anchors = { pytorch1ThreadSeconds: 0.01, tfjsWasmSeconds: 0.09 };
  out.machine = machine();
  console.log(JSON.stringify(out, null, 1));
}
main();
