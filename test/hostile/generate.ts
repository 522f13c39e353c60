/**
 * The hostile corpus: each function builds one attack on twelve-audit in a fresh temporary folder,
 * the way a repository author who wants to harm the person auditing it would commit it. The tests in
 * this folder run the built CLI on them and check the promise of docs/security.md.
 *
 * Layout of every attack: `<sandbox>/repo` is the audited repository (with an empty `.git`, so it is
 * the top of its own work tree), `<sandbox>/outside` is the user's world, which must stay untouched.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A live-looking Stripe key (the documentation example): findings elsewhere must still report it. */
export const STRIPE_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
/** Content of the victim's files: must never be echoed, overwritten or applied. */
export const OUTSIDE_SECRET = 'DB_PASSWORD=outside-secret-3f9a1c';

export interface Sandbox {
  sandbox: string;
  repo: string;
  outside: string;
}

export function sandbox(files: Record<string, string> = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'twelve-audit-hostile-'));
  const repo = join(root, 'repo');
  const outside = join(root, 'outside');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(outside);
  writeFiles(repo, { 'package.json': '{ "name": "hostile", "version": "1.0.0" }\n', ...files });
  return { sandbox: root, repo, outside };
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A file the hostile repository hard-codes a secret in: its finding proves the rest was audited. */
export const SECRET_FILE = { 'src/key.js': `const stripe = "${STRIPE_KEY}";\nmodule.exports = stripe;\n` };

export function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

// ---------------------------------------------------------------------------------------------
// Critical: writes and reads outside the repository

/** `.twelve-audit.yml` names a baseline outside the repository (the user's ~/.bashrc). */
export function configBaselineOutside(): Sandbox & { victim: string } {
  const box = sandbox({ '.twelve-audit.yml': 'baseline: ../outside/.bashrc\n' });
  const victim = join(box.outside, '.bashrc');
  writeFileSync(victim, 'export PATH=$PATH\n');
  return { ...box, victim };
}

/** The config's baseline is inside by name but a committed symlink on its way leads outside. */
export function configBaselineThroughSymlink(): Sandbox & { victim: string } {
  const box = sandbox({ '.twelve-audit.yml': 'baseline: reports/baseline.json\n' });
  symlinkSync(box.outside, join(box.repo, 'reports'));
  return { ...box, victim: join(box.outside, 'baseline.json') };
}

/** The default baseline file is committed as a symlink to a file outside. */
export function baselineFileIsSymlink(): Sandbox & { victim: string } {
  const box = sandbox();
  const victim = join(box.outside, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, join(box.repo, '.twelve-audit-baseline.json'));
  return { ...box, victim };
}

/** `.twelve-audit.yml` is a symlink to a file outside holding a secret (not valid YAML, so a parser would quote it). */
export function configSymlinkOutside(): Sandbox {
  const box = sandbox();
  writeFileSync(join(box.outside, 'secrets.env'), `${OUTSIDE_SECRET}\nOTHER: [x\n`);
  symlinkSync(join(box.outside, 'secrets.env'), join(box.repo, '.twelve-audit.yml'));
  return box;
}

/** The config's baseline is a file outside the repository whose first bytes would be echoed. */
export function configBaselineReadsOutside(): Sandbox {
  const box = sandbox({ '.twelve-audit.yml': 'baseline: ../outside/shadow\n' });
  writeFileSync(join(box.outside, 'shadow'), `${OUTSIDE_SECRET}\n`);
  return box;
}

/** The config's baseline is a named pipe (a hang) or a symlink to /dev/zero (endless) inside the repository. */
export function configBaselineSpecial(kind: 'fifo' | 'zero'): Sandbox {
  const box = sandbox({ '.twelve-audit.yml': 'baseline: baseline.json\n' });
  if (kind === 'fifo') mkfifo(join(box.repo, 'baseline.json'));
  else symlinkSync('/dev/zero', join(box.repo, 'baseline.json'));
  return box;
}

// ---------------------------------------------------------------------------------------------
// High: hiding code or findings

