// emits lib/chain/keccakF.ts: single-block keccak-256 with an unrolled, all-locals permutation
const R = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
]; // R[x][y]
const RC = [
  1, 0, 32898, 0, 32906, 2147483648, 2147516416, 2147483648, 32907, 0, 2147483649, 0, 2147516545, 2147483648,
  32777, 2147483648, 138, 0, 136, 0, 2147516425, 0, 2147483658, 0, 2147516555, 0, 139, 2147483648, 32905,
  2147483648, 32771, 2147483648, 32770, 2147483648, 128, 2147483648, 32778, 0, 2147483658, 2147483648,
  2147516545, 2147483648, 32896, 2147483648, 2147483649, 0, 2147516424, 2147483648,
];
const L = [];
const p = (s) => L.push(s);
const a = (x, y) => `a${x + 5 * y}`;
function rot(dst, srcL, srcH, n) {
  if (n === 0) return [`${dst}l = ${srcL};`, `${dst}h = ${srcH};`];
  if (n < 32)
    return [
      `${dst}l = (${srcL} << ${n}) | (${srcH} >>> ${32 - n});`,
      `${dst}h = (${srcH} << ${n}) | (${srcL} >>> ${32 - n});`,
    ];
  if (n === 32) return [`${dst}l = ${srcH};`, `${dst}h = ${srcL};`];
  const m = n - 32;
  return [
    `${dst}l = (${srcH} << ${m}) | (${srcL} >>> ${32 - m});`,
    `${dst}h = (${srcL} << ${m}) | (${srcH} >>> ${32 - m});`,
  ];
}
p(
  `/* Generated (see docs/adr/0500-chain-layer.md): Keccak-f[1600], 24 rounds, state held in locals. Do not edit by hand. */`,
);
p(`const RC = new Int32Array([${RC.map((v) => v | 0).join(", ")}]);`);
p(``);
p(`/**`);
p(
  ` * Keccak-256 of ONE block: \`blk\` holds the 34 rate words (136 bytes, little-endian 32-bit words) of an`,
);
p(` * input already padded (0x01 after the message, 0x80 in byte 135); the capacity starts at zero. Writes`);
p(` * the 8 digest words to out[o..o+7]. Inputs of at most 135 bytes fit one block.`);
p(` */`);
p(`export function keccakOneBlock(blk: Int32Array, out: Int32Array, o: number): void {`);
const decl = [];
for (let i = 0; i < 25; i++)
  decl.push(`a${i}l = ${i < 17 ? `blk[${2 * i}]` : "0"}`, `a${i}h = ${i < 17 ? `blk[${2 * i + 1}]` : "0"}`);
p(`  let ${decl.join(", ")};`);
const bdecl = [];
for (let i = 0; i < 25; i++) bdecl.push(`b${i}l = 0`, `b${i}h = 0`);
p(`  let ${bdecl.join(", ")};`);
p(
  `  let c0l = 0, c0h = 0, c1l = 0, c1h = 0, c2l = 0, c2h = 0, c3l = 0, c3h = 0, c4l = 0, c4h = 0, dl = 0, dh = 0;`,
);
p(`  for (let r = 0; r < 48; r += 2) {`);
for (let x = 0; x < 5; x++) {
  p(`    c${x}l = ${[0, 1, 2, 3, 4].map((y) => a(x, y) + "l").join(" ^ ")};`);
  p(`    c${x}h = ${[0, 1, 2, 3, 4].map((y) => a(x, y) + "h").join(" ^ ")};`);
}
for (let x = 0; x < 5; x++) {
  const cm = `c${(x + 4) % 5}`,
    cp = `c${(x + 1) % 5}`;
  p(`    dl = ${cm}l ^ ((${cp}l << 1) | (${cp}h >>> 31));`);
  p(`    dh = ${cm}h ^ ((${cp}h << 1) | (${cp}l >>> 31));`);
  for (let y = 0; y < 5; y++) {
    p(`    ${a(x, y)}l ^= dl;`);
    p(`    ${a(x, y)}h ^= dh;`);
  }
}
// rho + pi: B[y][2x+3y] = rot(A[x][y], R[x][y])
for (let x = 0; x < 5; x++)
  for (let y = 0; y < 5; y++) {
    const X = y,
      Y = (2 * x + 3 * y) % 5;
    for (const s of rot(`b${X + 5 * Y}`, a(x, y) + "l", a(x, y) + "h", R[x][y])) p(`    ${s}`);
  }
// chi
for (let y = 0; y < 5; y++)
  for (let x = 0; x < 5; x++) {
    const b0 = `b${x + 5 * y}`,
      b1 = `b${((x + 1) % 5) + 5 * y}`,
      b2 = `b${((x + 2) % 5) + 5 * y}`;
    p(`    ${a(x, y)}l = ${b0}l ^ (~${b1}l & ${b2}l);`);
    p(`    ${a(x, y)}h = ${b0}h ^ (~${b1}h & ${b2}h);`);
  }
p(`    a0l ^= RC[r];`);
p(`    a0h ^= RC[r + 1];`);
p(`  }`);
for (let i = 0; i < 4; i++) {
  p(`  out[o + ${2 * i}] = a${i}l;`);
  p(`  out[o + ${2 * i + 1}] = a${i}h;`);
}
p(`}`);
console.log(L.join("\n"));
