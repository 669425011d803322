/**
 * Progress display for long runs: steps done, rate, ETA. On a terminal it redraws one line; otherwise
 * (CI, logs, notebooks) it prints a line at most every `intervalS` seconds, so logs stay short.
 * Nothing is printed for tasks that finish within `quietS` seconds.
 */
export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  readonly unit?: string;
  /** Where to write; defaults to stderr. Pass `null` for silence. */
  readonly stream?: NodeJS.WritableStream | null;
  readonly intervalS?: number;
  readonly quietS?: number;
  /** Clock (ms); injectable for tests. */
  readonly now?: () => number;
}

export class Progress {
  private done = 0;
  private readonly start: number;
  private lastPrint: number;
  private printedAny = false;
  private readonly tty: boolean;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
    this.lastPrint = this.start;
    const s = opts.stream === undefined ? process.stderr : opts.stream;
    this.tty = Boolean(s && (s as NodeJS.WriteStream).isTTY);
  }

  /** Advances by `n` steps (or sets the absolute count with `set`). */
  tick(n = 1): void {
    this.set(this.done + n);
  }

  set(done: number): void {
    this.done = done;
    const t = this.now();
    const interval = (this.opts.intervalS ?? (this.tty ? 0.2 : 5)) * 1000;
    const quiet = (this.opts.quietS ?? 2) * 1000;
    if (t - this.start >= quiet && t - this.lastPrint >= interval) {
      this.lastPrint = t;
      this.write(this.line(t), false);
    }
  }

  /** Final line (only if anything was printed before, or `always`). */
  finish(always = false): void {
    const t = this.now();
    if (this.printedAny || always)
      this.write(`${this.line(t)} done in ${fmtDuration((t - this.start) / 1000)}`, true);
  }

  /** The current status text, e.g. "fig4a simulate 12,000/35,040 steps (34%) 2,400/s ETA 9s". */
  line(t = this.now()): string {
    const { label, total, unit = "steps" } = this.opts;
    const elapsedS = Math.max(1e-9, (t - this.start) / 1000);
    const rate = this.done / elapsedS;
    const pct = total > 0 ? Math.floor((100 * this.done) / total) : 0;
    const eta = rate > 0 && total > this.done ? ` ETA ${fmtDuration((total - this.done) / rate)}` : "";
    return `${label} ${fmtInt(this.done)}/${fmtInt(total)} ${unit} (${pct}%) ${fmtInt(rate)}/s${eta}`;
  }

  private write(text: string, final: boolean): void {
    const s = this.opts.stream === undefined ? process.stderr : this.opts.stream;
    if (!s) return;
    this.printedAny = true;
    if (this.tty) s.write(`\r\x1b[2K${text}${final ? "\n" : ""}`);
    else s.write(`${text}\n`);
  }
}

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

export function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 1) return `${(s * 1000).toFixed(0)}ms`;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60)
    return `${m}m${Math.round(s - 60 * m)
      .toString()
      .padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${(m % 60).toString().padStart(2, "0")}m`;
}
