/** Numeric arrays the kernel works on: single precision for speed, double precision for checks. */
export type Floats = Float32Array | Float64Array;

export type Dtype = "f32" | "f64";

export function allocFloats(dtype: Dtype, length: number): Floats {
  return dtype === "f32" ? new Float32Array(length) : new Float64Array(length);
}

export function dtypeOf(a: Floats): Dtype {
  return a instanceof Float32Array ? "f32" : "f64";
}
