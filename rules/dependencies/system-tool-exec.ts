import { posix } from 'node:path';
import { Node, SyntaxKind, type CallExpression, type SourceFile, type TaggedTemplateExpression, type ts } from 'ts-morph';
import {
  calleeName,
  defineRule,
  findNodes,
  finalStage,
  forEachRuntimeScriptFacts,
  instructionCommands,
  isDevelopmentFile,
  linesOf,
  parseShell,
  programWords,
  scriptFacts,
  spanOf,
  stringValue,
  unwrap,
  unwrapRaw,
  type DockerStage,
  type Span,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'notInstalled' | 'externalProgram';

/**
 * Programs every image that runs Node has, or that are not about the image at all: the JS toolchain,
 * shell builtins, coreutils/busybox, and desktop helpers CLIs use to open a browser or copy text.
 */
const ALWAYS_THERE = new Set([
  'node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm', 'pnpx', 'bun', 'bunx', 'deno', 'corepack', 'tsx', 'ts-node',
  'sh', 'bash', 'ash', 'dash', 'zsh', 'cd', 'echo', 'exit', 'export', 'set', 'true', 'false', 'test', '[', 'kill', 'sleep',
  'cat', 'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'chmod', 'chown', 'ln', 'pwd', 'env', 'which', 'command', 'type', 'printf',
  'touch', 'head', 'tail', 'grep', 'egrep', 'sed', 'awk', 'find', 'xargs', 'sort', 'uniq', 'wc', 'tr', 'cut', 'tee', 'date',
  'uname', 'whoami', 'id', 'hostname', 'tar', 'gzip', 'gunzip', 'du', 'df', 'stat', 'readlink', 'realpath', 'basename',
  'dirname', 'mktemp', 'nice', 'nohup', 'timeout', 'sync', 'nproc', 'getent', 'exec', 'eval', 'source', '.', 'trap', 'wait',
  'ulimit', 'umask', 'tput', 'stty', 'tty', 'yes', 'seq', 'md5sum', 'sha256sum', 'base64',
  'open', 'xdg-open', 'start', 'explorer', 'osascript', 'pbcopy', 'pbpaste', 'clip', 'xclip', 'xsel', 'cmd', 'powershell',
  'pwsh', 'taskkill', 'tasklist', 'where', 'reg', 'wmic', 'sw_vers', 'launchctl', 'defaults', 'code',
]);

/** Well-known external programs and the package names that install them (apt, apk, yum), as word patterns. */
const PACKAGES_OF: Readonly<Record<string, readonly string[]>> = {
  convert: ['imagemagick', 'graphicsmagick'],
  magick: ['imagemagick'],
  identify: ['imagemagick', 'graphicsmagick'],
  mogrify: ['imagemagick'],
  gm: ['graphicsmagick'],
  ffmpeg: ['ffmpeg'],
  ffprobe: ['ffmpeg'],
  git: ['git'],
  curl: ['curl'],
  wget: ['wget'],
  psql: ['postgresql(?:\\d*)?(?:-client)?(?:-\\d+)?', 'libpq'],
  pg_dump: ['postgresql(?:\\d*)?(?:-client)?(?:-\\d+)?'],
  pg_restore: ['postgresql(?:\\d*)?(?:-client)?(?:-\\d+)?'],
  mysql: ['(?:default-)?mysql-client', 'mariadb-client', 'mysql'],
  mysqldump: ['(?:default-)?mysql-client', 'mariadb-client', 'mysql'],
  'mariadb-install-db': ['mariadb-server'],
  mariadbd: ['mariadb-server'],
  mysqld: ['mariadb-server', 'mysql-server'],
  mongodump: ['mongodb-(?:database-)?tools', 'mongodb-org-tools'],
  mongorestore: ['mongodb-(?:database-)?tools', 'mongodb-org-tools'],
  'redis-cli': ['redis(?:-tools)?'],
  gs: ['ghostscript'],
  pdftk: ['pdftk(?:-java)?'],
  pdftotext: ['poppler(?:-utils)?'],
  pdftoppm: ['poppler(?:-utils)?'],
  pdfinfo: ['poppler(?:-utils)?'],
  qpdf: ['qpdf'],
  wkhtmltopdf: ['wkhtmltopdf'],
  chromium: ['chromium(?:-browser)?'],
  'chromium-browser': ['chromium(?:-browser)?'],
  'google-chrome': ['google-chrome(?:-stable)?'],
  'google-chrome-stable': ['google-chrome(?:-stable)?'],
  python: ['python3?(?:\\.\\d+)?(?:-minimal)?'],
  python3: ['python3(?:\\.\\d+)?(?:-minimal)?'],
  pip: ['python3?-pip', 'py3-pip'],
  java: ['openjdk(?:-?\\d+)?(?:-jre|-jdk)?(?:-headless)?', 'default-jre(?:-headless)?', 'temurin', 'jre', 'jdk'],
  libreoffice: ['libreoffice(?:-\\w+)?'],
  soffice: ['libreoffice(?:-\\w+)?'],
  tesseract: ['tesseract(?:-ocr)?'],
  zip: ['zip'],
  unzip: ['unzip'],
  ssh: ['openssh(?:-client)?'],
  scp: ['openssh(?:-client)?'],
  rsync: ['rsync'],
  docker: ['docker(?:-ce)?(?:-cli)?'],
  kubectl: ['kubectl'],
  aws: ['awscli', 'aws-cli'],
  gcloud: ['google-cloud-(?:sdk|cli)'],
  exiftool: ['libimage-exiftool-perl', 'exiftool', 'perl-image-exiftool'],
  pandoc: ['pandoc'],
  sox: ['sox'],
  'yt-dlp': ['yt-dlp'],
  'youtube-dl': ['youtube-dl'],
  gifsicle: ['gifsicle'],
  pngquant: ['pngquant'],
  optipng: ['optipng'],
  jpegoptim: ['jpegoptim'],
  cwebp: ['webp', 'libwebp-tools'],
  vips: ['libvips-tools', 'vips-tools', 'vips'],
  'rsvg-convert': ['librsvg2-bin', 'rsvg-convert'],
  openssl: ['openssl'],
  gpg: ['gnupg2?'],
  make: ['make', 'build-essential', 'build-base'],
  ps: ['procps'],
  lsof: ['lsof'],
  nc: ['netcat(?:-\\w+)?', 'nmap-ncat'],
};

/**
 * Tools of the Debian "buildpack-deps" images the full `node`, `python`, `ruby`, `golang` and `rust`
 * tags build on (the -slim and -alpine tags have none of them): curl, wget, git, ssh, make/gcc,
 * python3, ImageMagick, unzip, openssl, gpg, procps.
 */
const BUILDPACK_TOOLS = new Set([
  'git', 'curl', 'wget', 'ssh', 'scp', 'make', 'python3', 'python', 'convert', 'identify', 'mogrify', 'unzip', 'openssl', 'gpg', 'ps',
]);
const BUILDPACK_IMAGE = /^(?:docker\.io\/)?(?:library\/)?(?:node|python|ruby|golang|rust|buildpack-deps)(?::(?![^@]*(?:slim|alpine))[^@]*)?(?:@.*)?$/i;
/** busybox, in every alpine image, has its own wget and unzip. */
const BUSYBOX_TOOLS = new Set(['wget', 'unzip', 'nc']);
/** Browser images ship a Chrome or Chromium. */
const BROWSER_IMAGE = /playwright|puppeteer|chrom|browserless/i;
const BROWSERS = new Set(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);

/** How a call names what it runs. */
type Form = 'shell' | 'file';

/** child_process and its promise-returning drop-ins, which keep its function names. */
const CHILD_PROCESS = /^(?:node:)?child_process$|^promisify-child-process$|^child-process-promise$/;
const CHILD_PROCESS_METHODS: Readonly<Record<string, Form>> = {
  exec: 'shell', execSync: 'shell', spawn: 'file', spawnSync: 'file', execFile: 'file', execFileSync: 'file',
};
const EXECA_METHODS: Readonly<Record<string, Form>> = {
  execa: 'file', execaSync: 'file', execaCommand: 'shell', execaCommandSync: 'shell', default: 'file',
};

interface Runners {
  /** Local names of imported functions with what they run: `import { exec as run } from 'child_process'`. */
  functions: Map<string, Form>;
  /** Local names of child_process modules (`cp`), and of shelljs ones prefixed `shelljs:`. */
  namespaces: Set<string>;
}

function runnerBindings(sourceFile: SourceFile): Runners {
  const runners = new Map<string, Form>();
  const namespaces = new Set<string>();
  const bind = (module: string, imported: string, local: string) => {
    if (CHILD_PROCESS.test(module)) {
      if (imported === '*' || imported === 'default') namespaces.add(local);
      else if (CHILD_PROCESS_METHODS[imported]) runners.set(local, CHILD_PROCESS_METHODS[imported]);
    } else if (module === 'execa' && EXECA_METHODS[imported]) runners.set(local, EXECA_METHODS[imported]);
    else if (module === 'shelljs' && (imported === '*' || imported === 'default')) namespaces.add(`shelljs:${local}`);
  };
  for (const declaration of sourceFile.getImportDeclarations()) {
    const module = declaration.getModuleSpecifierValue();
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) bind(module, 'default', defaultImport.getText());
    const namespace = declaration.getNamespaceImport();
    if (namespace) bind(module, '*', namespace.getText());
    for (const named of declaration.getNamedImports()) bind(module, named.getName(), (named.getAliasNode() ?? named.getNameNode()).getText());
  }
  for (const declaration of sourceFile.getVariableDeclarations()) {
    const initializer = declaration.getInitializer();
    const module = requireArgument(initializer);
    const nameNode = declaration.getNameNode();
    if (module !== undefined && Node.isIdentifier(nameNode)) bind(module, 'default', nameNode.getText());
    if (module !== undefined && Node.isObjectBindingPattern(nameNode)) {
      for (const element of nameNode.getElements()) bind(module, element.getPropertyNameNode()?.getText() ?? element.getName(), element.getName());
    }
  }
  // `const run = promisify(exec)` / `util.promisify(cp.exec)` runs what `exec` runs.
  for (const declaration of sourceFile.getVariableDeclarations()) {
    const initializer = declaration.getInitializer();
    if (!Node.isCallExpression(initializer) || !/(?:^|\.)promisify$/.test(calleeName(initializer) ?? '')) continue;
    const [wrapped] = initializer.getArguments();
    const form = wrapped && formOfCallee(wrapped, runners, namespaces);
    if (form) runners.set(declaration.getName(), form);
  }
  return { functions: runners, namespaces };
}

