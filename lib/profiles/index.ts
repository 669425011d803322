/**
 * Exogenous-series generators any paper can use: solar, wind, weather, prices, normal draws, forecast-error
 * processes (each at any step, default 15 min: ./step.ts), and the CSV series reader.
 */
export * from "./csvSeries";
export * from "./normal";
export * from "./prices";
export * from "./solar";
export * from "./step";
export * from "./uncertainty";
export * from "./weather";
export * from "./wind";