/** Generated-looking files whose syntax is nested deep enough to overflow a recursive walk or parser, next to a live key. */
export function deepNesting(shape: 'concatenation' | 'parentheses' | 'calls' | 'json'): Sandbox {
  const depth = 3000;
  const files: Record<string, string> = {
    concatenation: { 'src/generated.js': `const password = "a"\n${'  + "a"\n'.repeat(depth)};\nmodule.exports = password;\n` },
    parentheses: { 'src/generated.js': `const password = ${'(\n'.repeat(depth)}"a"${')\n'.repeat(depth)};\nmodule.exports = password;\n` },
    calls: { 'src/generated.js': `const password = ${'f(\n'.repeat(depth)}"a"${')\n'.repeat(depth)};\nmodule.exports = password;\n` },
    json: { 'config/data.json': `{"password": "x",\n"a": ${'[\n'.repeat(depth * 10)}1${']\n'.repeat(depth * 10)}}\n` },
  }[shape];
  return sandbox({ ...files, ...SECRET_FILE });
}

/** A file whose name is not valid UTF-8, at the root or next to the secret; and names with line breaks. */
export function badFileNames(where: 'root' | 'folder'): Sandbox {
  const box = sandbox(SECRET_FILE);
  const folder = where === 'root' ? box.repo : join(box.repo, 'src');
  writeFileSync(Buffer.concat([Buffer.from(`${folder}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('.js')]), 'module.exports = 1;\n');
  writeFileSync(join(folder, 'new\nline.js'), `const k = "${STRIPE_KEY}";\n`);
  writeFileSync(join(folder, 'carriage\rreturn.js'), 'module.exports = 2;\n');
  return box;
}

/**
 * Auditing a subfolder of a work tree whose `.gitignore` files above the audited folder are symlinks:
 * to /dev/zero (endless), to a named pipe (a hang), or to a file outside holding `*` (hides everything).
 */
export function gitignoreAboveIsSymlink(target: 'zero' | 'fifo' | 'outside'): Sandbox & { audited: string } {
  const box = sandbox();
  const audited = join(box.repo, 'packages', 'api');
  writeFiles(audited, { 'package.json': '{ "name": "api", "version": "1.0.0" }\n', ...SECRET_FILE });
  const link = join(box.repo, '.gitignore');
  if (target === 'zero') symlinkSync('/dev/zero', link);
  if (target === 'fifo') {
    mkfifo(join(box.outside, 'pipe'));
    symlinkSync(join(box.outside, 'pipe'), link);
  }
  if (target === 'outside') {
    writeFileSync(join(box.outside, 'ignore-all'), '*\n');
    symlinkSync(join(box.outside, 'ignore-all'), join(box.repo, 'packages', '.gitignore'));
  }
  return { ...box, audited };
}

/** A named pipe with a source file's name inside the repository (and a FIFO `.gitignore`). */
export function fifoInRepository(): Sandbox {
  const box = sandbox(SECRET_FILE);
  mkfifo(join(box.repo, 'src', 'pipe.js'));
  mkfifo(join(box.repo, 'src', '.gitignore'));
  return box;
}

// ---------------------------------------------------------------------------------------------
// High: hostile text reaching the terminal and PR comments

/** Escape sequences that clear the screen, print a fake score, set the title, write the clipboard, plant a hyperlink. */
export const TERMINAL_ATTACK =
  '\u001b[2J\u001b[HScore 100/100 (A)\r\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007\u009b31m\u202egnp.exe';

/** Markup that would break a table, inject HTML, plant a link and mention people in a PR comment. */
export const MARKDOWN_ATTACK = '|x|\r<img src=x onerror=alert(1)>[click](javascript:alert(1)) @octocat #1 `code';

/** The attacks in a package name, a file name and the source line a finding's snippet shows. */
export function hostileText(): Sandbox {
  return sandbox({
    'package.json': JSON.stringify({ name: `evil${TERMINAL_ATTACK}`, version: '1.0.0' }),
    'src/key.js': `const stripe = "${STRIPE_KEY}"; // ${TERMINAL_ATTACK}\nmodule.exports = stripe;\n`,
    [`src/esc\u001b[31m${MARKDOWN_ATTACK.replace(/[\r/]/g, '')}.js`]: `const stripe = "${STRIPE_KEY}";\nmodule.exports = stripe;\n`,
  });
}

// ---------------------------------------------------------------------------------------------
// High: secrets in clear, and values derived from them

/** The same shape as STRIPE_KEY, another value; only the 2 characters a mask shows (`sk_live_4e****`) are the same. */
export const OTHER_STRIPE_KEY = 'sk_live_4eQ81PwKxcvBNmtR2ydh4LaS';

/**
 * Secrets where a finding would show or hash them: a live key on the line of a suppression comment
 * without a reason, a key written with `\u` escapes, a short password in `.env` (the one a line hash
 * over raw text gives back), and a JSON file whose syntax error sits in a secret.
 */
export function secretsInClear(key = STRIPE_KEY, password = 'hunter22', token = 'tok3nValu3Secr3tX'): Sandbox {
  const escaped = [...key].map((char, index) => (index < 1 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char)).join('');
  return sandbox({
    'src/suppressed.js': `const stripe = "${key}"; // twelve-audit-ignore-line config/hardcoded-credentials\nmodule.exports = stripe;\n`,
    'src/escaped.js': `const stripe = "${escaped}";\nmodule.exports = { stripe };\n`,
    'src/next.js': `module.exports = {\n  password: "${password}",\n  url: "postgres://app:${password}@db.internal/app",\n};\n`,
    '.env': `DB_PASSWORD=${password}\n`,
    'config/data.json': `{"password": "x", "token": ${token}}\n`,
    'package.json': '{ "name": "hostile", "version": "1.0.0", "private": true }\n',
  });
}

// ---------------------------------------------------------------------------------------------
// Medium: bounded work

/**
 * A lockfile over the configured `maxFileSize` (the index keeps lockfiles for their presence) whose
 * end, past the limit, holds a suppression comment: a read bounded by the configured limit never
 * sees it, one bounded only by the 1 MiB default reports it as invalid.
 */
export function lockfileOverConfiguredLimit(): Sandbox {
  const packages = Object.fromEntries(Array.from({ length: 2000 }, (_, index) => [`node_modules/pkg-${index}`, { version: '1.0.0' }]));
  const lockfile = `${JSON.stringify({ lockfileVersion: 3, packages }, null, 2).slice(0, -2)},\n  "//": "// twelve-audit-ignore-line past/the-limit"\n}\n`;
  return sandbox({ '.twelve-audit.yml': 'maxFileSize: 4096\n', 'package-lock.json': lockfile, ...SECRET_FILE });
}

/** A pyproject.toml of about 1 MiB: `dependencies = [` and then a banner of `#` comment lines, no string. */
export function pyprojectCommentBanner(): Sandbox {
  const banner = `${'#'.repeat(99)}\n`.repeat(10_400);
  return sandbox({ 'pyproject.toml': `[project]\nname = "app"\ndependencies = [\n${banner}]\n`, 'app.py': 'print("hello")\n', ...SECRET_FILE });
}

/** A package.json of about 1 MiB: `count` dependencies on any version (`*`), each one finding. */
export function packageJsonManyDependencies(count = 40_000): Sandbox {
  const dependencies = Object.fromEntries(Array.from({ length: count }, (_, index) => [`pkg-${index}`, '*']));
  return sandbox({ 'package.json': JSON.stringify({ name: 'hostile', version: '1.0.0', dependencies }, null, 1), ...SECRET_FILE });
}

/**
 * Workspace globs that are malformed (an unbalanced brace: a hand-compiled pattern throws and the
 * audit dies) or name folders outside the root (`../../**`, `/etc/*`), beside one real member that
 * holds a live key.
 */
export function hostileWorkspaceGlobs(): Sandbox {
  return sandbox({
    'package.json': JSON.stringify({ name: 'hostile', private: true, workspaces: ['{apps,services/*', '../../**', '/etc/*', 'packages/*'] }),
    'packages/api/package.json': '{ "name": "api", "version": "1.0.0" }\n',
    'packages/api/src/key.js': SECRET_FILE['src/key.js'],
  });
}
