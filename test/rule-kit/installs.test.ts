import { describe, expect, it } from 'vitest';
import { installOf, parseShell } from '../../src/rule-kit/index.js';

const install = (line: string, options?: { yarnImmutableByDefault?: boolean }) => {
  const [command] = parseShell(line);
  return command && installOf(command, options);
};

describe('installOf', () => {
  it.each([
    ['npm install', false],
    ['npm --prefix api --omit=dev -f install', false],
    ['npm ci --omit=dev', true],
    ['yarn', false],
    ['yarn install --pure-lockfile', true],
    ['yarn install --frozen-lockfile', true],
    ['yarn workspaces focus --production @acme/api', false],
    ['pnpm install --prod', false],
    ['pnpm install --frozen-lockfile', true],
    ['bun install', false],
  ] as const)('%s installs the lockfile (frozen: %s)', (line, frozen) => {
    expect(install(line)).toMatchObject({ kind: 'lockfile', frozen });
  });

  it('takes yarn 2+ immutable settings into account', () => {
    expect(install('yarn workspaces focus', { yarnImmutableByDefault: true })).toMatchObject({ kind: 'lockfile', frozen: true });
    expect(install('yarn install --no-immutable', { yarnImmutableByDefault: true })).toMatchObject({ kind: 'lockfile', frozen: false });
  });

  it.each([
    ['npm install -g pnpm', true, ['pnpm']],
    ['npm i -g typescript@5.4.5', true, []],
    ['npm install yarn -g', true, ['yarn']],
    ['yarn global add pm2', true, ['pm2']],
    ['pnpm add npm-run-all dotenv@16.4.5', false, ['npm-run-all']],
    ['bun add -g serve', true, ['serve']],
    ['pip install gunicorn "flask==3.0.3" -f wheels/', false, ['gunicorn']],
    ['python3 -m pip install --upgrade pip setuptools', false, []],
    ['cargo install --locked monolith', true, ['monolith']],
    ['cargo install ripgrep --version 14.1.0', undefined, undefined],
    ['go install github.com/acme/tool@latest', true, ['github.com/acme/tool@latest']],
    ['go install github.com/acme/tool@v1.2.3', true, []],
  ] as const)('%s installs named packages', (line, global, unversioned) => {
    if (unversioned === undefined) expect(install(line)).toBeUndefined();
    else expect(install(line)).toMatchObject({ kind: 'packages', global, unversioned });
  });

  it.each(['npm run build', 'pip install -r requirements.txt', 'pip install -e .', 'apt-get install -y curl', 'npm i --package-lock-only'])(
    '%s installs nothing it could pin',
    (line) => {
      const result = install(line);
      expect(result === undefined || (result.kind === 'packages' && result.unversioned.length === 0)).toBe(true);
    },
  );
});
