import { describe, expect, it } from 'vitest';
import { isConfigModulePath, isPythonSettingsPath, isScriptConfigModulePath } from '../../src/rule-kit/config-modules.js';

describe('settings modules by path', () => {
  it('knows JS/TS settings modules and leaves tools\' own config out', () => {
    for (const path of ['config.js', 'src/db.config.ts', 'keys.js', 'config/database.js', 'server/settings.ts', 'knexfile.js']) expect(isScriptConfigModulePath(path), path).toBe(true);
    for (const path of ['vite.config.ts', 'config/webpack.config.js', 'src/app.js', 'src/configure-routes.js']) expect(isScriptConfigModulePath(path), path).toBe(false);
  });

  it('knows Python settings modules', () => {
    for (const path of ['settings.py', 'app/config.py', 'project/settings/production.py']) expect(isPythonSettingsPath(path), path).toBe(true);
    expect(isPythonSettingsPath('app/views.py')).toBe(false);
  });

  it('reads prefixed Python and Go settings names as settings modules too, for any language', () => {
    for (const path of ['shop/db_settings.py', 'app/prod_config.py', 'internal/config.go', 'pkg/conf/db.go', 'config/auth.config.js']) expect(isConfigModulePath(path), path).toBe(true);
    for (const path of ['main.go', 'app/settings_view_tests.py', 'internal/configure.go', 'src/app.ts']) expect(isConfigModulePath(path), path).toBe(false);
  });
});
