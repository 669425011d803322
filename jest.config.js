/** Jest runs the TypeScript sources directly through SWC (type checking is `npm run typecheck`). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["<rootDir>/scripts/jestTransform.js", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
  testTimeout: 120000,
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/scripts/summaryReporter.js"],
};
