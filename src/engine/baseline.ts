/**
 * The baseline: the open findings a team accepted at one point, recorded by fingerprint, so that
 * later runs report (and fail on) only what is new. Fingerprints are content-based (see
 * fingerprint.ts), so moving code around does not make an accepted finding new.
 */
import { UsageError } from '../errors.js';
import type { BaselineSummary, Finding } from '../types.js';
import { readRegularText } from '../util/safe-fs.js';
import { compareText } from './order.js';

export const BASELINE_FILE_NAME = '.twelve-audit-baseline.json';
const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  /** The finding's message (secrets already masked): for the humans reading the diff. */
  message: string;
}

interface BaselineDocument {
  version: number;
  tool: string;
  findings: BaselineEntry[];
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint);
}

/** The baseline file's text for these findings: open ones only, sorted, one stable shape. */
export function serializeBaseline(findings: readonly Finding[]): string {
  const entries = findings
    .filter((finding) => !finding.suppressed)
    .map(({ fingerprint, ruleId, file, message }) => ({ fingerprint, ruleId, file, message }))
    .sort(compareEntries);
  const document: BaselineDocument = { version: BASELINE_VERSION, tool: 'twelve-audit', findings: entries };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function isEntry(value: unknown): value is BaselineEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry['fingerprint'] === 'string' && typeof entry['ruleId'] === 'string' && typeof entry['file'] === 'string';
}

/** Parses a baseline file's text; a file that is not one is a UsageError naming it. */
export function parseBaseline(text: string, shownAs: string): BaselineEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the error: the file may be anything, so it is not echoed.
    throw new UsageError(`Invalid baseline ${shownAs}: not JSON${jsonErrorPosition(error)}`);
  }
  const findings = (document as Partial<BaselineDocument> | null)?.findings;
  const version = (document as Partial<BaselineDocument> | null)?.version;
  if (version !== BASELINE_VERSION || !Array.isArray(findings) || !findings.every(isEntry)) {
    throw new UsageError(`Invalid baseline ${shownAs}: expected { "version": ${BASELINE_VERSION}, "findings": [{ "fingerprint", "ruleId", "file", ... }] } as written by \`twelve-audit baseline\``);
  }
  return findings;
}

/** A baseline is a few KB per hundred findings; anything far larger is not one. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a baseline file: a regular file only (never a device, pipe or socket), bounded in size.
 * `userNamed`: the user gave the path (a symlink there is followed); otherwise the repository's config did.
 */
export function readBaseline(path: string, shownAs: string, userNamed = true): BaselineEntry[] {
  const read = readRegularText(path, { maxBytes: MAX_BASELINE_BYTES, followSymlink: userNamed });
  if (!read.ok) {
    if (read.problem === 'missing') throw new UsageError(`Baseline file not found: ${shownAs} (create it with \`twelve-audit baseline\`)`);
    const why = read.problem === 'unreadable' ? `cannot read it (${read.code ?? 'unknown error'})` : read.problem === 'symlink' ? 'it is a symbolic link (not followed)' : read.problem === 'too large' ? `it is over ${MAX_BASELINE_BYTES} bytes` : 'it is not a regular file';
    throw new UsageError(`Cannot read baseline ${shownAs}: ${why}`);
  }
  return parseBaseline(read.text, shownAs);
}

/** " at position N" from a JSON.parse error, without the excerpt of the text it quotes. */
function jsonErrorPosition(error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return position ? ` (syntax error at offset ${position[1]})` : '';
}

/**
 * The findings with the open ones the baseline holds marked `baselined` (they stay in the report, out
 * of the score and the exit code), in the same order, and the summary: how many it holds, and the
 * baseline entries no finding matches any more.
 */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[], file: string): { findings: Finding[]; summary: BaselineSummary } {
  const accepted = new Set(entries.map((entry) => entry.fingerprint));
  const seen = new Set(findings.map((finding) => finding.fingerprint));
  const marked = findings.map((finding) => (!finding.suppressed && accepted.has(finding.fingerprint) ? { ...finding, baselined: true } : finding));
  const baselined = marked.filter((finding) => finding.baselined === true).length;
  const fixed = entries.filter((entry) => !seen.has(entry.fingerprint)).length;
  return { findings: marked, summary: { file, entries: entries.length, baselined, fixed } };
}
