/**
 * What each command does, loaded only when a command runs (not for --help or --version): this
 * module pulls in the engine, the parsers and the reporters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { audit, auditInParallel, resolveConfig, type AuditOptions, type AuditResult } from '../audit.js';
import { BASELINE_FILE_NAME, serializeBaseline } from '../engine/baseline.js';
import { starterConfig, findConfigFile } from '../config/load.js';
import type { FailOn } from '../config/types.js';
import { UsageError } from '../errors.js';
import { FACTORS, factorBySlug } from '../factors.js';
import { PACKAGE_ROOT, ruleDocsPath, ruleDocsUrl } from '../meta.js';
import { saveResult, snapshotBefore } from '../result-cache/results.js';
import { TOOL_CHECK_IDS } from '../tool-checks.js';
import type { Rule } from '../types.js';
import { didYouMean, suggest } from '../util/suggest.js';
import type { Io } from './io.js';
import { COMMAND_NAMES } from './program.js';
import { outputTargets } from './outputs.js';
import { present } from './present.js';
import { progressRenderer, wantsProgress } from './progress.js';
import { cacheAsked, isTimingEnv, resultFileOf, resultKeyOf } from './reuse.js';
import { writeFileAtomic } from '../util/write-atomic.js';

export interface AuditFlags {
  format: string;
  output?: string;
  sarif?: string;
  json?: string;
  markdown?: string;
  category?: string;
  linkBase?: string;
  baseline?: string;
  minScore?: number;
  failOn?: FailOn;
  config?: string;
  rule: string[];
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  maxWarnings?: number;
  ignorePattern: string[];
  app?: string;
  printConfig?: boolean;
  /** `--no-progress` sets it false; the line shows only where `wantsProgress` allows. */
  progress?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  timing?: boolean;
}

export interface BaselineFlags {
  output?: string;
  config?: string;
  rule: string[];
}

/** A path that does not exist but reads like a mistyped command (`rule`) gets a "did you mean". */
function checkPath(path: string, io: Io): void {
  if (existsSync(resolve(io.cwd, path))) return;
  const command = suggest(path, COMMAND_NAMES);
  if (command !== undefined) throw new UsageError(`Path not found: ${path} (did you mean the command "${command}"?)`);
}

function auditOptions(path: string, flags: AuditFlags, rules: readonly Rule[], io: Io): AuditOptions {
  return {
    root: resolve(io.cwd, path),
    rules,
    configPath: flags.config === undefined ? undefined : resolve(io.cwd, flags.config),
    ruleFlags: flags.rule,
    minScore: flags.minScore,
    failOn: flags.failOn,
    baselinePath: flags.baseline,
    ignorePatterns: flags.ignorePattern,
    cwd: io.cwd,
    ...(cacheAsked(flags) && {
      cache: flags.cacheLocation === undefined ? {} : { location: resolve(io.cwd, flags.cacheLocation) },
    }),
    ...((flags.timing === true || isTimingEnv(io.env.TIMING)) && { timing: true }),
  };
}

export async function runAudit(path: string, flags: AuditFlags, rules: readonly Rule[], io: Io): Promise<number> {
  checkPath(path, io);
  const options = auditOptions(path, flags, rules, io);
  if (flags.printConfig) {
    io.stdout.write(`${JSON.stringify(resolveConfig(options), null, 2)}\n`);
    return 0;
  }
  const config = resolveConfig(options);
  const resultFile = cacheAsked(flags) || config.cache ? resultFileOf(path, flags, io) : undefined;
  // Taken before the audit reads the tree: an edit made while it runs shows as a change next time.
  const before = resultFile === undefined ? undefined : snapshotBefore(resultKeyOf(path, flags, io), config);
  const targets = outputTargets({ format: flags.format, file: flags.output }, flags, io.cwd);
  const stdoutFormat = targets.find((target) => target.file === undefined)?.format;
  const progress =
    flags.progress !== false && wantsProgress({ stderr: io.stderr, env: io.env, stdoutFormat, quiet: flags.quiet === true })
      ? progressRenderer(io.stderr)
      : undefined;
  let audited: AuditResult;
  try {
    audited = await auditInParallel(progress === undefined ? options : { ...options, onProgress: (state) => progress.update(state) });
  } finally {
    progress?.done();
  }
  if (resultFile !== undefined && before !== undefined) saveResult(resultFile, before, { report: audited.report, config: audited.config });
  return present(audited, flags, targets, io);
}

/** `explain RULE-ID`: the rule's doc page as shipped in the package. */
export function runExplain(ruleId: string, rules: readonly Rule[], io: Io): number {
  const ids = [...rules.map((rule) => rule.id), ...TOOL_CHECK_IDS];
  const id = ids.find((candidate) => candidate === ruleId || candidate.endsWith(`/${ruleId}`));
  if (id === undefined) {
    throw new UsageError(`Unknown rule: ${ruleId}${didYouMean(ruleId, ids)}; \`twelve-audit rules\` lists them`);
  }
  io.stdout.write(readFileSync(join(PACKAGE_ROOT, ruleDocsPath(id)), 'utf8'));
  return 0;
}

export function runBaseline(path: string, flags: BaselineFlags, rules: readonly Rule[], io: Io): number {
  const root = resolve(io.cwd, path);
  const { report, config } = audit({
    root,
    rules,
    configPath: flags.config === undefined ? undefined : resolve(io.cwd, flags.config),
    ruleFlags: flags.rule,
    ignoreBaseline: true,
    cwd: io.cwd,
  });
  const target = flags.output !== undefined ? resolve(io.cwd, flags.output) : resolve(root, config.baseline ?? BASELINE_FILE_NAME);
  writeFileAtomic(target, serializeBaseline(report.findings));
  const recorded = report.findings.filter((finding) => !finding.suppressed).length;
  io.stdout.write(`Wrote ${recorded} finding${recorded === 1 ? '' : 's'} to ${relative(io.cwd, target) || target}\n`);
  return 0;
}

export function rulesText(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((rule) => rule.id.length), 4);
  const lines = [`${'RULE'.padEnd(width)}  FACTOR                  SEVERITY  DESCRIPTION`];
  for (const factor of FACTORS) {
    for (const rule of rules.filter((candidate) => candidate.factor === factor.slug)) {
      const factorLabel = `${factor.number}. ${factor.title}`.padEnd(22);
      lines.push(`${rule.id.padEnd(width)}  ${factorLabel}  ${rule.defaultSeverity.padEnd(8)}  ${rule.description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function rulesJson(rules: readonly Rule[]): string {
  const list = rules.map((rule) => ({
    id: rule.id,
    factor: factorBySlug(rule.factor).number,
    factorSlug: rule.factor,
    severity: rule.defaultSeverity,
    title: rule.title,
    description: rule.description,
    docs: ruleDocsUrl(rule.id),
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

export function runInit(path: string, rules: readonly Rule[], io: Io): number {
  const root = resolve(io.cwd, path);
  if (!existsSync(root)) throw new UsageError(`Path not found: ${path}`);
  const existing = findConfigFile(root);
  if (existing) throw new UsageError(`${existing} already exists; not overwriting it.`);
  const target = join(root, '.twelve-audit.yml');
  writeFileAtomic(target, starterConfig(rules));
  io.stdout.write(`Wrote ${target}\n`);
  return 0;
}
