import { fig7ChainPanel } from "./fig7chain";

/** Figure 7(d): see fig7chain.ts (measured EVM costs, modelled PoA network). */
export const fig7d = fig7ChainPanel("d", "PoA consensus overhead vs prosumers (seed 000, Fig. 7d)");
