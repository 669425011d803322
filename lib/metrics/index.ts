/** KPI library: one definition per KPI, pure functions over CityFlows (fairness indices, paired-seed statistics). */
export * from "./carbon";
export * from "./economics";
export * from "./fairness";
export * from "./flows";
export * from "./kpis";
export * from "./loadShape";
export * from "./renewables";
export * from "./stats";
export * from "./supply";
