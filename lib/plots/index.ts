export * from "./architecture";
export * from "./exportPng";
export * from "./figure";
export * from "./strategyBars";