/** `require('x')` -> 'x'. */
function requireArgument(node: Node | undefined): string | undefined {
  const expression = node && unwrap(node);
  if (!Node.isCallExpression(expression) || calleeName(expression) !== 'require') return undefined;
  return stringValue(expression.getArguments()[0]);
}

/** What a callee runs: a bound runner, `cp.exec` on a child_process namespace, `shell.exec`, `Bun.spawn`, `require('child_process').exec`. */
function formOfCallee(callee: Node, runners: ReadonlyMap<string, Form>, namespaces: ReadonlySet<string>): Form | undefined {
  const expression = unwrap(callee);
  if (Node.isIdentifier(expression)) return runners.get(expression.getText());
  if (!Node.isPropertyAccessExpression(expression)) return undefined;
  const method = expression.getName();
  const target = unwrap(expression.getExpression());
  const targetText = target.getText();
  if (targetText === 'Bun' && (method === 'spawn' || method === 'spawnSync')) return 'file';
  if (namespaces.has(`shelljs:${targetText}`)) return method === 'exec' ? 'shell' : undefined;
  const isChildProcess = namespaces.has(targetText) || CHILD_PROCESS.test(requireArgument(target) ?? '');
  return isChildProcess ? CHILD_PROCESS_METHODS[method] : undefined;
}

