export * from "./activation";
export * from "./floats";
export * from "./gemm";
export * from "./mlp";
export * from "./optim";
