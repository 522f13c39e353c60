/**
 * Log files a server or worker is told to write by how production starts it: gunicorn's
 * `--error-logfile /var/log/app/error.log` in a Dockerfile CMD, a Procfile or the entrypoint script
 * a compose command runs, and `errorlog = "..."` / `accesslog = "..."` in a gunicorn config module.
 * These servers log to stderr by default; the flag moves the stream into the container. Also the
 * apps of a pm2 ecosystem file that a production command starts in pm2's daemon, whose
 * `out_file` / `error_file` / `log_file` send the app's stdout and stderr to files of the host.
 */
import { posix } from 'node:path';
import { Node, SyntaxKind } from 'ts-morph';
import type { FileExtractor } from '../../src/rule-kit/index.js';
import {
  DEPLOYED_ENVIRONMENTS,
  ENVIRONMENT_NAMES,
  isNonProductionScript,
  isPm2DaemonStart,
  isRecord,
  linesOf,
  objectLiteral,
  productionCommands,
  programWords,
  propertyValue,
  scriptProcessCommands,
  scriptsOf,
  spanOf,
  startupSequences,
  stringValue,
  substituteArgs,
  unwrap,
  wrapped,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

/** The options of each program that send its own log (or its access log) to a file. */
const LOG_FILE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  gunicorn: ['--error-logfile', '--log-file', '--access-logfile'],
  hypercorn: ['--error-logfile', '--access-logfile'],
  daphne: ['--access-log'],
  uwsgi: ['--logto', '--logto2', '--daemonize'],
  celery: ['--logfile', '-f'],
  dramatiq: ['--log-file'],
};
/** Values that keep the log on the process's own streams: `-` is stdout or stderr to these servers. */
const STD_STREAM = /^(?:-|\/dev\/(?:stdout|stderr))?$/;
/** gunicorn's config module (`gunicorn.conf.py`, `gunicorn_config.py`, `etc/gunicorn.py`). */
const GUNICORN_CONFIG = /^gunicorn[\w.-]*\.py$/;
const CONFIG_LOG_SETTING = /^(errorlog|accesslog)\s*=\s*(["'])([^"']*)\2\s*(?:#.*)?$/;

export interface ServerLogFile {
  file: string;
  line: number;
  column: number;
  /** `gunicorn --error-logfile`, `gunicorn errorlog`. */
  setting: string;
  path: string;
  /** pm2's files are low (its daemon keeps logs on the host by design); the servers' flags keep the rule's warning. */
  severity?: 'note';
}

/**
 * Where the production commands (scripts they start included) and gunicorn config modules send a
 * server's log to a file. A value from the environment with no default (`--error-logfile
 * "$GUNICORN_LOG"`) is the operator's choice; `${GUNICORN_LOG:-/srv/logs/gunicorn.log}` is its default's.
 */
export function serverLogFiles(context: RuleContext<string>): ServerLogFile[] {
  const found = new Map<string, ServerLogFile>();
  for (const step of startupSequences(context).flat()) {
    for (const { setting, path } of commandLogFiles(step.command.words)) {
      found.set(`${step.file}:${step.line}:${step.column}:${setting}`, { file: step.file, line: step.line, column: step.column, setting, path });
    }
  }
  for (const file of context.files) {
    if (file.language !== 'python' || file.role === 'test' || !GUNICORN_CONFIG.test(posix.basename(file.path))) continue;
    for (const line of linesOf(context.text(file.path) ?? '')) {
      const [, name, , path] = CONFIG_LOG_SETTING.exec(line.text) ?? [];
      if (name !== undefined && path !== undefined && !STD_STREAM.test(path)) {
        found.set(`${file.path}:${line.line}`, { file: file.path, line: line.line, column: 1, setting: `gunicorn ${name}`, path });
      }
    }
  }
  for (const entry of pm2LogFiles(context)) found.set(`${entry.file}:${entry.line}`, entry);
  return [...found.values()];
}

/** The log-file options of one command (`--error-logfile x` or `--error-logfile=x`) whose value is a file. */
function commandLogFiles(words: readonly string[]): { setting: string; path: string }[] {
  const [program, ...args] = programWords(words);
  const name = posix.basename(program ?? '');
  const options = LOG_FILE_OPTIONS[name];
  if (options === undefined) return [];
  return args.flatMap((word, index) => {
    const option = options.find((name) => word === name || word.startsWith(`${name}=`));
    const value = option === undefined ? undefined : word === option ? args[index + 1] : word.slice(option.length + 1);
    // `$GUNICORN_LOG` with no default: what the operator sets, stderr when unset.
    const path = value === undefined ? undefined : substituteArgs(value, new Map());
    return option !== undefined && path !== undefined && !STD_STREAM.test(path) ? [{ setting: `${name} ${option}`, path }] : [];
  });
}

/** pm2's settings that send an app's stdout (`output`, `out_file`), stderr or both to a file. */
const PM2_LOG_KEYS = new Set(['output', 'out_file', 'error', 'error_file', 'err_file', 'log', 'log_file']);
/** Values that keep the stream off disk or on the process's own streams. */
const PM2_NO_FILE = /^(?:\/dev\/(?:stdout|stderr|null)|NULL|)$/;
/** Ecosystem files by the names pm2's documentation and projects give them. */
const PM2_CONFIG = /(?:^|\/)(?:ecosystem|pm2|process|processes)(?:[.-][\w.-]*)?\.(?:[cm]?js|ts|json)$/i;
/** Options of those subcommands that take a value, which is then no file name. */
const PM2_VALUE_OPTIONS = new Set(['--only', '--env', '--name', '-n', '--instances', '-i', '--cwd', '--namespace', '--interpreter']);

/** One app of a pm2 ecosystem file: its name, the NODE_ENV its `env` sets, and its log-file settings. */
export interface Pm2App {
  name?: string;
  nodeEnv?: string;
  logs: { key: string; path: string; line: number; column: number }[];
}

/** The apps of each pm2 ecosystem file (`module.exports = { apps: [...] }`, or the JSON form). */
export const pm2Apps: FileExtractor<Pm2App[]> = {
  name: 'logs/pm2-apps',
  version: 1,
  module: import.meta.url,
  triggers: ['script'],
  paths: (path) => PM2_CONFIG.test(path),
  typescript: {
    kinds: [SyntaxKind.ObjectLiteralExpression],
    create(file) {
      const apps: Pm2App[] = [];
      return {
        visit(raw) {
          const list = raw.parent;
          const owner = list?.parent;
          if (list?.kind !== SyntaxKind.ArrayLiteralExpression || owner?.kind !== SyntaxKind.PropertyAssignment) return;
          const node = wrapped(raw);
          const property = node.getParentOrThrow().getParentOrThrow();
          if (!Node.isPropertyAssignment(property) || property.getName().replace(/^['"]|['"]$/g, '') !== 'apps' || !Node.isObjectLiteralExpression(node)) return;
          const env = objectLiteral(propertyValue(node, 'env'));
          const logs = node.getProperties().flatMap((setting) => {
            if (!Node.isPropertyAssignment(setting)) return [];
            const key = setting.getName().replace(/^['"]|['"]$/g, '');
            const value = unwrap(setting.getInitializerOrThrow());
            const path = stringValue(value) ?? (Node.isTemplateExpression(value) || Node.isCallExpression(value) ? value.getText() : undefined);
            if (!PM2_LOG_KEYS.has(key) || path === undefined || PM2_NO_FILE.test(path)) return [];
            const { line, column } = spanOf(setting, file);
            return [{ key, path, line, column }];
          });
          apps.push({ name: stringValue(propertyValue(node, 'name')), nodeEnv: env && stringValue(propertyValue(env, 'NODE_ENV')), logs });
        },
        result: () => apps,
      };
    },
  },
  text: {
    languages: ['json'],
    extract(file) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(file.text);
      } catch {
        return [];
      }
      const apps = Array.isArray(parsed) ? parsed : isRecord(parsed) && Array.isArray(parsed.apps) ? parsed.apps : [];
      let from = 0;
      return apps.filter(isRecord).map((app) => {
        const logs: Pm2App['logs'] = [];
        for (const [key, value] of Object.entries(app)) {
          if (!PM2_LOG_KEYS.has(key) || typeof value !== 'string' || PM2_NO_FILE.test(value)) continue;
          const at = settingOffset(file.text, key, value, from);
          if (at === undefined) continue;
          const { line, column } = file.span(at, at);
          logs.push({ key, path: value, line, column });
          from = at + 1;
        }
        const env = isRecord(app.env) ? app.env : {};
        return { name: typeof app.name === 'string' ? app.name : undefined, nodeEnv: typeof env.NODE_ENV === 'string' ? env.NODE_ENV : undefined, logs };
      });
    },
  },
};

/** Where `"key": "value"` is written in a JSON text, at or after `from`. */
function settingOffset(text: string, key: string, value: string, from: number): number | undefined {
  const quotedKey = JSON.stringify(key);
  const quotedValue = JSON.stringify(value);
  for (let at = text.indexOf(quotedKey, from); at !== -1; at = text.indexOf(quotedKey, at + 1)) {
    const valueAt = text.indexOf(quotedValue, at + quotedKey.length);
    if (valueAt !== -1 && /^\s*:\s*$/.test(text.slice(at + quotedKey.length, valueAt))) return at;
  }
  return undefined;
}

/** An environment no deploy runs in (`dev`, `test`, `local`), as an app's NODE_ENV names it. */
function namesUndeployedEnvironment(name: string): boolean {
  return name.toLowerCase().split(/[:._-]/).some((word) => ENVIRONMENT_NAMES.has(word) && !DEPLOYED_ENVIRONMENTS.has(word));
}

/**
 * The pm2 ecosystem apps that production starts in pm2's daemon (`pm2 start ecosystem.config.js
 * --only api` in the start command, a Dockerfile or any script not named for development), with
 * their log-file settings. An app whose `env` sets a development NODE_ENV is not production's.
 */
function pm2LogFiles(context: RuleContext<string>): ServerLogFile[] {
  const scripts = Object.keys(scriptsOf(context.app.packageJson)).filter((name) => !isNonProductionScript(name));
  const commands = [...productionCommands(context), ...scripts.flatMap((name) => scriptProcessCommands(context, name))];
  const found: ServerLogFile[] = [];
  const seen = new Set<string>();
  for (const { command } of commands) {
    const started = pm2Started(command.words);
    const config = started && pm2ConfigFile(context, started.config);
    if (!started || config === undefined || seen.has(`${config}:${started.only?.join(',')}`)) continue;
    seen.add(`${config}:${started.only?.join(',')}`);
    for (const app of context.facts(config, pm2Apps) ?? []) {
      const [first] = app.logs;
      if (first === undefined || (started.only && !started.only.includes(app.name ?? '')) || (app.nodeEnv !== undefined && namesUndeployedEnvironment(app.nodeEnv))) continue;
      const setting = ['pm2', ...(app.name === undefined ? [] : [`app ${app.name}`]), app.logs.map((log) => log.key).join('/')].join(' ');
      found.push({ file: config, line: first.line, column: first.column, setting, path: app.logs.map((log) => log.path).join(', '), severity: 'note' });
    }
  }
  return found;
}

/** `pm2 start <ecosystem file> [--only a,b]` in daemon mode: the file (pm2's default when none is named) and the apps it selects. */
function pm2Started(words: readonly string[]): { config: string; only?: string[] } | undefined {
  const [, subcommand, ...args] = programWords(words);
  // `pm2 resurrect` restores the saved process list, not an ecosystem file's apps.
  if (!isPm2DaemonStart(words) || subcommand === 'resurrect') return undefined;
  const only: string[] = [];
  const positional: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index]!;
    if (word.startsWith('--only=')) only.push(...word.slice('--only='.length).split(','));
    else if (PM2_VALUE_OPTIONS.has(word)) {
      if (word === '--only') only.push(...(args[index + 1] ?? '').split(','));
      index += 1;
    } else if (!word.startsWith('-')) positional.push(word);
  }
  const config = positional.length === 0 ? 'ecosystem.config.js' : positional.find((word) => PM2_CONFIG.test(word));
  const selected = only.filter((name) => name !== '');
  return config === undefined ? undefined : { config, ...(selected.length > 0 && { only: selected }) };
}

/** The app's file a command's ecosystem path names: relative to the app's folder, or by its trailing path. */
function pm2ConfigFile(context: RuleContext<string>, path: string): string | undefined {
  const relative = posix.normalize(path).replace(/^(?:\.\/|\/)+/, '');
  const exact = posix.join(context.app.path, relative);
  return context.files.find((file) => file.path === exact)?.path ?? context.files.find((file) => file.path.endsWith(`/${relative}`))?.path;
}
