/** The seed-000 city: scenario, entities, assets, its feeders and forecasters (the world; knows no controller). */
export * from "./battery";
export * from "./cityConfig";
export * from "./cityFeeder";
export * from "./csvInput";
export * from "./demand";
export * from "./entities";
export * from "./entityClasses";
export * from "./ev";
export * from "./forecasters";
export * from "./gridConnection";
export * from "./scenario";
export * from "./stress";
