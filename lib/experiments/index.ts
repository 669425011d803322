export * from "./claims";
export * from "./config";
export * from "./csv";
export * from "./overview";
export * from "./registry";
export * from "./reproduce";
export * from "./runner";
export * from "./types";
