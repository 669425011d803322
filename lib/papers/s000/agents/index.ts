/** Seed 000's controllers on the city env: MADDPG agents, MPC, GA-EMS, the rule policies and the strategy list. */
export * from "./cityGaEms";
export * from "./cityMaddpg";
export * from "./cityMpc";
export * from "./cityPolicies";
export * from "./cityStrategies";
export * from "./cityTraining";
