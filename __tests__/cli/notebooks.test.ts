import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { executeNotebook, injectParameters, setupKernel } from "../../lib/cli/notebooks";
import { repoRoot } from "../../lib/core/paths";

describe("parameter injection (papermill's parameters tag, substituted in place)", () => {
  it("replaces the declared values in the tagged cell and appends undeclared ones", () => {
    const nb = {
      cells: [
        { cell_type: "markdown", metadata: {}, source: "# t" },
        {
          cell_type: "code",
          metadata: { tags: ["parameters"] },
          source: 'let profile = "quick";\nlet seed: number | undefined = undefined;',
        },
        { cell_type: "code", metadata: {}, source: "console.log(profile)" },
      ],
    };
    const out = injectParameters(nb, { profile: "ci", seed: 3, extra: true });
    expect(out.cells).toHaveLength(3);
    expect(out.cells[1].metadata.tags).toEqual(["injected-parameters"]);
    const src = (out.cells[1].source as string[]).join("");
    expect(src).toContain('let profile = "ci";');
    expect(src).toContain("let seed: number | undefined = 3;");
    expect(src).toContain("let extra = true;");
    expect(src).not.toContain("quick");
    expect(nb.cells[1].metadata.tags).toEqual(["parameters"]); // the original is untouched
  });

  it("puts a parameters cell first when no cell is tagged", () => {
    const out = injectParameters(
      { cells: [{ cell_type: "code", metadata: {}, source: "1" }] },
      { profile: "ci" },
    );
    expect(out.cells[0].metadata.tags).toEqual(["injected-parameters"]);
    expect((out.cells[0].source as string[]).join("")).toContain('let profile = "ci";');
  });
});

// Executes the Figure 4(a) slice notebook for real with Jupyter + tslab. Needs Debian's Jupyter
// packages (installed by .ci/run before the tests); skipped, loudly, where they are absent.
const hasJupyter =
  existsSync("/usr/bin/python3") &&
  spawnSync("/usr/bin/python3", ["-c", "import nbclient, nbconvert, ipykernel"]).status === 0;
const hasBuild = existsSync(join(repoRoot(), "dist", "index.js"));
const maybe = hasJupyter && hasBuild ? describe : describe.skip;
if (!hasJupyter || !hasBuild) {
  console.warn(
    `notebook execution test skipped: ${!hasJupyter ? "Debian Jupyter packages not installed" : "dist/ not built (npm run build)"}`,
  );
}

maybe("notebook execution (tslab kernel, headless)", () => {
  it("executes notebooks/s000-01-utilisation on the ci profile and shows the fig4a figure and ledger", () => {
    setupKernel();
    const [ipynb, html] = executeNotebook("s000-01-utilisation", { profile: "ci" }, "ci-test");
    const nb = JSON.parse(readFileSync(ipynb, "utf8"));
    const outputs = nb.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []);
    const text = JSON.stringify(outputs);
    expect(text).not.toContain('"output_type": "error"');
    expect(text).toContain("Plotly.newPlot");
    expect(text).toContain("renewable utilisation");
    expect(readFileSync(html, "utf8")).toContain("<html");
  }, 600_000);

  it("fails with the cell's error when a cell throws", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const bad = join(repoRoot(), "notebooks", "zz-failing-test.ipynb");
    fs.writeFileSync(
      bad,
      JSON.stringify({
        cells: [
          {
            cell_type: "code",
            metadata: {},
            source: 'throw new Error("cell exploded");',
            outputs: [],
            execution_count: null,
          },
        ],
        metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    try {
      setupKernel();
      expect(() => executeNotebook("zz-failing-test", { profile: "ci" }, "ci-test")).toThrow(/cell exploded/);
    } finally {
      fs.rmSync(bad, { force: true });
    }
  }, 300_000);
});
