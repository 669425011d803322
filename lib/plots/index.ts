export * from "./exportPng";
export * from "./figure";
export * from "./strategyBars";
export * from "./architecture";
