/** Exogenous-series generators any paper can use: solar, wind, weather, prices, normal draws, forecast-error processes. */
export * from "./normal";
export * from "./prices";
export * from "./solar";
export * from "./uncertainty";
export * from "./weather";
export * from "./wind";
