import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { PYTHON_INSTALLED_WITH } from '../../../src/knowledge/python-imports.js';
import { undeclaredImports } from '../../../rules/dependencies/undeclared-imports.js';

describeFixtures(undeclaredImports);

const fixture = (kind: string, name: string) => join(FIXTURES, 'dependencies/undeclared-imports', kind, name);

describe('dependencies/undeclared-imports on Python and Go', () => {
  it('collapses the imports no lockfile settles into one note per app that says how to make them checkable', () => {
    const findings = findingsOf(undeclaredImports, fixture('fail', 'python-unchecked-without-lockfile'));
    expect(findings.at(-1)?.message).toBe(
      '1 module-level import(s) cannot be checked against requirements.txt: ' +
        'django_filters may be installed by pagecraft-cms, and no lockfile shows what is (commit one: uv lock, poetry lock, pipenv lock or pip-compile)',
    );
  });

  it('checks against the lockfile: a name its declared distribution provides or the lock installs passes, a known one it lacks is reported', () => {
    const findings = findingsOf(undeclaredImports, fixture('fail', 'python-lockfile-misses-import'));
    // `inkwell` no known distribution provides: most likely a declared one's under another name, so not judged.
    expect(findings.map((finding) => finding.message)).toEqual([
      "'yaml' is imported but Pipfile.lock neither declares nor installs pyyaml, which provides it: it only resolves where something else installed it",
    ]);
  });

  it('checks against a frozen requirements.txt (every distribution pinned, transitive ones included) as a lockfile', () => {
    const findings = findingsOf(undeclaredImports, fixture('fail', 'python-frozen-requirements-misses-import'));
    expect(findings.map((finding) => finding.message)).toEqual([
      "'yaml' is imported but requirements.txt neither declares nor installs pyyaml, which provides it: it only resolves where something else installed it",
    ]);
  });

  it('notes a Python import only a declared distribution installs when asked for transitive imports', () => {
    const rule = { ...undeclaredImports, defaultOptions: { reportTransitive: true } };
    const findings = findingsOf(rule, fixture('fail', 'python-unchecked-without-lockfile'));
    expect(findings[0]?.message).toBe("'sqlparse' is imported but requirements.txt does not declare it: only django installs it, and with no lockfile nothing pins it; declare it");
    expect(findings.filter((finding) => finding.messageId === 'installedTransitively').map((finding) => `${finding.file}:${finding.line} ${finding.severity}`)).toEqual([
      'catalog/views.py:2 note',
      'catalog/views.py:4 note',
    ]);
  });

  it('reports a Go module only go.sum names (a dependency of a dependency) when asked for transitive imports', () => {
    const rule = { ...undeclaredImports, defaultOptions: { reportTransitive: true } };
    const findings = findingsOf(rule, fixture('fail', 'go-build-list'));
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.messageId} ${finding.severity}`)).toEqual([
      'svc/main.go:9 undeclaredTransitiveSource note',
      'svc/main.go:10 undeclaredSource warning',
    ]);
  });

  it('describes every distribution its install table names, so following it from a declared one is complete', () => {
    const undescribed = Object.values(PYTHON_INSTALLED_WITH)
      .flat()
      .filter((name) => PYTHON_INSTALLED_WITH[name] === undefined);
    expect(undescribed).toEqual([]);
  });
});
