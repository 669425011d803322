/**
 * One MADDPG gradient step at the ANCHORS sizes: 5 agents, actors 16-256-256-2, centralised critics
 * 90-256-256-1, batch 256, sampled from a 100,000-transition buffer, critic + actor updates and soft
 * target updates (paper defaults otherwise). Runs on OpenBLAS (when installed) and on the JS fallback.
 * PyTorch anchor (ANCHORS.md): 24-31 ms median, 1 thread.
 *   npx tsx bench/control-maddpg-step.ts [blasRuns=40] [jsRuns=3]
 */
import { Maddpg } from "../lib/control/maddpg";
import { ReplayBuffer } from "../lib/control/replayBuffer";
import { createRng } from "../lib/core/rng";
import { nnBackend, resetNnBackend } from "../lib/nn/gemm";
import { machine, summarise } from "./util";

const N = 5;
const OBS = 16;
const ACT = 2;
const BATCH = 256;

function setup() {
  const agents = Array.from({ length: N }, (_, i) => ({
    id: `a${i}`,
    observationSize: OBS,
    actionSize: ACT,
  }));
  const agent = new Maddpg(agents, { batchSize: BATCH }, 1);
  const buf = new ReplayBuffer(
    agents.map(() => OBS),
    agents.map(() => ACT),
    100_000,
  );
  const rng = createRng(1, "bench-fill");
  const o = () => agents.map(() => Float64Array.from({ length: OBS }, () => rng.normal()));
  const a = () => agents.map(() => Float64Array.from({ length: ACT }, () => rng.uniform(-1, 1)));
  for (let k = 0; k < 100_000; k++) {
    buf.add(
      o(),
      a(),
      Float64Array.from({ length: N }, () => rng.normal()),
      o(),
      rng.next() < 0.01,
    );
  }
  return { agent, buf, rng: createRng(1, "bench-sample") };
}

function timeSteps(runs: number, warmup: number) {
  const { agent, buf, rng } = setup();
  for (let k = 0; k < warmup; k++) agent.update(buf.sample(BATCH, rng));
  const ms: number[] = [];
  const sampleMs: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const b = buf.sample(BATCH, rng);
    const t1 = performance.now();
    agent.update(b);
    ms.push(performance.now() - t0);
    sampleMs.push(t1 - t0);
  }
  return { backend: nnBackend(), stepMs: summarise(ms), sampleMs: summarise(sampleMs) };
}

const blasRuns = Number(process.argv[2] ?? 40);
const jsRuns = Number(process.argv[3] ?? 3);
const results: Record<string, unknown> = {};
process.env.REPRO_NN_BACKEND = "auto";
const auto = resetNnBackend();
if (auto.name === "openblas") results.openblas = timeSteps(blasRuns, 5);
process.env.REPRO_NN_BACKEND = "js";
resetNnBackend();
if (jsRuns > 0) results.js = timeSteps(jsRuns, 1);
const blas = results.openblas as ReturnType<typeof timeSteps> | undefined;
console.log(
  JSON.stringify(
    {
      bench: "control-maddpg-step",
      sizes: { agents: N, actor: [OBS, 256, 256, ACT], critic: [N * (OBS + ACT), 256, 256, 1], batch: BATCH },
      notes:
        "target actions computed once per step (PyTorch anchor's --share-target-acts semantics); gradient clip 0.5 included",
      ...results,
      pytorchAnchorMs: [24, 31],
      ratioToPytorchMid: blas ? blas.stepMs.median / 27.5 : null,
      machine: machine(),
    },
    null,
    1,
  ),
);
