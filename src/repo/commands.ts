/**
 * The commands an app's Procfile and Dockerfiles start it with, and what they say about it: a
 * Python server (`gunicorn app.wsgi`, `uvicorn main:app`, `flask run`), a job consumer
 * (`celery -A tasks worker`), and the Python files they run (`python -m app`, `app.main:app`).
 */
import type { FileStore } from './store.js';

export interface ProcessCommand {
  /** The Procfile or Dockerfile it is written in. */
  file: string;
  command: string;
}

/** Procfile process commands, and each Dockerfile's CMD and ENTRYPOINT (exec form joined into words). */
export function processCommands(procfile: string | undefined, dockerfiles: readonly string[], store: FileStore): ProcessCommand[] {
  const commands: ProcessCommand[] = [];
  if (procfile !== undefined) {
    for (const match of (store.text(procfile) ?? '').matchAll(/^[A-Za-z0-9_-]+[ \t]*:(.*)$/gm)) commands.push({ file: procfile, command: match[1]!.trim() });
  }
  for (const dockerfile of dockerfiles) {
    for (const match of (store.text(dockerfile) ?? '').matchAll(/^[ \t]*(?:CMD|ENTRYPOINT)[ \t]+(.*)$/gim)) {
      commands.push({ file: dockerfile, command: execFormWords(match[1]!.trim()) });
    }
  }
  return commands;
}

/** `["gunicorn", "-b", "0.0.0.0:8000", "app:app"]` -> `gunicorn -b 0.0.0.0:8000 app:app`; shell form as written. */
function execFormWords(text: string): string {
  if (!text.startsWith('[')) return text;
  try {
    const words: unknown = JSON.parse(text);
    return Array.isArray(words) ? words.filter((word): word is string => typeof word === 'string').join(' ') : text;
  } catch {
    return text;
  }
}

const PYTHON_SERVER = /(?:^|[\s/;&|])(gunicorn|uvicorn|hypercorn|daphne|waitress-serve|granian)(?:\s|$)|\b(flask)\s+run\b|\b(manage\.py)\s+runserver\b|\b(fastapi)\s+(?:run|dev)\b/;
const PYTHON_WORKER = /(?:^|[\s/;&|])(celery)\b.*\s(?:worker|beat)\b|(?:^|[\s/;&|])(rq)\s+worker\b|(?:^|[\s/;&|])(dramatiq|huey_consumer|arq)(?:\s|$)/;

/** The Python server a command starts (`gunicorn`, `flask run`), if any. */
export function pythonServerIn(command: string): string | undefined {
  const match = PYTHON_SERVER.exec(command);
  return match ? (match.slice(1).find((group) => group !== undefined) ?? match[0]) : undefined;
}

/** The Python job consumer a command starts (`celery`, `rq`), if any. */
export function pythonWorkerIn(command: string): string | undefined {
  const match = PYTHON_WORKER.exec(command);
  return match ? (match.slice(1).find((group) => group !== undefined) ?? match[0]) : undefined;
}

/**
 * Python files a command runs, relative to the app, as candidates: `python app.py` -> app.py,
 * `python -m pkg.cli` -> pkg/cli.py or pkg/cli/__main__.py, `gunicorn proj.wsgi:application` ->
 * proj/wsgi.py or proj/wsgi/__init__.py.
 */
export function pythonTargets(command: string): string[] {
  const words = command.split(/\s+|&&|;/).filter(Boolean);
  const targets: string[] = [];
  words.forEach((word, index) => {
    const previous = words[index - 1];
    if (/^[\w./-]+\.py$/.test(word)) targets.push(word.replace(/^\.\//, ''));
    else if (previous === '-m' && /^[\w.]+$/.test(word)) targets.push(...moduleFiles(word, '__main__'));
    else if (/^[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?$/.test(word)) targets.push(...moduleFiles(word.split(':')[0]!, '__init__'));
  });
  return targets;
}

function moduleFiles(module: string, packageFile: string): string[] {
  const path = module.split('.').join('/');
  return [`${path}.py`, `${path}/${packageFile}.py`];
}
