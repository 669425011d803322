import { existsSync } from "node:fs";
import { writeFileAtomic } from "../core/atomicWrite";
import type { PlotlyFigure } from "./figure";
import { plotlyJs } from "./figure";

/**
 * PNG export: Plotly.toImage inside Debian's headless Chromium driven by playwright-core.
 * Never downloads a browser; if none is installed, `findChromium()` returns undefined and callers
 * skip PNGs (the HTML is always written).
 */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function findChromium(): string | undefined {
  const env = process.env.REPRO_CHROMIUM;
  if (env) return existsSync(env) ? env : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

type Browser = { newPage(): Promise<Page>; close(): Promise<void> };
type Page = {
  setContent(html: string): Promise<void>;
  evaluate<T>(fn: string): Promise<T>;
  goto(url: string): Promise<unknown>;
  waitForSelector(sel: string, opts?: { timeout?: number }): Promise<unknown>;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
  close(): Promise<void>;
};

/** Launches Chromium (headless, no network features). Close it with `browser.close()`. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error("no Chromium found (install Debian's `chromium` package, or set REPRO_CHROMIUM)");
  const { chromium } = await import("playwright-core");
  return (await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
  })) as unknown as Browser;
}

/** Renders figures to PNG files with one browser. */
export class PngExporter {
  private browser?: Browser;
  private page?: Page;

  async write(fig: PlotlyFigure, path: string, width = 1100, height = 560): Promise<void> {
    if (!this.page) {
      this.browser = await launchChromium();
      this.page = await this.browser.newPage();
      await this.page.setContent(
        `<html><body><div id="f"></div><script>${plotlyJs()}</script></body></html>`,
      );
    }
    const spec = JSON.stringify({ data: fig.data, layout: { ...fig.layout, width, height } });
    const dataUrl = await this.page.evaluate<string>(
      `(async () => { const s = ${spec}; await Plotly.newPlot("f", s.data, s.layout); return Plotly.toImage("f", { format: "png", width: ${width}, height: ${height} }); })()`,
    );
    writeFileAtomic(path, Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.browser = undefined;
    this.page = undefined;
  }
}
