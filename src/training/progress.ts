/** "step 120/3000 ▕████░░░░▏ 4% loss 0.5231 1.62 steps/s ETA 29m37s" */
export function formatProgress(p: {
  step: number;
  total: number;
  loss: number;
  stepsPerSec: number;
  width?: number;
  /** Time left when a time budget ends the run before `total`. */
  budgetLeftSeconds?: number;
}): string {
  const width = p.width ?? 20;
  const fraction = p.total > 0 ? Math.min(1, p.step / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const bySteps = p.stepsPerSec > 0 ? (p.total - p.step) / p.stepsPerSec : Infinity;
  const eta = formatDuration(Math.min(bySteps, p.budgetLeftSeconds ?? Infinity));
  return (
    `step ${p.step}/${p.total} ▕${bar}▏ ${Math.floor(fraction * 100)}% ` +
    `loss ${p.loss.toFixed(4)} ${p.stepsPerSec.toFixed(2)} steps/s ETA ${eta}`
  );
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(rest).padStart(2, '0')}s`;
}

/** Redraws one line on a terminal; writes a line every `everyLines` updates when logging to a file. */
export class ProgressLine {
  private updates = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly everyLines = 10,
  ) {}

  update(text: string): void {
    this.updates++;
    if (this.stream.isTTY) this.stream.write(`\r${text}\x1b[K`);
    else if (this.updates % this.everyLines === 0) this.stream.write(text + '\n');
  }

  log(text: string): void {
    this.stream.write((this.stream.isTTY ? '\r\x1b[K' : '') + text + '\n');
  }
}
