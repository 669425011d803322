import { hashValue, sha256, stableStringify } from "../../lib/core/hash";

describe("hash", () => {
  it("canonicalises key order, typed arrays and undefined", () => {
    expect(stableStringify({ b: 1, a: [1, 2], c: undefined })).toBe('{"a":[1,2],"b":1}');
    expect(stableStringify(new Float64Array([1.5, 2]))).toBe("[1.5,2]");
    expect(hashValue({ x: 1, y: 2 })).toBe(hashValue({ y: 2, x: 1 }));
    expect(hashValue({ x: 1 })).not.toBe(hashValue({ x: 2 }));
  });

  it("computes SHA-256 as the published test vector says", () => {
    // FIPS 180-2, appendix B.1
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
