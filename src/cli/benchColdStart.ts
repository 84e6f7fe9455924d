// `npm run bench:cold`: page open → first heatmap in the built app (npm run build first), in
// headless Chromium. By default the scene is clicked at once, the moment its canvas is on the
// page (the app keeps a click made before the model is ready and explains it then); with
// `--click ready`, the moment the segmentation is shown. Phases come from the page's own
// signals: backend chosen, segmentation on screen ("ready"), heatmap drawn. A first visit runs
// in a fresh browser context; a second visit in the same context shows what caching saves.
// A script, not a test: numbers depend on the machine.
//   npm run bench:cold -- [--backend wasm|webgl|default] [--click at-once|ready] [--runs 3]   (BENCH_PHASES=1 prints the status line's timeline)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { CHROMIUM_FLAGS } from './benchServer';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

type ClickWhen = 'at-once' | 'ready';

interface Visit {
  backend: string;
  clickMs: number;
  backendMs: number;
  readyMs: number;
  heatmapMs: number;
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Records every status-line text with its time since navigation start, as window.__phases. */
// A string, not a function: tsx's keep-names helpers do not exist in the page.
const RECORD_PHASES = `
  const phases = [];
  window.__phases = phases;
  const note = () => {
    const progress = document.querySelector('.status-progress')?.textContent?.trim();
    const status = document.querySelector('[role="status"]')?.textContent?.trim();
    const text = progress || status || '';
    if (text && phases.at(-1)?.[1] !== text) phases.push([Math.round(performance.now()), text]);
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
`;

// The waits are page-side expressions as strings: this Node file has no DOM types.
/** Times on the page's clock (ms since navigation), read in the page. */
const NOW = 'Math.round(performance.now())';

async function visit(page: Page, url: string, when: ClickWhen): Promise<Visit> {
  await page.addInitScript({ content: RECORD_PHASES });
  await page.goto(url);
  const scene = page.getByRole('application', { name: 'Scene' });
  await scene.waitFor({ timeout: 120_000 });
  // Each signal's time is taken in the page, the moment it appears.
  const timeOf = (condition: string) =>
    page.waitForFunction(`(${condition}) ? ${NOW} : null`, undefined, { timeout: 300_000, polling: 10 }).then((h) => h.jsonValue() as Promise<number>);
  const backendAt = timeOf(`document.querySelector('[data-backend]')?.getAttribute('data-backend')`);
  const readyAt = timeOf(`document.querySelector('[data-ready="true"]')`);
  const heatmapAt = timeOf(`Number(document.querySelector('[data-compute-count]')?.getAttribute('data-compute-count')) >= 1`);
  if (when === 'ready') await readyAt;
  const box = await scene.boundingBox();
  if (!box) throw new Error('the scene has no box');
  const clickMs = await page.evaluate<number>(NOW);
  await scene.click({ position: { x: box.width * 0.5, y: box.height * 0.85 } });
  const [backendMs, readyMs, heatmapMs] = await Promise.all([backendAt, readyAt, heatmapAt]);
  const backend = (await scene.getAttribute('data-backend')) ?? '?';
  if (process.env.BENCH_PHASES) {
    const phases = await page.evaluate<[number, string][]>('window.__phases');
    for (const [ms, text] of phases) process.stderr.write(`  ${String(ms).padStart(6)} ms  ${text.slice(0, 100)}\n`);
  }
  return { backend, clickMs, backendMs, readyMs, heatmapMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(argv: readonly string[]): Promise<number> {
  if (!existsSync(join(REPO, 'dist/index.html'))) {
    process.stderr.write('bench:cold: no dist/ (run npm run build first)\n');
    return 2;
  }
  const backend = option(argv, '--backend') ?? 'wasm';
  const click = option(argv, '--click') ?? 'at-once';
  if (click !== 'at-once' && click !== 'ready') {
    process.stderr.write(`bench:cold: --click must be at-once or ready, not ${click}\n`);
    return 2;
  }
  const runs = Math.max(1, Number(option(argv, '--runs') ?? 3));
  const { preview } = await import('vite');
  const server = await preview({ root: REPO, logLevel: 'warn', preview: { host: '127.0.0.1', port: 4199, strictPort: false } });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the preview server did not start');
  const url = backend === 'default' ? base : `${base}?backend=${backend}`;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const first: Visit[] = [];
  const second: Visit[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      first.push(await visit(page, url, click));
      await page.close();
      const again = await context.newPage();
      second.push(await visit(again, url, click));
      await context.close();
      process.stderr.write(`run ${i + 1}: first visit ${first[i].heatmapMs} ms, second ${second[i].heatmapMs} ms to the first heatmap\n`);
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  const row = (name: string, v: Visit[]) =>
    `| ${name} | ${v[0].backend} | ${median(v.map((x) => x.clickMs))} | ${median(v.map((x) => x.backendMs))} | ` +
    `${median(v.map((x) => x.readyMs))} | ${median(v.map((x) => x.heatmapMs))} |`;
  process.stdout.write(
    [
      `page open → first heatmap, ${url}, clicking ${click === 'ready' ? 'once the scene is segmented' : 'at once'}, medians of ${runs} runs (ms since navigation)`,
      '| visit | backend | click | backend chosen | scene segmented (ready) | first heatmap |',
      '| --- | --- | --- | --- | --- | --- |',
      row('first (empty cache)', first),
      row('second (same browser context)', second),
    ].join('\n') + '\n',
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