/** Names of the programs a command line or file argument runs, as far as literals tell. */
function programsOf(node: Node | undefined, form: Form): string[] {
  if (!node) return [];
  const expression = unwrap(node);
  if (Node.isArrayLiteralExpression(expression)) return programsOf(expression.getElements()[0], 'file');
  if (Node.isObjectLiteralExpression(expression)) {
    const cmd = expression.getProperty('cmd');
    return Node.isPropertyAssignment(cmd) ? programsOf(cmd.getInitializer(), 'file') : [];
  }
  const literal = stringValue(expression);
  if (literal !== undefined) return form === 'file' ? [literal.trim().split(/\s+/)[0] ?? ''] : shellPrograms(literal, true);
  if (Node.isTemplateExpression(expression)) {
    const head = expression.getHead().getLiteralText();
    return form === 'file' ? completeFirstWord(head) : shellPrograms(head, /\s$/.test(head));
  }
  return [];
}

/** The first word of a template head, when the substitution does not continue it. */
function completeFirstWord(head: string): string[] {
  const match = /^\s*(\S+)\s/.exec(head);
  return match ? [match[1]!] : [];
}

/** Launchers that run an npm package's bin (`npx import-meta-env`): the program ships in node_modules. */
const PACKAGE_RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'npm', 'pnpm', 'yarn', 'bun']);

