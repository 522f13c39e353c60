import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BASELINE_FILE_NAME } from '../engine/baseline.js';
import { UsageError } from '../errors.js';
import { TOOL_VERSION } from '../meta.js';
import { FORMAT_NAMES } from '../report/formats.js';
import type { Rule } from '../types.js';
import type { AuditFlags, BaselineFlags } from './commands.js';
import type { Io } from './io.js';

export type { Io } from './io.js';

/** Loads the rules (and with them the parsers) only when a command needs them. */
export type RuleLoader = () => Promise<readonly Rule[]>;

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
  $ twelve-audit --app api --verbose             one app of a monorepo, every factor
  $ twelve-audit --format compact                 one line per finding (also github, gitlab, junit, html)
  $ twelve-audit rules                            list every rule
  $ twelve-audit explain config/hardcoded-credentials   the rule's doc page
  $ twelve-audit init                             write a starter .twelve-audit.yml

Exit codes: 0 thresholds met, 1 score below --min-score, a finding at/above --fail-on or more
            warnings than --max-warnings, 2 usage error, bad config, missing path or internal failure.`;

/** The commands besides the default audit, for "did you mean" when a path looks like a mistyped one. */
export const COMMAND_NAMES = ['rules', 'baseline', 'init', 'explain', 'help'] as const;

function parseScore(value: string): number {
  const score = Number(value);
  if (!/^\d+$/.test(value.trim()) || score > 100) throw new InvalidArgumentError('expected a whole number from 0 to 100.');
  return score;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

const NO_COLOR_HELP = 'disable colours (NO_COLOR and FORCE_COLOR=0 are respected too)';

/** Builds the commander program; `run` below drives it and maps every outcome to an exit code. */
function buildProgram(loadRules: RuleLoader, io: Io, setExit: (code: number) => void): Command {
  const program = new Command('twelve-audit')
    .description('Audit a repository for Twelve-Factor App compliance and score it 0-100.')
    .version(TOOL_VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .helpCommand('help [command]', 'show help for a command')
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
    .option('-c, --config <file>', 'config file (default: the nearest .twelve-audit.yml|.yaml|.json from the audited path up to the repository top)')
    .option('--rule <id=severity>', 'set a rule to off|error|warning|note (repeatable)', collect, [])
    .option('--max-warnings <n>', 'exit 1 when more than n warnings are open', parseCount)
    .option('--ignore-pattern <glob>', 'leave these files out, like the config\'s ignore (repeatable)', collect, [])
    .option('--app <name>', 'report on one app of a monorepo (name or path); its score decides the exit code')
    .option('-q, --quiet', 'show only what to fix first (findings at or above --fail-on) and the score')
    .option('--verbose', 'in a monorepo, show every factor of every app instead of one row per app')
    .option('--print-config', 'print the effective config (file, defaults and flags merged) as JSON and exit')
    .option('--no-progress', 'no progress line on stderr (it shows only on a terminal, never in CI)')
    .option('--cache', 'keep results between runs: an unchanged tree gives the last result back, unchanged files are not analysed again')
    .option('--cache-location <file>', 'cache file (implies --cache; default: node_modules/.cache/twelve-audit/ of the working directory)')
    .option('--timing', 'print time per stage and per rule on stderr (also TIMING=1)')
    .option('--color', 'force colours, also when not on a terminal')
    .option('--no-color', NO_COLOR_HELP)
    .action(async (path: string, flags: AuditFlags) => {
      const reused = (await import('./reuse.js')).reusedAudit(path, flags, io);
      if (reused !== undefined) {
        const [{ present }, { outputTargets }] = await Promise.all([import('./present.js'), import('./outputs.js')]);
        setExit(present(reused, flags, outputTargets({ format: flags.format, file: flags.output }, flags, io.cwd), io));
        return;
      }
      const { runAudit } = await import('./commands.js');
      setExit(await runAudit(path, flags, await loadRules(), io));
    });

  program
    .command('rules')
    .description('list every rule: id, factor, default severity, description')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', NO_COLOR_HELP)
    .action(async (flags: { format: string }) => {
      const { rulesJson, rulesText } = await import('./commands.js');
      const rules = await loadRules();
      io.stdout.write(flags.format === 'json' ? rulesJson(rules) : rulesText(rules));
      setExit(0);
    });

  program
    .command('baseline')
    .description('record every open finding in a baseline file, so later runs report only new ones')
    .argument('[path]', 'repository to audit', '.')
    .option('-o, --output <file>', `baseline file (default: the config's baseline, else ${BASELINE_FILE_NAME} in the audited path)`)
    .option('-c, --config <file>', 'config file (default: the nearest .twelve-audit.yml|.yaml|.json from the audited path up to the repository top)')
    .option('--rule <id=severity>', 'set a rule to off|error|warning|note (repeatable)', collect, [])
    .option('--no-color', NO_COLOR_HELP)
    .action(async (path: string, flags: BaselineFlags) => {
      const { runBaseline } = await import('./commands.js');
      setExit(runBaseline(path, flags, await loadRules(), io));
    });

  program
    .command('init')
    .description('write a commented starter .twelve-audit.yml (never overwrites)')
    .argument('[path]', 'repository to write it into', '.')
    .option('--no-color', NO_COLOR_HELP)
    .action(async (path: string) => {
      const { runInit } = await import('./commands.js');
      setExit(runInit(path, await loadRules(), io));
    });

  program
    .command('explain')
    .description("print a rule's doc page: what it finds, why it matters, bad and good examples, how to fix it")
    .argument('<rule-id>', 'e.g. config/hardcoded-credentials (or just hardcoded-credentials)')
    .option('--no-color', NO_COLOR_HELP)
    .action(async (ruleId: string) => {
      const { runExplain } = await import('./commands.js');
      setExit(runExplain(ruleId, await loadRules(), io));
    });

  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function run(argv: readonly string[], loadRules: RuleLoader, io: Io): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(loadRules, io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
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
