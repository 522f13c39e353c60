/**
 * Recurring-job schedulers a Python or Go file starts, read from the syntax tree: APScheduler's
 * `BackgroundScheduler`/`AsyncIOScheduler` (and the gevent, tornado, twisted, qt ones) and
 * Flask-APScheduler's `APScheduler` bound to a name and `.start()`ed, a `schedule.run_pending()`
 * loop; robfig/cron's `cron.New()` and gocron's `NewScheduler()` bound to a name and `.Start()`ed
 * (`go c.Run()` too), jasonlvhit/gocron's package-level `gocron.Start()`. Blocking schedulers
 * (`BlockingScheduler`, gocron `StartBlocking`) are left out: they are a clock process by design.
 * Whether the web process loads the file is the rule's judgement.
 */
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';
import * as go from '../facts/syntax/go.js';
import * as python from '../facts/syntax/python.js';

export { pythonServerIn, pythonTargets } from '../repo/commands.js';

/** A `.start()` of something the file may have bound to a scheduler, judged once every binding is known. */
export interface SchedulerStart {
  span: Span;
  /** The receiver as written: `scheduler`, `self.scheduler`, `s.cron`. */
  receiver: string;
  /** Python: the receiver resolved through the file's imports (`.extensions.scheduler`), when it is imported. */
  imported?: string;
  /** Python: inside `if __name__ == '__main__':`, so run only when the file is the process's entry. */
  mainOnly: boolean;
}

export interface SourceScheduling {
  /** Go: the file's package name. */
  package?: string;
  /** Names the file binds to a scheduler instance, with the library. */
  instances: { name: string; library: string }[];
  /** Starts of a scheduler known in the file itself: `BackgroundScheduler().start()`, `schedule.run_pending()`, `gocron.Start()`. */
  sites: { span: Span; library: string; mainOnly: boolean }[];
  /** Starts of a receiver the file may have bound, or imported, to a scheduler. */
  starts: SchedulerStart[];
  /** Python: the file makes a web application (Flask, FastAPI, Starlette, Quart, Sanic, aiohttp, Django's WSGI/ASGI handler). */
  webApp: boolean;
}

const PYTHON_SCHEDULERS: readonly { callee: RegExp; library: string }[] = [
  { callee: /^apscheduler(?:\.schedulers(?:\.\w+)?)?\.(?:Background|AsyncIO|Gevent|Tornado|Twisted|Qt)Scheduler$/, library: 'APScheduler' },
  { callee: /^apscheduler\.(?:Async)?Scheduler$/, library: 'APScheduler' },
  { callee: /^flask_apscheduler(?:\.scheduler)?\.APScheduler$/, library: 'Flask-APScheduler' },
];
const PYTHON_START = /^(?:start|start_in_background)$/;
const PYTHON_WEB_APPS = new Set([
  'flask.Flask',
  'fastapi.FastAPI',
  'starlette.applications.Starlette',
  'quart.Quart',
  'sanic.Sanic',
  'aiohttp.web.Application',
  'connexion.App',
  'connexion.FlaskApp',
  'connexion.AsyncApp',
  'django.core.wsgi.get_wsgi_application',
  'django.core.asgi.get_asgi_application',
]);

const GO_SCHEDULERS: readonly { callee: RegExp; library: string }[] = [
  { callee: /^github\.com\/robfig\/cron(?:\/v\d+)?\.New$/, library: 'robfig/cron' },
  { callee: /^github\.com\/go-co-op\/gocron(?:\/v\d+)?\.NewScheduler$/, library: 'gocron' },
  { callee: /^github\.com\/jasonlvhit\/gocron\.NewScheduler$/, library: 'gocron' },
];
const GO_START = /^(?:Start|StartAsync)$/;
/** jasonlvhit/gocron's default scheduler, started by a package-level call. */
const GO_PACKAGE_START = /^github\.com\/jasonlvhit\/gocron\.Start$/;

export const sourceScheduling: FileExtractor<SourceScheduling> = {
  name: 'source-scheduling',
  version: 2,
  module: import.meta.url,
  python: pythonScheduling(),
  go: goScheduling(),
};

function libraryOf(qualified: string | null, known: readonly { callee: RegExp; library: string }[]): string | undefined {
  return qualified === null ? undefined : known.find((candidate) => candidate.callee.test(qualified))?.library;
}

/** Resolves each start against the file's own instances, once the whole file is read. */
/** The key a struct field holding a scheduler is bound under: any receiver's `.c` is that field. */
function fieldKey(field: string): string {
  return `.${field}`;
}

function settle(facts: SourceScheduling, bound: Map<string, string>): SourceScheduling {
  const starts: SchedulerStart[] = [];
  for (const start of facts.starts) {
    const dot = start.receiver.lastIndexOf('.');
    const library = bound.get(start.receiver) ?? (dot > 0 ? bound.get(fieldKey(start.receiver.slice(dot + 1))) : undefined);
    if (library !== undefined) facts.sites.push({ span: start.span, library, mainOnly: start.mainOnly });
    else starts.push(start);
  }
  facts.sites.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { ...facts, starts };
}

