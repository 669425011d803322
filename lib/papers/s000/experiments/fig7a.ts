import { fig7ChainPanel } from "./fig7chain";

/** Figure 7(a): see fig7chain.ts (measured EVM costs, modelled PoA network). */
export const fig7a = fig7ChainPanel(
  "a",
  "Transaction throughput vs prosumers, PoA model from measured EVM costs (seed 000, Fig. 7a)",
);
