/**
 * The library's public face: notebooks, the CLI and scripts import from here (built into dist/).
 * Engines are exported flat; each paper is a namespace (`s000.generateScenario`, ...).
 */

export * from "./chain";
export * from "./control";
export * from "./core";
export * from "./experiments";
export * from "./forecast";
export * from "./grid";
export * from "./market";
export * from "./metrics";
export * from "./nn";
export * from "./optimise";
export * from "./papers";
export * as s000 from "./papers/s000";
export * from "./plots";
export * from "./profiles";
export * from "./storage";
