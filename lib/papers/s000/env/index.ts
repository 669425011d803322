/** The city env (PettingZoo-style parallel API), its agents, class aggregates, the fixed rule policy and episode runner. */
export * from "./agents";
export * from "./cityEnv";
export * from "./classFlows";
export * from "./energyProblem";
export * from "./forecastFeed";
export * from "./mooRewardWeights";
export * from "./rulePolicy";
export * from "./runEpisode";
export * from "./stability";
