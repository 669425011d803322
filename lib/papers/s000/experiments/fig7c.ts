import { fig7ChainPanel } from "./fig7chain";

/** Figure 7(c): see fig7chain.ts (measured EVM costs, modelled PoA network). */
export const fig7c = fig7ChainPanel("c", "Transaction latency vs prosumers, PoA model (seed 000, Fig. 7c)");
