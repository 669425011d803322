export * from "./errors";
export * from "./hash";
export * from "./rng";
export * from "./series";
export * from "./time";
