/**
 * Runs the jest contract tests under `hardhat coverage` (mocha): maps jest's globals onto mocha's
 * and points the artifact loader at the instrumented artifacts. Used by `npm run coverage:contracts`.
 */
// biome-ignore lint/suspicious/noExplicitAny: test-runner globals
const g = globalThis as any;
// biome-ignore lint/suspicious/noExplicitAny: hardhat runtime environment
const hre: any = require("hardhat");
process.env.CHAIN_ARTIFACTS_DIR = hre.config.paths.artifacts;
g.beforeAll = g.before;
g.afterAll = g.after;
g.test = g.it;
g.expect = require("expect").expect;
require("./contracts.test");
