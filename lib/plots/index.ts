export * from "./architecture";
export * from "./exportPng";
export * from "./figure";
export * from "./overview";
export * from "./shareBars";
export * from "./strategyBars";
export * from "./timeProfile";
