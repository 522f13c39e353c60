import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { audit } from '../audit.js';
import { BASELINE_FILE_NAME, serializeBaseline } from '../engine/baseline.js';
import { starterConfig, findConfigFile } from '../config/load.js';
import type { FailOn } from '../config/types.js';
import { UsageError } from '../errors.js';
import { FACTORS, factorBySlug } from '../factors.js';
import { ruleDocsUrl, TOOL_VERSION } from '../meta.js';
import { judge } from '../outcome.js';
import { FORMAT_NAMES } from '../report/index.js';
import { isOpen } from '../score/score.js';
import type { Rule } from '../types.js';
import { useColor } from './color.js';
import { githubLinkBase, outputTargets, writeOutputs } from './outputs.js';
import { writeFileAtomic } from './write.js';

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface AuditFlags {
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

interface BaselineFlags {
  output?: string;
  config?: string;
  rule: string[];
}

const EXAMPLES = `
Examples:
  $ twelve-audit                                  audit the current directory
  $ twelve-audit path/to/repo --min-score 80      fail (exit 1) below 80/100
  $ twelve-audit --fail-on warning --quiet        fail on any warning, list only those
  $ twelve-audit --format json --output report.json
  $ twelve-audit --sarif twelve-audit.sarif --markdown summary.md   text on stdout, plus two files
  $ twelve-audit baseline                         accept today's findings (.twelve-audit-baseline.json)
  $ twelve-audit --baseline .twelve-audit-baseline.json   report and fail only on new findings
  $ twelve-audit --rule config/env-contract=off   turn one rule off for this run
  $ twelve-audit rules                            list every rule
  $ twelve-audit init                             write a starter .twelve-audit.yml

Exit codes: 0 thresholds met, 1 score below --min-score or a finding at/above --fail-on,
            2 usage error, bad config, missing path or internal failure.`;

function parseScore(value: string): number {
  const score = Number(value);
  if (!/^\d+$/.test(value.trim()) || score > 100) throw new InvalidArgumentError('expected a whole number from 0 to 100.');
  return score;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds the commander program; `run` below drives it and maps every outcome to an exit code. */
function buildProgram(rules: readonly Rule[], io: Io, setExit: (code: number) => void): Command {
  const program = new Command('twelve-audit')
    .description('Audit a repository for Twelve-Factor App compliance and score it 0-100.')
    .version(TOOL_VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText('after', EXAMPLES);

  program
    .argument('[path]', 'repository to audit', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--sarif <file>', 'also write a SARIF 2.1.0 report (GitHub code scanning) to this file')
    .option('--json <file>', 'also write the JSON report to this file')
    .option('--markdown <file>', 'also write a Markdown summary (step summary, PR comment) to this file')
    .option('--category <id>', 'SARIF automationDetails category, to keep several uploads apart (default: twelve-audit)')
    .option('--link-base <url>', 'prefix for Markdown file links (default on GitHub Actions: the commit on github.com)')
    .option('--baseline <file>', 'report only findings not in this baseline (default: the config\'s baseline)')
    .option('--min-score <n>', 'exit 1 when the score is below n (0-100)', parseScore)
    .addOption(new Option('--fail-on <severity>', 'exit 1 on a finding at or above this severity (default: error)').choices(['error', 'warning', 'note', 'none']))
    .option('-c, --config <file>', 'config file (default: .twelve-audit.yml|.yaml|.json in the audited path)')
    .option('--rule <id=severity>', 'set a rule to off|error|warning|note (repeatable)', collect, [])
    .option('-q, --quiet', 'list only findings at or above the --fail-on severity')
    .option('--no-color', 'disable colours (NO_COLOR is respected too)')
    .action((path: string, flags: AuditFlags) => {
      setExit(runAudit(path, flags, rules, io));
    });

  program
    .command('rules')
    .description('list every rule: id, factor, default severity, description')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: string }) => {
      io.stdout.write(flags.format === 'json' ? rulesJson(rules) : rulesText(rules));
      setExit(0);
    });

  program
    .command('baseline')
    .description('record every open finding in a baseline file, so later runs report only new ones')
    .argument('[path]', 'repository to audit', '.')
    .option('-o, --output <file>', `baseline file (default: the config's baseline, else ${BASELINE_FILE_NAME} in the audited path)`)
    .option('-c, --config <file>', 'config file (default: .twelve-audit.yml|.yaml|.json in the audited path)')
    .option('--rule <id=severity>', 'set a rule to off|error|warning|note (repeatable)', collect, [])
    .action((path: string, flags: BaselineFlags) => {
      setExit(runBaseline(path, flags, rules, io));
    });

  program
    .command('init')
    .description('write a commented starter .twelve-audit.yml (never overwrites)')
    .argument('[path]', 'repository to write it into', '.')
    .action((path: string) => {
      setExit(runInit(path, rules, io));
    });

  return program;
}

function runAudit(path: string, flags: AuditFlags, rules: readonly Rule[], io: Io): number {
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

function runBaseline(path: string, flags: BaselineFlags, rules: readonly Rule[], io: Io): number {
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

function rulesText(rules: readonly Rule[]): string {
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

function rulesJson(rules: readonly Rule[]): string {
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

function runInit(path: string, rules: readonly Rule[], io: Io): number {
  const root = resolve(io.cwd, path);
  if (!existsSync(root)) throw new UsageError(`Path not found: ${path}`);
  const existing = findConfigFile(root);
  if (existing) throw new UsageError(`${existing} already exists; not overwriting it.`);
  const target = join(root, '.twelve-audit.yml');
  writeFileAtomic(target, starterConfig(rules));
  io.stdout.write(`Wrote ${target}\n`);
  return 0;
}

/** Runs the CLI and returns the exit code; never throws. */
export function run(argv: readonly string[], rules: readonly Rule[], io: Io): number {
  let exitCode = 0;
  const program = buildProgram(rules, io, (code) => {
    exitCode = code;
  });
  try {
    program.parse([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the message; help and version are not errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`twelve-audit: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`twelve-audit: internal error, please report it: ${io.env.TWELVE_AUDIT_DEBUG ? message : String(error)}\n`);
    return 2;
  }
}
