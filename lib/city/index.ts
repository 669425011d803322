/** The seed-000 city: scenario generators, entities, assets (lib/city). */
export * from "./battery";
export * from "./cityConfig";
export * from "./csvInput";
export * from "./demand";
export * from "./entities";
export * from "./entityClasses";
export * from "./ev";
export * from "./gridConnection";
export * from "./normal";
export * from "./prices";
export * from "./scenario";
export * from "./solar";
export * from "./stress";
export * from "./uncertainty";
export * from "./weather";
export * from "./wind";
