/** Grid physics: radial power flow (sweep + Newton-Raphson check), time series, city feeder mapping, frequency, metrics. */

export * from "./feederData";
export * from "./frequency";
export * from "./injections";
export * from "./linearExp";
export * from "./newtonRaphson";
export * from "./powerFlowResult";
export * from "./radialNetwork";
export * from "./stabilityMetrics";
export * from "./sweep";
export * from "./timeSeries";
