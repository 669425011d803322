/** The papers: the registry of every paper's experiments and reproduce() for notebooks. */
export * from "./registry";
export * from "./reproduce";
