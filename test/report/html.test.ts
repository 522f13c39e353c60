/**
 * The HTML report in a DOM (happy-dom, its inline script run): self-contained, a chart of the twelve
 * factors per app, the findings filterable by severity, factor and app, repository text inert.
 * test/e2e/html-chromium.test.ts loads it in a real browser when one is installed.
 */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import type { ReporterOptions } from '../../src/report/types.js';
import { isOpen } from '../../src/score/score.js';
import type { Finding, Report } from '../../src/types.js';
import { kitchenSinkReport } from './kitchen-sink.js';

const OPTIONS: ReporterOptions = { color: false, quiet: false, failOn: 'error' };
const report = kitchenSinkReport();
const open = report.findings.filter(isOpen);

async function load(html: string) {
  const window = new Window({ settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true, navigation: { disableMainFrameNavigation: true } } });
  window.document.write(html);
  await window.happyDOM.waitUntilComplete();
  return window;
}

function visible(window: Window): string[] {
  return [...window.document.querySelectorAll('li.finding')].filter((item) => !(item as unknown as HTMLElement).hidden).map((item) => item.getAttribute('data-severity') ?? '');
}

function change(window: Window, element: unknown): void {
  (element as { dispatchEvent(event: unknown): boolean }).dispatchEvent(new window.Event('change', { bubbles: true }));
}

describe('html report', () => {
  const html = REPORTERS.html!(report, OPTIONS);

  it('loads nothing from the network', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=|<link[^>]+href=/i);
    expect(html).not.toMatch(/url\(/);
  });

  it('shows the score, a twelve-factor chart per app and every open finding with its masked snippet', async () => {
    const window = await load(html);
    const document = window.document;
    expect(document.querySelector('#score')?.textContent).toBe(`${report.score}/100 (${report.grade})`);
    const charts = [...document.querySelectorAll('figure.chart')];
    expect(charts.map((chart) => chart.getAttribute('data-app'))).toEqual(report.apps.map((app) => app.name));
    for (const chart of charts) expect(chart.querySelectorAll('g[data-factor]')).toHaveLength(12);
    expect(document.querySelectorAll('li.finding')).toHaveLength(open.length);
    const snippets = [...document.querySelectorAll('pre.snippet')].map((pre) => pre.textContent);
    expect(snippets).toContain('ENV GOLDEN_SECRET=sk****');
    expect(document.querySelector('ol.fix-first li')?.textContent).toContain('config/golden-marker');
    expect(document.querySelector('#shown')?.textContent).toBe(`${open.length} of ${open.length} findings shown`);
  });

  it('filters by severity, by factor (also from the chart) and by app', async () => {
    const window = await load(html);
    const document = window.document;
    const errorBox = document.querySelector('input[name=severity][value=error]') as unknown as HTMLInputElement;
    errorBox.checked = false;
    change(window, errorBox);
    expect(visible(window)).not.toContain('error');
    expect(visible(window)).toHaveLength(open.filter((finding) => finding.severity !== 'error').length);
    errorBox.checked = true;

    const factor = document.querySelector('select[name=factor]') as unknown as HTMLSelectElement;
    factor.value = '3';
    change(window, factor);
    expect(visible(window)).toEqual(open.filter((finding) => finding.factor === 3).map((finding) => finding.severity));

    const logsBar = document.querySelector('figure.chart g[data-factor-link="11"]');
    (logsBar as unknown as { dispatchEvent(event: unknown): boolean }).dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
    expect(factor.value).toBe('11');
    expect(visible(window)).toHaveLength(open.filter((finding) => finding.factor === 11).length);
    expect(document.querySelector('#shown')?.textContent).toBe(`${visible(window).length} of ${open.length} findings shown`);

    factor.value = '';
    const app = document.querySelector('select[name=app]') as unknown as HTMLSelectElement;
    app.value = '@kitchen/lib';
    change(window, app);
    expect(visible(window)).toEqual(open.filter((finding) => finding.app === '@kitchen/lib').map((finding) => finding.severity));
  });

  it('keeps repository text inert', async () => {
    const finding = open[0] as Finding;
    const hostile: Report = {
      ...report,
      apps: report.apps.map((app) => ({ ...app, name: `${app.name}"><img src=x onerror=alert(1)>` })),
      findings: [{ ...finding, message: '<script>window.hacked = 1</script>', snippet: '</pre><b id="out">x</b>', app: `${finding.app}"><img src=x onerror=alert(1)>` }],
    };
    const window = await load(REPORTERS.html!(hostile, OPTIONS));
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
    expect(window.document.querySelector('img')).toBeNull();
    expect(window.document.querySelector('#out')).toBeNull();
    expect(window.document.querySelector('li.finding')?.textContent).toContain('<script>window.hacked = 1</script>');
  });
});
