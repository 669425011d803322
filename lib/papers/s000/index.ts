/** Seed 000 (Elgammal, the coastal smart city): its world, env, agents and experiments (Figs 4-9). */
export * from "./agents";
export * from "./env";
export * from "./experiments";
export * from "./world";