function pythonScheduling(): SyntaxExtraction<string, TreeNode, SourceScheduling> {
  return {
    kinds: [...python.SCOPE_KINDS, 'call'],
    create(file: FileInput) {
      const scope = new python.PythonScope(file.text);
      const facts: SourceScheduling = { instances: [], sites: [], starts: [], webApp: false };
      const bound = new Map<string, string>();
      const mayMatter = /sched/i.test(file.text);
      return {
        visit(node) {
          if (node.type !== 'call') {
            scope.observe(node);
            if (node.type !== 'assignment' || !mayMatter) return;
            const left = node.childForFieldName('left');
            const right = node.childForFieldName('right');
            const name = left === null ? undefined : python.dottedName(left);
            const value = right && python.unwrap(right);
            if (name === undefined || value?.type !== 'call') return;
            const library = libraryOf(scope.qualify(python.pathOf(value.childForFieldName('function') ?? value)), PYTHON_SCHEDULERS);
            if (library !== undefined) {
              bound.set(name, library);
              facts.instances.push({ name, library });
            }
            return;
          }
          const path = python.pathOf(node.childForFieldName('function') ?? node);
          if (path === null) return;
          const qualified = scope.qualify(path);
          if (qualified !== null && PYTHON_WEB_APPS.has(qualified)) facts.webApp = true;
          // A start of a scheduler imported from another module is looked for in every file.
          if (!mayMatter && !/\.start(?:_in_background)?$/.test(path)) return;
          const span = file.span(node.startIndex, node.endIndex);
          if (qualified === 'schedule.run_pending') {
            facts.sites.push({ span, library: 'the schedule package', mainOnly: python.inMainGuard(node) });
            return;
          }
          const dot = path.lastIndexOf('.');
          if (dot < 0 || !PYTHON_START.test(path.slice(dot + 1))) return;
          const receiver = path.slice(0, dot);
          if (receiver.endsWith('()')) {
            const library = libraryOf(scope.qualify(receiver.slice(0, -2)), PYTHON_SCHEDULERS);
            if (library !== undefined) facts.sites.push({ span, library, mainOnly: python.inMainGuard(node) });
            return;
          }
          if (/[()[\]]/.test(receiver)) return;
          const imported = scope.qualify(receiver);
          facts.starts.push({ span, receiver, ...(imported !== null && imported !== receiver && { imported }), mainOnly: python.inMainGuard(node) });
        },
        result: () => settle(facts, bound),
      };
    },
  };
}

function goScheduling(): SyntaxExtraction<string, TreeNode, SourceScheduling> {
  return {
    kinds: [...go.SCOPE_KINDS, 'package_clause', 'call_expression', 'keyed_element'],
    create(file: FileInput) {
      const scope = new go.GoScope(file.text);
      const facts: SourceScheduling = { instances: [], sites: [], starts: [], webApp: false };
      const bound = new Map<string, string>();
      const mayMatter = /cron/.test(file.text);
      return {
        visit(node) {
          if (node.type === 'package_clause') {
            const name = go.childrenOf(node).find((child) => child.type === 'package_identifier')?.text;
            if (name !== undefined) facts.package = name;
            return;
          }
          if (node.type === 'keyed_element') {
            // `&scheduler{c: c}`: the struct's field holds the scheduler its methods start (`s.c.Start()`).
            const [key, value] = go.childrenOf(node).map((element) => (element.type === 'literal_element' ? (go.childrenOf(element)[0] ?? element) : element));
            const library = value?.type === 'identifier' ? bound.get(value.text) : undefined;
            if (mayMatter && key?.type === 'identifier' && library !== undefined) bound.set(fieldKey(key.text), library);
            return;
          }
          if (node.type !== 'call_expression') {
            scope.observe(node);
            if (!mayMatter) return;
            for (const [target, value] of go.assignedPairs(node)) {
              const name = go.dottedName(target);
              const call = go.unwrap(value);
              if (name === undefined || name === '_' || call.type !== 'call_expression') continue;
              const library = libraryOf(scope.qualify(go.pathOf(call.childForFieldName('function') ?? call)), GO_SCHEDULERS);
              if (library !== undefined) {
                bound.set(name, library);
                facts.instances.push({ name, library });
              }
            }
            return;
          }
          // A start of a scheduler bound in another file of the package is looked for in every file.
          if (!mayMatter && !/\.(?:Start|StartAsync|Run)$/.test(node.childForFieldName('function')?.text ?? '')) return;
          const path = go.pathOf(node.childForFieldName('function') ?? node);
          if (path === null) return;
          const span = file.span(node.startIndex, node.endIndex);
          const qualified = scope.qualify(path);
          if (qualified !== null && GO_PACKAGE_START.test(qualified)) {
            facts.sites.push({ span, library: 'gocron', mainOnly: false });
            return;
          }
          const dot = path.lastIndexOf('.');
          const method = path.slice(dot + 1);
          // `go c.Run()` runs robfig/cron's loop beside the server as surely as `c.Start()`.
          const started = GO_START.test(method) || (method === 'Run' && node.parent?.type === 'go_statement');
          if (dot < 0 || !started) return;
          const receiver = path.slice(0, dot);
          if (receiver.endsWith('()')) {
            const library = libraryOf(scope.qualify(receiver.slice(0, -2)), GO_SCHEDULERS);
            if (library !== undefined) facts.sites.push({ span, library, mainOnly: false });
            return;
          }
          if (/[()[\]]/.test(receiver) || scope.qualify(receiver) !== receiver) return;
          facts.starts.push({ span, receiver, mainOnly: false });
        },
        result: () => settle(facts, bound),
      };
    },
  };
}
