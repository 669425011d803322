export * from "./exportPng";
export * from "./figure";
