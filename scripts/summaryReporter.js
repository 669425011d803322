/**
 * A Jest reporter that ends the run with one plain line, "tests: N passed, N failed, N skipped",
 * which CI systems read as the run's summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
