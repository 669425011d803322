import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { type Activation, activationBackward, applyActivation } from "./activation";
import { allocFloats, type Dtype, type Floats } from "./floats";
import { gemm } from "./gemm";

/** A fully connected network: sizes [in, h1, ..., out], one activation per layer. */
export interface MlpSpec {
  readonly sizes: readonly number[];
  readonly activations: readonly Activation[];
  /** Default "f32" (BLAS sgemm); "f64" for gradient checks. */
  readonly dtype?: Dtype;
  /**
   * Output-layer weights and biases drawn from U(-s, s) instead of the default; DDPG uses 3e-3 so the
   * initial policy and Q outputs are near zero (Lillicrap et al. 2016, ICLR, Sec. 7).
   */
  readonly finalLayerInitScale?: number;
}

interface Workspace {
  /** outs[l] = output of layer l (batch x sizes[l+1]). */
  readonly outs: Floats[];
  /** grads w.r.t. layer outputs / inputs: da[l] has batch x sizes[l]. */
  readonly da: Floats[];
  /** batch ones, for bias gradients by GEMM. */
  readonly ones: Floats;
  input: Floats | null;
}

/**
 * Dense layers with forward and backward passes over row-major batches (batch x features).
 * All weights and biases live in ONE array (`params`, gradients in `grads`), so Adam, soft updates
 * and copies are single loops. Layer l: W_l (in x out, row-major) then b_l (out).
 * Gradients ACCUMULATE (call `zeroGrad()` first), which parameter sharing relies on.
 */
export class Mlp {
  readonly sizes: readonly number[];
  readonly activations: readonly Activation[];
  readonly dtype: Dtype;
  readonly params: Floats;
  readonly grads: Floats;
  readonly weights: Floats[] = [];
  readonly biases: Floats[] = [];
  readonly gradWeights: Floats[] = [];
  readonly gradBiases: Floats[] = [];
  private readonly workspaces = new Map<number, Workspace>();
  private last: { ws: Workspace; batch: number } | null = null;

  constructor(readonly spec: MlpSpec) {
    const { sizes, activations } = spec;
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
      throw new ConfigError(`needs >= 2 positive integer sizes, got [${sizes.join(", ")}]`, "MlpSpec.sizes");
    }
    if (activations.length !== sizes.length - 1) {
      throw new ConfigError(
        `needs ${sizes.length - 1} activations (one per layer), got ${activations.length}`,
        "MlpSpec.activations",
      );
    }
    this.sizes = [...sizes];
    this.activations = [...activations];
    this.dtype = spec.dtype ?? "f32";
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1] + sizes[l + 1];
    this.params = allocFloats(this.dtype, total);
    this.grads = allocFloats(this.dtype, total);
    let off = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nw = sizes[l] * sizes[l + 1];
      this.weights.push(this.params.subarray(off, off + nw));
      this.gradWeights.push(this.grads.subarray(off, off + nw));
      off += nw;
      this.biases.push(this.params.subarray(off, off + sizes[l + 1]));
      this.gradBiases.push(this.grads.subarray(off, off + sizes[l + 1]));
      off += sizes[l + 1];
    }
  }

  get inputSize(): number {
    return this.sizes[0];
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1];
  }

  get layerCount(): number {
    return this.sizes.length - 1;
  }

  /**
   * PyTorch's nn.Linear default: W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (Kaiming uniform with
   * a = sqrt(5)); the output layer optionally U(-s, s) (see `finalLayerInitScale`).
   */
  init(rng: Rng): this {
    for (let l = 0; l < this.layerCount; l++) {
      const last = l === this.layerCount - 1;
      const bound =
        last && this.spec.finalLayerInitScale !== undefined
          ? this.spec.finalLayerInitScale
          : 1 / Math.sqrt(this.sizes[l]);
      const w = this.weights[l];
      for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-bound, bound);
      const b = this.biases[l];
      for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-bound, bound);
    }
    return this;
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  private workspace(batch: number): Workspace {
    let ws = this.workspaces.get(batch);
    if (!ws) {
      ws = {
        outs: this.sizes.slice(1).map((s) => allocFloats(this.dtype, batch * s)),
        da: this.sizes.map((s) => allocFloats(this.dtype, batch * s)),
        ones: allocFloats(this.dtype, batch).fill(1),
        input: null,
      };
      this.workspaces.set(batch, ws);
    }
    return ws;
  }

  /**
   * Forward pass of `batch` rows of `x` (batch x inputSize). Returns the network's own output buffer
   * (valid until the next forward with the same batch size). `x` is kept by reference for `backward`:
   * do not overwrite it in between.
   */
  forward(x: Floats, batch: number): Floats {
    if (x.length < batch * this.inputSize) {
      throw new ConfigError(
        `input has ${x.length} values, needs batch ${batch} x ${this.inputSize}`,
        "Mlp.forward(x)",
      );
    }
    const ws = this.workspace(batch);
    ws.input = x;
    let a: Floats = x;
    for (let l = 0; l < this.layerCount; l++) {
      const nin = this.sizes[l];
      const nout = this.sizes[l + 1];
      const z = ws.outs[l];
      const b = this.biases[l];
      // bias rows: one set, then doubling copyWithin (a memmove each); a JS loop costs ~20x more
      z.set(b, 0);
      const total = batch * nout;
      for (let filled = nout; filled < total; ) {
        const n = Math.min(filled, total - filled);
        z.copyWithin(filled, 0, n);
        filled += n;
      }
      gemm(false, false, batch, nout, nin, 1, a, nin, this.weights[l], nout, 1, z, nout);
      applyActivation(this.activations[l], z, batch * nout);
      a = z;
    }
    this.last = { ws, batch };
    return a;
  }

  /**
   * Backward pass for the LAST forward: `dOut` = dLoss/dOutput (batch x outputSize). Adds parameter
   * gradients into `grads` unless `paramGrads` is false; returns dLoss/dInput (the network's buffer)
   * when `inputGrad` is true, else null. `dOut` is not modified.
   */
  backward(dOut: Floats, opts: { paramGrads?: boolean; inputGrad?: boolean } = {}): Floats | null {
    const paramGrads = opts.paramGrads ?? true;
    const inputGrad = opts.inputGrad ?? false;
    if (this.last === null) throw new ConfigError("backward called before forward", "Mlp.backward");
    const { ws, batch } = this.last;
    const L = this.layerCount;
    const dLast = ws.da[L];
    dLast.set(dOut.subarray(0, batch * this.outputSize));
    for (let l = L - 1; l >= 0; l--) {
      const nin = this.sizes[l];
      const nout = this.sizes[l + 1];
      const dz = ws.da[l + 1];
      activationBackward(this.activations[l], ws.outs[l], dz, batch * nout);
      const aIn = l === 0 ? ws.input! : ws.outs[l - 1];
      if (paramGrads) {
        gemm(true, false, nin, nout, batch, 1, aIn, nin, dz, nout, 1, this.gradWeights[l], nout);
        // bias gradient = column sums of dz = ones(1 x batch) * dz, as a GEMM
        gemm(false, false, 1, nout, batch, 1, ws.ones, batch, dz, nout, 1, this.gradBiases[l], nout);
      }
      if (l > 0 || inputGrad) {
        gemm(false, true, batch, nin, nout, 1, dz, nout, this.weights[l], nout, 0, ws.da[l], nin);
      }
    }
    return inputGrad ? ws.da[0] : null;
  }

  /** A new network with the same spec and a copy of the parameters (e.g. a target network). */
  clone(): Mlp {
    const m = new Mlp(this.spec);
    m.params.set(this.params);
    return m;
  }
}
