import { createRng } from "../../lib/core/rng";
import { type Activation, activationBackward, applyActivation } from "../../lib/nn/activation";
import { Mlp } from "../../lib/nn/mlp";
import { Adam, clipGradNorm, softUpdate } from "../../lib/nn/optim";

/** Loss = sum(out * weights): dLoss/dOut = weights. */
function loss(net: Mlp, x: Float64Array, batch: number, w: Float64Array): number {
  const y = net.forward(x, batch);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * w[i];
  return s;
}

describe("Mlp gradients vs central finite differences (float64)", () => {
  const acts: Activation[][] = [
    ["relu", "tanh", "linear"],
    ["sigmoid", "relu", "tanh"],
  ];
  test.each(acts)("activations %s, %s, %s", (...act) => {
    const rng = createRng(1, "mlp-gradcheck", act.join());
    const net = new Mlp({ sizes: [4, 6, 5, 3], activations: act, dtype: "f64" }).init(rng);
    const batch = 3;
    const x = Float64Array.from({ length: batch * 4 }, () => rng.normal());
    const w = Float64Array.from({ length: batch * 3 }, () => rng.normal());
    net.zeroGrad();
    net.forward(x, batch);
    const dx = Float64Array.from(net.backward(w, { inputGrad: true })!);
    const h = 1e-6;
    for (let i = 0; i < net.params.length; i++) {
      const p = net.params[i];
      net.params[i] = p + h;
      const up = loss(net, x, batch, w);
      net.params[i] = p - h;
      const down = loss(net, x, batch, w);
      net.params[i] = p;
      expect(net.grads[i]).toBeCloseTo((up - down) / (2 * h), 6);
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      x[i] = v + h;
      const up = loss(net, x, batch, w);
      x[i] = v - h;
      const down = loss(net, x, batch, w);
      x[i] = v;
      expect(dx[i]).toBeCloseTo((up - down) / (2 * h), 6);
    }
  });

  test("gradients accumulate until zeroGrad; paramGrads:false leaves them alone", () => {
    const rng = createRng(2, "mlp-acc");
    const net = new Mlp({ sizes: [3, 4, 2], activations: ["tanh", "linear"], dtype: "f64" }).init(rng);
    const x = Float64Array.from({ length: 6 }, () => rng.normal());
    const d = Float64Array.of(1, -1, 0.5, 2);
    net.zeroGrad();
    net.forward(x, 2);
    net.backward(d);
    const once = Float64Array.from(net.grads);
    net.forward(x, 2);
    net.backward(d);
    for (let i = 0; i < once.length; i++) expect(net.grads[i]).toBeCloseTo(2 * once[i], 12);
    net.forward(x, 2);
    net.backward(d, { paramGrads: false, inputGrad: true });
    for (let i = 0; i < once.length; i++) expect(net.grads[i]).toBeCloseTo(2 * once[i], 12);
  });

  test("f32 and f64 networks with the same seed agree; batch rows are independent", () => {
    const a = new Mlp({ sizes: [5, 8, 2], activations: ["relu", "tanh"], dtype: "f64" }).init(
      createRng(3, "x"),
    );
    const b = new Mlp({ sizes: [5, 8, 2], activations: ["relu", "tanh"], dtype: "f32" }).init(
      createRng(3, "x"),
    );
    const rng = createRng(3, "in");
    const x = Float64Array.from({ length: 20 }, () => rng.normal());
    const ya = Float64Array.from(a.forward(x, 4));
    const yb = b.forward(Float32Array.from(x), 4);
    for (let i = 0; i < 8; i++) expect(yb[i]).toBeCloseTo(ya[i], 5);
    const y1 = a.forward(x.subarray(5, 10), 1);
    expect(y1[0]).toBeCloseTo(ya[2], 12);
    expect(y1[1]).toBeCloseTo(ya[3], 12);
  });
});

