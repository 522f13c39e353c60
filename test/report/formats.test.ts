/** compact, github, gitlab and junit: what CI systems and editors read, checked the way they read it. */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { isOpen } from '../../src/score/score.js';
import { REPORTERS } from '../../src/report/index.js';
import type { ReporterOptions } from '../../src/report/types.js';
import type { Finding, Report } from '../../src/types.js';
import { kitchenSinkReport } from './kitchen-sink.js';

const OPTIONS: ReporterOptions = { color: false, quiet: false, failOn: 'error' };
const report = kitchenSinkReport();
const open = report.findings.filter(isOpen);

/** A report whose one finding carries text that tries to break out of each format. */
function hostile(): Report {
  const finding = open[0] as Finding;
  const evil: Finding = {
    ...finding,
    file: 'src/a,b:c%.js',
    message: 'bad </failure><x> & "q" \n::error::injected 100%',
    snippet: '<script>alert(1)</script>\u0007',
    help: 'fix it\r\n::warning::again',
  };
  return { ...report, findings: [evil] };
}

function xml(text: string): Document {
  const window = new Window();
  return new window.DOMParser().parseFromString(text, 'application/xml') as unknown as Document;
}

describe('compact', () => {
  it('prints one line per open finding: file:line:col: severity message [rule]', () => {
    const lines = REPORTERS.compact!(report, OPTIONS).trimEnd().split('\n');
    expect(lines).toHaveLength(open.length);
    for (const line of lines) expect(line).toMatch(/^[^:\n]+:\d+:\d+: (error|warning|note) .+ \[[\w-]+\/[\w-]+\]$/);
    expect(lines).toContain('apps/api/Dockerfile:6:5: error GOLDEN_SECRET is set to sk**** [config/golden-marker]');
  });

  it('keeps a finding on one line whatever its message holds', () => {
    expect(REPORTERS.compact!(hostile(), OPTIONS).trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('github', () => {
  it('annotates each open finding on its line, paths from the repository top, and ends with the score', () => {
    const lines = REPORTERS.github!(report, OPTIONS).trimEnd().split('\n');
    expect(lines).toHaveLength(open.length + 1);
    expect(lines[0]).toMatch(/^::error file=fixtures\/apps\/kitchen-sink\/apps\/api\/Dockerfile,line=6,col=5,endLine=6,endColumn=\d+,title=twelve-audit config\/golden-marker::GOLDEN_SECRET is set to sk\*\*\*\*%0AFix: /);
    expect(lines.filter((line) => line.startsWith('::notice file='))).toHaveLength(open.filter((finding) => finding.severity === 'note').length);
    expect(lines.at(-1)).toBe(`::notice title=twelve-audit::Twelve-factor score ${report.score}/100 (${report.grade}), ${open.length} findings`);
  });

  it('escapes repository text so it cannot start a command of its own', () => {
    const [line] = REPORTERS.github!(hostile(), OPTIONS).split('\n');
    expect(line).toContain('file=fixtures/apps/kitchen-sink/src/a%2Cb%3Ac%25.js,');
    expect(line).toContain('::bad </failure><x> & "q" %0A::error::injected 100%25%0AFix: fix it%0D%0A::warning::again');
    expect(line?.split('\n')).toHaveLength(1);
  });
});

describe('gitlab', () => {
  it('writes Code Quality issues with unique fingerprints, severities and locations from the repository top', () => {
    const issues = JSON.parse(REPORTERS.gitlab!(report, OPTIONS)) as {
      check_name: string;
      description: string;
      fingerprint: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(issues).toHaveLength(open.length);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
    for (const issue of issues) {
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.path.startsWith('fixtures/apps/kitchen-sink/')).toBe(true);
      expect(issue.location.lines.begin).toBeGreaterThan(0);
    }
    expect(issues[0]).toMatchObject({ check_name: 'config/golden-marker', severity: 'major', location: { path: 'fixtures/apps/kitchen-sink/apps/api/Dockerfile', lines: { begin: 6 } } });
  });
});

describe('junit', () => {
  it('is one suite per app and one case per rule: failing with its findings, skipped when it does not apply', () => {
    const doc = xml(REPORTERS.junit!(report, OPTIONS));
    expect(doc.querySelector('parsererror')).toBeNull();
    const suites = [...doc.querySelectorAll('testsuite')];
    expect(suites.map((suite) => suite.getAttribute('name'))).toEqual(['api (apps/api)', '@kitchen/lib (packages/lib)']);
    const api = suites[0] as Element;
    const marker = api.querySelector('testcase[name="config/golden-marker"]');
    expect(marker?.querySelector('failure')?.getAttribute('message')).toBe('2 findings');
    expect(marker?.querySelector('failure')?.textContent).toContain('apps/api/Dockerfile:6:5 error GOLDEN_SECRET is set to sk****');
    const lib = suites[1] as Element;
    expect(lib.querySelector('testcase[name="logs/file-transport"] skipped')).not.toBeNull();
    expect(lib.getAttribute('failures')).toBe('0');
    expect(Number(doc.documentElement.getAttribute('tests'))).toBe(doc.querySelectorAll('testcase').length);
  });

  it('keeps repository text as text', () => {
    const doc = xml(REPORTERS.junit!(hostile(), OPTIONS));
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.querySelector('x')).toBeNull();
    expect(doc.querySelector('failure')?.textContent).toContain('bad </failure><x> & "q"');
  });
});
