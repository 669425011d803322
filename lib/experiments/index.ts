/** The experiment framework: the runner, experiments.yaml, the claims ledger, CSV tables and the experiment types. */
export * from "./claims";
export * from "./config";
export * from "./csv";
export * from "./runner";
export * from "./seedHarness";
export * from "./types";
export * from "./world";
