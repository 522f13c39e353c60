/**
 * Where one run's reports go: the main report (`--format`, to stdout or `--output`) plus any number
 * of extra files (`--sarif`, `--json`, `--markdown`), all rendered from the same Report.
 */
import { relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { REPORTERS } from '../report/index.js';
import type { Reporter, ReporterOptions } from '../report/types.js';
import { jsonWithoutRawControls, visibleDeep } from '../util/visible-text.js';
import type { Report } from '../types.js';
import { writeFileAtomic } from '../util/write-atomic.js';

export interface OutputTarget {
  format: string;
  /** As given on the command line; undefined means stdout. */
  file?: string;
}

/** The extra report files a run writes, by the flag that asks for each. */
export const EXTRA_OUTPUT_FLAGS = ['sarif', 'json', 'markdown'] as const;
export type ExtraOutputFlag = (typeof EXTRA_OUTPUT_FLAGS)[number];

export function outputTargets(main: OutputTarget, extras: Partial<Record<ExtraOutputFlag, string>>, cwd: string): OutputTarget[] {
  const targets = [main, ...EXTRA_OUTPUT_FLAGS.flatMap((format) => (extras[format] === undefined ? [] : [{ format, file: extras[format] }]))];
  const files = targets.flatMap((target) => (target.file === undefined ? [] : [resolve(cwd, target.file)]));
  const duplicate = files.find((file, index) => files.indexOf(file) !== index);
  if (duplicate !== undefined) throw new UsageError(`Two reports would be written to the same file: ${relative(cwd, duplicate) || duplicate}`);
  return targets;
}

/**
 * One format's text. The JSON report is the data itself, lossless (its raw controls escaped the JSON
 * way); every other format shows repository text with its control and bidi characters made visible.
 */
function rendered(reporter: Reporter, report: Report, format: string, options: ReporterOptions): string {
  if (format === 'json') return jsonWithoutRawControls(reporter(report, options));
  const output = reporter(visibleDeep(report), options);
  return format === 'sarif' ? jsonWithoutRawControls(output) : output;
}

/** Renders every target; returns what goes to stdout (at most the main report). */
export function writeOutputs(report: Report, targets: readonly OutputTarget[], options: (target: OutputTarget) => ReporterOptions, cwd: string): string {
  let stdout = '';
  for (const target of targets) {
    const reporter = REPORTERS[target.format];
    if (!reporter) throw new UsageError(`Unknown format: ${target.format}`);
    const output = rendered(reporter, report, target.format, options(target));
    if (target.file === undefined) stdout += output;
    else writeFileAtomic(resolve(cwd, target.file), output, { shownAs: target.file, userNamed: true });
  }
  return stdout;
}

/**
 * On GitHub Actions, the URL prefix that makes Markdown links open the audited commit's files
 * (paths are then given from the repository top); undefined elsewhere.
 */
export function githubLinkBase(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  if (!server || !repository || !sha) return undefined;
  return `${server.replace(/\/$/, '')}/${repository}/blob/${sha}/`;
}
