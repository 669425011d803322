import type { Floats } from "./floats";

/** Element-wise activations of a dense layer. */
export type Activation = "linear" | "relu" | "tanh" | "sigmoid";

export function applyActivation(act: Activation, z: Floats, length: number): void {
  switch (act) {
    case "linear":
      return;
    case "relu":
      for (let i = 0; i < length; i++) if (z[i] < 0) z[i] = 0;
      return;
    case "tanh":
      for (let i = 0; i < length; i++) z[i] = Math.tanh(z[i]);
      return;
    case "sigmoid":
      for (let i = 0; i < length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
      return;
  }
}

/** dz = da * act'(z), with the derivative written through the activation's OUTPUT y (in place on da). */
export function activationBackward(act: Activation, y: Floats, da: Floats, length: number): void {
  switch (act) {
    case "linear":
      return;
    case "relu":
      for (let i = 0; i < length; i++) if (y[i] <= 0) da[i] = 0;
      return;
    case "tanh":
      for (let i = 0; i < length; i++) da[i] *= 1 - y[i] * y[i];
      return;
    case "sigmoid":
      for (let i = 0; i < length; i++) da[i] *= y[i] * (1 - y[i]);
      return;
  }
}