/** Programs of each simple command of a shell line; a last command cut short by a substitution may not name its program. */
function shellPrograms(text: string, complete: boolean): string[] {
  const commands = parseShell(text);
  return commands.flatMap((command, index) => {
    if (PACKAGE_RUNNERS.has(command.words[0] ?? '')) return [];
    const words = programWords(command.words);
    const isCut = index === commands.length - 1 && !complete && words.length <= 1;
    return words[0] !== undefined && !isCut ? [words[0]] : [];
  });
}

/** `/usr/bin/convert` -> `convert`; undefined for the app's own executables (`./bin/x`) and dynamic names. */
function programName(word: string): string | undefined {
  if (word === '' || word.startsWith('.') || /[$`{}()<>|&;*?]/.test(word)) return undefined;
  const name = posix.basename(word).replace(/\.exe$/i, '');
  return ALWAYS_THERE.has(name) ? undefined : name;
}

interface RunSite {
  node: Node;
  programs: string[];
  /** The run is tried: the program's absence is caught and the code carries on (see `isTried`). */
  optional?: boolean;
}

const TRIGGERS = ['child_process', 'execa', 'zx', 'shelljs', 'Bun.'];

/** Where a file runs external programs, and the programs' words as far as literals tell (`/usr/bin/convert`, `./bin/x`). */
export const programRuns = scriptFacts<{ programs: string[]; span: Span; optional?: boolean }[]>({
  name: 'dependencies/system-tool-exec',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  extract: (sourceFile, file) =>
    runSites(sourceFile).flatMap(({ node, programs, optional }) =>
      programs.length > 0 ? [{ programs, span: spanOf(node, file), ...(optional ? { optional } : {}) }] : [],
    ),
});

/**
 * A run whose failure the code absorbs: a synchronous call (`execSync`, `spawnSync`, ...) or an
 * awaited one, inside the `try` block of a statement whose `catch` throws nothing (it falls back:
 * returns null, skips a step, logs a warning). A missing program then only takes an optional
 * extra away (`git config` for an id, `git init` in a scaffolder), not the app's work.
 */
function isTried(call: Node): boolean {
  const callee = Node.isCallExpression(call) ? calleeName(call) ?? '' : '';
  const awaited = Node.isAwaitExpression(unwrapParents(call));
  if (!/Sync$/.test(callee) && !awaited) return false;
  for (let current: Node | undefined = call; current; current = current.getParent()) {
    const parent = current.getParent();
    if (Node.isTryStatement(parent) && parent.getTryBlock() === current) {
      const handler = parent.getCatchClause();
      return handler !== undefined && handler.getDescendantsOfKind(SyntaxKind.ThrowStatement).length === 0;
    }
    if (Node.isFunctionLikeDeclaration(current) || Node.isArrowFunction(current) || Node.isFunctionExpression(current)) return false;
  }
  return false;
}

/** The expression a call's value flows into through parentheses and `as` casts. */
function unwrapParents(node: Node): Node | undefined {
  let parent = node.getParent();
  while (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent))) parent = parent.getParent();
  return parent;
}

function runSites(sourceFile: SourceFile): RunSite[] {
  const { functions, namespaces } = runnerBindings(sourceFile);
  const shellTags = new Set(
    sourceFile
      .getImportDeclarations()
      .filter((declaration) => /^(?:zx|zx\/globals|execa|bun)$/.test(declaration.getModuleSpecifierValue()))
      .flatMap((declaration) => declaration.getNamedImports().filter((named) => named.getName() === '$'))
      .map((named) => (named.getAliasNode() ?? named.getNameNode()).getText()),
  );
  const sites: RunSite[] = [];
  // Only calls `formOfCallee` may accept get wrapped: a bound runner's name, or a child_process-like method
  // (`in`, as `CHILD_PROCESS_METHODS[method]` is looked up), and tagged templates.
  const mayRun = (node: ts.Node): boolean => {
    if (node.kind === SyntaxKind.TaggedTemplateExpression) return true;
    if (node.kind !== SyntaxKind.CallExpression) return false;
    const callee = unwrapRaw((node as ts.CallExpression).expression);
    if (callee.kind === SyntaxKind.Identifier) return functions.has((callee as ts.Identifier).text);
    return callee.kind === SyntaxKind.PropertyAccessExpression && (callee as ts.PropertyAccessExpression).name.text in CHILD_PROCESS_METHODS;
  };
  for (const node of findNodes(sourceFile, mayRun)) {
    if (Node.isCallExpression(node)) {
      const form = formOfCallee(node.getExpression(), functions, namespaces);
      if (form) sites.push({ node: programNode(node), programs: programsOf(node.getArguments()[0], form), ...(isTried(node) ? { optional: true } : {}) });
    } else if (Node.isTaggedTemplateExpression(node) && isShellTag(node, shellTags)) {
      const template = node.getTemplate();
      const text = Node.isNoSubstitutionTemplateLiteral(template) ? template.getLiteralValue() : template.getHead().getLiteralText();
      sites.push({ node: template, programs: shellPrograms(text, Node.isNoSubstitutionTemplateLiteral(template) || /\s$/.test(text)) });
    }
  }
  return sites;
}

/** Report at the argument naming the program when there is one, else at the call. */
function programNode(call: CallExpression): Node {
  return call.getArguments()[0] ?? call;
}

/** `` $`ffmpeg ...` `` with `$` from zx/execa/bun, `` Bun.$`...` ``, and `` $({ cwd })`...` ``. */
function isShellTag(node: TaggedTemplateExpression, shellTags: ReadonlySet<string>): boolean {
  const tag = unwrap(node.getTag());
  const name = Node.isCallExpression(tag) ? tag.getExpression().getText() : tag.getText();
  return name === 'Bun.$' || shellTags.has(name);
}

// ---------------------------------------------------------------------------------------------
// What the app's images provide

/** The stage and the stages it builds on, final first. */
function lineage(stage: DockerStage): DockerStage[] {
  const stages: DockerStage[] = [];
  for (let current: DockerStage | undefined = stage; current; current = current.parent) stages.push(current);
  return stages;
}

/**
 * Whether the image a Dockerfile ships has `program`: from its base image, a package installed in a
 * RUN of its stages, or a file copied in (`COPY --from=mwader/static-ffmpeg /ffmpeg ...`). An image
 * the file does not pin down (`FROM ${BASE}`, unparsable) counts as providing it: prefer a miss.
 */
function imageProvides(context: RuleContext<MessageId>, dockerfilePath: string, program: string): boolean {
  const dockerfile = context.dockerfile(dockerfilePath);
  const stage = dockerfile && finalStage(dockerfile);
  if (!dockerfile || !stage) return true;
  const stages = lineage(stage);
  const base = stages.at(-1)?.image;
  // Only Docker's official images are known quantities; `myorg/base:1` may hold anything.
  if (base === undefined || !isOfficialImage(base)) return true;
  if (BUILDPACK_IMAGE.test(base) && BUILDPACK_TOOLS.has(program)) return true;
  if (/alpine/i.test(base) && BUSYBOX_TOOLS.has(program)) return true;
  if (BROWSER_IMAGE.test(base) && BROWSERS.has(program)) return true;
  const words = new RegExp(`(?:^|[\\s/:=,"'])(?:${[escape(program), ...(Object.hasOwn(PACKAGES_OF, program) ? PACKAGES_OF[program]! : [])].join('|')})(?=$|[\\s/:=,"'@*\\\\])`, 'i');
  if (words.test(base)) return true;
  const installed = stages.flatMap((candidate) => candidate.instructions).filter((instruction) => instruction.getKeyword() === 'RUN');
  if (installed.some((instruction) => instructionCommands(instruction).some((command) => words.test(` ${command.words.join(' ')} `)))) return true;
  const copies = linesOf(context.text(dockerfilePath) ?? '').filter((line) => /^\s*(?:COPY|ADD)\s/i.test(line.text));
  return copies.some((line) => words.test(line.text));
}

function isOfficialImage(image: string): boolean {
  const name = image.split(/[:@]/)[0] ?? image;
  return !name.includes('/') || /^(?:docker\.io\/)?library\/[^/]+$/.test(name);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A workspace member often ships in an image built by a Dockerfile at the repository root (which
 * copies the whole workspace): with none of its own, the app is judged by the repository's
 * production Dockerfiles.
 */
function repositoryDockerfiles(context: RuleContext<MessageId>): string[] {
  return context.repo.files
    .filter((file) => file.language === 'dockerfile' && file.role === 'config' && !isDevelopmentFile(file.path))
    .map((file) => file.path);
}

export const systemToolExec = defineRule<MessageId>({
  id: 'dependencies/system-tool-exec',
  factor: 'dependencies',
  defaultSeverity: 'warning',
  title: 'External programs run by the app',
  description:
    'Finds child_process/execa/zx/shelljs/Bun calls that run external programs (ImageMagick, ffmpeg, git, psql, Chrome, ...), a warning when the Dockerfile does not install them.',
  fix: 'Install the program in the image the app ships (apt-get/apk add) and document it, or use a library dependency instead of the binary.',
  messages: {
    notInstalled: 'runs the external program {{program}}, which {{dockerfile}} does not install: the container fails where it is missing',
    externalProgram: 'runs the external program {{program}}: an implicit system dependency no manifest declares',
  },
  triggers: TRIGGERS,
  appliesTo: () => true,
  facts: [programRuns],
  check(context) {
    const { app } = context;
    const repositoryImages = repositoryDockerfiles(context);
    const dockerfiles = app.dockerfiles.length > 0 ? app.dockerfiles : repositoryImages;
    // Only a service or worker with images of its own is known to run in them: the warning needs both.
    const judgesImages = (app.kind === 'service' || app.kind === 'worker') && app.dockerfiles.length > 0;
    // Each (Dockerfile, program) pair is judged once, however many calls run the program.
    const judged = new Map<string, boolean>();
    const provides = (path: string, program: string): boolean => {
      const key = `${path}\u0000${program}`;
      let answer = judged.get(key);
      if (answer === undefined) {
        answer = imageProvides(context, path, program);
        judged.set(key, answer);
      }
      return answer;
    };
    // An image built elsewhere in the repository (an OS image installing the daemon's tools) may be the one.
    const anyImage = [...new Set([...dockerfiles, ...repositoryImages])];
    const noted = new Set<string>();
    forEachRuntimeScriptFacts(context, programRuns, (sites, file) => {
      for (const site of sites) {
        if (site.optional) continue;
        for (const program of new Set(site.programs.map(programName).filter((name) => name !== undefined))) {
          // Any image that provides the program is taken to be the one that runs this code.
          if (dockerfiles.some((path) => provides(path, program))) continue;
          const at = { file: file.path, ...site.span };
          // A program outside the catalogue may come from a package of another name: never more than a note.
          if (judgesImages && Object.hasOwn(PACKAGES_OF, program)) {
            context.report({ messageId: 'notInstalled', data: { program, dockerfile: dockerfiles.join(', ') }, ...at });
          } else if (!noted.has(program) && !anyImage.some((path) => provides(path, program))) {
            // The note is about the app's dependency on the program: once, at its first run.
            noted.add(program);
            context.report({ messageId: 'externalProgram', data: { program }, ...at, severity: 'note' });
          }
        }
      }
    });
  },
});
