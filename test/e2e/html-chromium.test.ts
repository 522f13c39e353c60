/**
 * The HTML report in a real browser: the built CLI writes it, headless Chromium loads it from disk
 * (its Content-Security-Policy allowing no network), runs its script and takes a screenshot. Runs
 * where a Chromium is installed (Debian's `chromium`); test/report/html.test.ts covers the page in a
 * DOM everywhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { copyAsRepository } from '../helpers/copy.js';
import { FIXTURES } from '../helpers/paths.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => existsSync(path));
const WIDTH = 1200;
const HEIGHT = 1400;

function chromium(args: string[]): { status: number | null; stdout: string } {
  const profile = mkdtempSync(join(tmpdir(), 'twelve-audit-chromium-'));
  const result = spawnSync(
    CHROMIUM as string,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 90_000 },
  );
  return { status: result.status, stdout: result.stdout };
}

/** Width, height and the distinct byte values of a PNG's decompressed pixel rows: a blank page has very few. */
function pngFacts(png: Buffer): { width: number; height: number; distinctBytes: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const chunks: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') chunks.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), distinctBytes: new Set(pixels).size };
}

describe('html report', () => {
  const work = mkdtempSync(join(tmpdir(), 'twelve-audit-html-'));
  const page = join(work, 'report.html');

  it('is written by the CLI as one file', () => {
    const repo = copyAsRepository(join(FIXTURES, 'apps/kitchen-sink'));
    const result = runCli([repo, '--format', 'html', '--output', page, '--fail-on', 'none']);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>\n/);
  });

  if (CHROMIUM !== undefined) {
    it('renders in headless Chromium: its script runs and the screenshot shows the report', { timeout: 180_000 }, () => {
      const dom = chromium(['--dump-dom', pathToFileURL(page).href]);
      expect(dom.status).toBe(0);
      expect(dom.stdout).toContain('<html lang="en" class="js">');
      expect(dom.stdout).toMatch(/id="shown" class="muted">(\d+) of \1 findings shown/);
      expect((dom.stdout.match(/<figure class="chart"/g) ?? []).length).toBe(2);

      const shot = join(work, 'report.png');
      const screenshot = chromium([`--window-size=${WIDTH},${HEIGHT}`, `--screenshot=${shot}`, pathToFileURL(page).href]);
      expect(screenshot.status).toBe(0);
      const facts = pngFacts(readFileSync(shot));
      expect({ width: facts.width, height: facts.height }).toEqual({ width: WIDTH, height: HEIGHT });
      expect(facts.distinctBytes).toBeGreaterThan(64);
    });
  }
});
