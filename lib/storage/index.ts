/** Storage engines: the battery model (one for the whole library). */
export * from "./battery";
