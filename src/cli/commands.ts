/**
 * What each command does, loaded only when a command runs (not for --help or --version): this
 * module pulls in the engine, the parsers and the reporters.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { audit } from '../audit.js';
import { BASELINE_FILE_NAME, serializeBaseline } from '../engine/baseline.js';
import { starterConfig, findConfigFile } from '../config/load.js';
import type { FailOn } from '../config/types.js';
import { UsageError } from '../errors.js';
import { FACTORS, factorBySlug } from '../factors.js';
import { ruleDocsUrl } from '../meta.js';
import { judge } from '../outcome.js';
import { isOpen } from '../score/score.js';
import type { Rule } from '../types.js';
import { useColor } from './color.js';
import type { Io } from './io.js';
import { githubLinkBase, outputTargets, writeOutputs } from './outputs.js';
import { writeFileAtomic } from './write.js';

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
  color?: boolean;
}

export interface BaselineFlags {
  output?: string;
  config?: string;
  rule: string[];
}

export function runAudit(path: string, flags: AuditFlags, rules: readonly Rule[], io: Io): number {
  const targets = outputTargets({ format: flags.format, file: flags.output }, flags, io.cwd);
  const { report, config } = audit({
    root: resolve(io.cwd, path),
    rules,
    configPath: flags.config === undefined ? undefined : resolve(io.cwd, flags.config),
    ruleFlags: flags.rule,
    minScore: flags.minScore,
    failOn: flags.failOn,
    baselinePath: flags.baseline,
    cwd: io.cwd,
  });
  const linkBase = flags.linkBase ?? githubLinkBase(io.env);
  const stdout = writeOutputs(
    report,
    targets,
    (target) => ({
      color: target.file === undefined && target.format === 'text' && useColor(flags.color, io.stdout, io.env),
      quiet: flags.quiet === true,
      failOn: config.failOn,
      minScore: config.minScore,
      ...(flags.category !== undefined && { category: flags.category }),
      ...(linkBase !== undefined && { linkBase }),
    }),
    io.cwd,
  );
  io.stdout.write(stdout);
  const written = targets.flatMap((target) => (target.file === undefined ? [] : [target.file]));
  if (written.length > 0) {
    const open = report.findings.filter(isOpen).length;
    io.stderr.write(`twelve-audit: score ${report.score ?? 'n/a'}, ${open} findings; report written to ${written.join(', ')}\n`);
  }
  const outcome = judge(report, config);
  for (const reason of outcome.reasons) io.stderr.write(`twelve-audit: failed: ${reason}\n`);
  return outcome.passed ? 0 : 1;
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