describe("Adam", () => {
  test("two steps equal the hand-computed update (Kingma & Ba 2015, Algorithm 1)", () => {
    const p = Float64Array.of(1, -2);
    const adam = new Adam(2, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    adam.step(p, Float64Array.of(0.5, -3));
    // step 1: mhat = g, vhat = g^2 -> p -= lr * g/|g| (+eps)
    expect(p[0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)), 12);
    expect(p[1]).toBeCloseTo(-2 + 0.1 * (3 / (3 + 1e-8)), 12);
    adam.step(p, Float64Array.of(0.1, 1));
    // step 2 by hand for parameter 0: m = 0.9*0.05 + 0.1*0.1 = 0.055; v = 0.999*0.00025 + 0.001*0.01
    const m = 0.9 * 0.05 + 0.1 * 0.1;
    const v = 0.999 * (0.001 * 0.25) + 0.001 * 0.01;
    const mhat = m / (1 - 0.81);
    const vhat = v / (1 - 0.999 ** 2);
    const p1 = 1 - 0.1 * (0.5 / (0.5 + 1e-8));
    expect(p[0]).toBeCloseTo(p1 - (0.1 * mhat) / (Math.sqrt(vhat) + 1e-8), 12);
    expect(adam.stepCount).toBe(2);
  });

  test("minimises a quadratic", () => {
    const p = Float64Array.of(5, -3);
    const adam = new Adam(2, { lr: 0.05 });
    const g = new Float64Array(2);
    for (let i = 0; i < 2000; i++) {
      g[0] = 2 * (p[0] - 1);
      g[1] = 20 * (p[1] + 2);
      adam.step(p, g);
    }
    expect(p[0]).toBeCloseTo(1, 3);
    expect(p[1]).toBeCloseTo(-2, 3);
  });
});

describe("softUpdate and clipGradNorm", () => {
  test("soft update is the convex combination tau*source + (1-tau)*target", () => {
    const t = Float64Array.of(1, 2, 3);
    softUpdate(t, Float64Array.of(11, 12, 13), 0.005);
    expect(t[0]).toBeCloseTo(0.995 * 1 + 0.005 * 11, 14);
    expect(t[2]).toBeCloseTo(0.995 * 3 + 0.005 * 13, 14);
    // n updates toward a fixed source close the gap by (1-tau)^n
    const u = Float64Array.of(0);
    for (let i = 0; i < 100; i++) softUpdate(u, Float64Array.of(1), 0.005);
    expect(u[0]).toBeCloseTo(1 - 0.995 ** 100, 12);
  });

  test("clipGradNorm scales to the max norm and reports the original", () => {
    const g = Float64Array.of(3, 4);
    expect(clipGradNorm(g, 1)).toBe(5);
    expect(g[0]).toBeCloseTo(0.6, 14);
    expect(g[1]).toBeCloseTo(0.8, 14);
    const h = Float64Array.of(0.3, 0.4);
    clipGradNorm(h, 1);
    expect(h[0]).toBe(0.3);
  });
});

describe("float32 ReLU kernels (bit-level, branch-free)", () => {
  test("forward and backward equal the definition, including zeros, -0 and tiny values", () => {
    const rng = createRng(4, "relu32");
    const vals = [0, -0, 1e-40, -1e-40, 3.5, -3.5, ...Array.from({ length: 994 }, () => rng.normal())];
    const z = Float32Array.from(vals);
    const ref = Float32Array.from(z, (v) => Math.max(0, v));
    applyActivation("relu", z, z.length);
    for (let i = 0; i < z.length; i++) expect(z[i] === ref[i] || (z[i] === 0 && ref[i] === 0)).toBe(true);
    for (let i = 0; i < z.length; i++) expect(Object.is(z[i], -0)).toBe(false);
    const d = Float32Array.from(vals, () => rng.normal());
    const want = Float32Array.from(d, (g, i) => (z[i] > 0 ? g : 0));
    activationBackward("relu", z, d, d.length);
    expect(Array.from(d)).toEqual(Array.from(want));
    // a view at an offset touches only its own elements
    const buf = Float32Array.of(-1, -2, -3, -4);
    applyActivation("relu", buf.subarray(1, 3), 2);
    expect(Array.from(buf)).toEqual([-1, 0, 0, -4]);
  });
});
