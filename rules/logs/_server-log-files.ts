/**
 * Log files a Python server or worker is told to write by how production starts it: gunicorn's
 * `--error-logfile /var/log/app/error.log` in a Dockerfile CMD, a Procfile or the entrypoint script
 * a compose command runs, and `errorlog = "..."` / `accesslog = "..."` in a gunicorn config module.
 * These servers log to stderr by default; the flag moves the stream into the container.
 */
import { posix } from 'node:path';
import { linesOf, programWords, startupSequences, substituteArgs } from '../../src/rule-kit/index.js';
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
