export * from "./battery";
export * from "./batteryArbitrageEnv";
export * from "./env";
export * from "./latency";
export * from "./maddpg";
export * from "./noise";
export * from "./replayBuffer";
export * from "./train";
