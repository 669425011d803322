/** The library's public face: notebooks, the CLI and scripts import from here (built into dist/). */

export * from "./chain";
export * from "./city";
export * from "./control";
export * from "./core";
export * from "./experiments";
export * from "./forecast";
export * from "./grid";
export * from "./market";
export * from "./metrics";
export * from "./nn";
export * from "./optimise";
export * from "./plots";
export * from "./sim";
