/**
 * Browser check: headless Chromium opens every exported figure.html under a results folder, waits for
 * Plotly to draw, asserts the plot is not empty (an SVG with at least one drawn trace, parallel-coordinates
 * axis, Sankey link or heatmap), and saves a
 * screenshot beside it (screenshot.png). Exits non-zero if any figure fails.
 *
 *   npx tsx scripts/browserCheck.ts results/ci
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../lib/plots/exportPng";

async function main(): Promise<number> {
  const root = resolve(process.argv[2] ?? "results/ci");
  // results/<profile>/<paper>/<experiment>/figure.html
  const pages = existsSync(root)
    ? readdirSync(root, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith("figure.html"))
        .map((f) => join(root, f))
        .sort()
    : [];
  if (pages.length === 0) {
    console.error(`browser check: no figure.html under ${root} (run npm run experiments first)`);
    return 1;
  }
  const browser = (await launchChromium()) as unknown as {
    newPage(): Promise<{
      goto(u: string): Promise<unknown>;
      waitForSelector(s: string, o: { timeout: number }): Promise<unknown>;
      evaluate<T>(f: string): Promise<T>;
      screenshot(o: { path: string; fullPage: boolean }): Promise<unknown>;
      close(): Promise<void>;
    }>;
    close(): Promise<void>;
  };
  let failed = 0;
  try {
    for (const f of pages) {
      const page = await browser.newPage();
      try {
        await page.goto(pathToFileURL(f).href);
        await page.waitForSelector('#figure[data-rendered="1"]', { timeout: 30000 });
        const drawn = await page.evaluate<number>(
          `document.querySelectorAll("#figure .main-svg .trace, #figure .main-svg .point, #figure .main-svg path.js-line, #figure .parcoords .y-axis, #figure .sankey .sankey-link, #figure .heatmaplayer .hm").length`,
        );
        if (drawn === 0) throw new Error("the plot rendered no trace (empty figure)");
        const shot = join(f, "..", "screenshot.png");
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`ok   ${f} (${drawn} drawn elements) -> ${shot}`);
      } catch (err) {
        failed++;
        console.log(`FAIL ${f}: ${(err as Error).message}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`browser check: ${pages.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (c) => {
    process.exitCode = c;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
