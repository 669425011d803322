/** The library's public face: notebooks, the CLI and scripts import from here (built into dist/). */
export * from "./core";
export * from "./plots";
export * from "./experiments";
export * from "./market";
export * from "./metrics";
export * from "./optimise";
export * from "./nn";
export * from "./control";
export * from "./grid";
export * from "./forecast";
