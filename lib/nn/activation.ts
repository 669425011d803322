import type { Floats } from "./floats";

// Module-level aliases: under jest's vm sandbox global `Math` lookups in hot loops are several times slower.
const tanh = Math.tanh;
const exp = Math.exp;

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
      for (let i = 0; i < length; i++) z[i] = tanh(z[i]);
      return;
    case "sigmoid":
      for (let i = 0; i < length; i++) z[i] = 1 / (1 + exp(-z[i]));
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
