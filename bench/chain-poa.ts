/** PoA model sweep over prosumers (modelled, from measured EVM costs). Run: npx tsx bench/chain-poa.ts */
import { DEFAULT_POA_CONFIG, loadEvmCalibration, simulatePoa } from "../lib/chain";
import { machine } from "./util";

const cal = loadEvmCalibration();
const rows = [2000, 10_000, 25_000, 50_000].map((prosumers) => {
  const t0 = performance.now();
  const r = simulatePoa({ ...DEFAULT_POA_CONFIG, prosumers }, cal, 1);
  return { prosumers, ...r, wallMs: performance.now() - t0 };
});
console.log(JSON.stringify({ bench: "chain-poa", machine: machine(), config: DEFAULT_POA_CONFIG, rows }));
