/**
 * One self-contained HTML page: the score, a chart of the twelve factors per app, what to fix first,
 * and the findings with their (masked) snippets and fixes, filterable by severity, factor and app.
 * No network: styles and script are inline, and the page's Content-Security-Policy forbids loading
 * anything. Every piece of repository text goes through escapeMarkup.
 */
import { FACTORS } from '../factors.js';
import { isOpen } from '../score/score.js';
import { SEVERITIES } from '../severity.js';
import type { AppReport, Finding, Report } from '../types.js';
import { escapeMarkup as e } from './markup.js';
import { fixFirst, formatPoints } from './priorities.js';
import { roman } from './text.js';
import type { Reporter, ReporterOptions } from './types.js';
import { visibleFindings } from './visible.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { --error: #c62828; --warning: #b26a00; --note: #1565c0; --ok: #2e7d32; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 70rem; color: #1b1b1b; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
.muted, .meta { color: var(--muted); } code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
.score { font-size: 2.25rem; font-weight: 700; } .score.good { color: var(--ok); } .score.fair { color: var(--warning); } .score.poor { color: var(--error); }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; } figure.chart { margin: 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
svg .label { font: 12px system-ui, sans-serif; fill: #333; } svg .value { font: 12px system-ui, sans-serif; fill: #333; }
svg .track { fill: #f1f1f1; } svg .bar.good { fill: var(--ok); } svg .bar.fair { fill: var(--warning); } svg .bar.poor { fill: var(--error); }
svg [data-factor-link] { cursor: pointer; }
.sev { display: inline-block; min-width: 4.5rem; font-weight: 600; } .sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.note { color: var(--note); }
ol.fix-first li { margin: .35rem 0; }
html:not(.js) form#filters { display: none; }
form#filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .5rem .75rem; background: #f7f7f7; border: 1px solid var(--line); border-radius: 6px; }
ul#findings { list-style: none; padding: 0; } li.finding { border-bottom: 1px solid var(--line); padding: .5rem 0; }
li.finding pre { background: #f6f8fa; padding: .35rem .5rem; margin: .35rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.fix { margin: .25rem 0 0; } .rule { color: var(--muted); }
`;

const SCRIPT = `
(function () {
  document.documentElement.className = 'js';
  var form = document.getElementById('filters');
  var items = Array.prototype.slice.call(document.querySelectorAll('li.finding'));
  var counter = document.getElementById('shown');
  function apply() {
    var severities = Array.prototype.slice.call(form.querySelectorAll('input[name=severity]:checked')).map(function (input) { return input.value; });
    var factor = form.elements.factor.value;
    var app = form.elements.app ? form.elements.app.value : '';
    var shown = 0;
    items.forEach(function (item) {
      var visible = severities.indexOf(item.dataset.severity) >= 0 && (factor === '' || item.dataset.factor === factor) && (app === '' || item.dataset.app === app);
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    counter.textContent = shown + ' of ' + items.length + ' findings shown';
  }
  form.addEventListener('change', apply);
  Array.prototype.slice.call(document.querySelectorAll('[data-factor-link]')).forEach(function (element) {
    element.addEventListener('click', function () { form.elements.factor.value = element.getAttribute('data-factor-link'); apply(); });
  });
  apply();
})();
`;

function band(score: number | null, scale: 10 | 100): string {
  if (score === null) return 'none';
  const ratio = score / scale;
  return ratio >= 0.9 ? 'good' : ratio >= 0.7 ? 'fair' : 'poor';
}

const ROW = 22;
const LABEL = 170;
const TRACK = 200;

/** The twelve factors of one app as horizontal bars (0-10); a factor with no score is an empty track marked n/a. */
function chart(app: AppReport): string {
  const rows = FACTORS.map((factor, index) => {
    const result = app.factors.find((candidate) => candidate.number === factor.number);
    const score = result?.score ?? null;
    const y = index * ROW;
    const width = score === null ? 0 : Math.round((score / 10) * TRACK);
    const value = score === null ? 'n/a' : score.toFixed(1);
    return [
      `<g data-factor-link="${factor.number}" data-factor="${factor.number}"><title>${e(`${roman(factor.number)}. ${factor.title}: ${value}`)}</title>`,
      `<text class="label" x="0" y="${y + 15}">${e(`${roman(factor.number)}. ${factor.title}`)}</text>`,
      `<rect class="track" x="${LABEL}" y="${y + 4}" width="${TRACK}" height="14" rx="3"/>`,
      `<rect class="bar ${band(score, 10)}" x="${LABEL}" y="${y + 4}" width="${width}" height="14" rx="3"/>`,
      `<text class="value" x="${LABEL + TRACK + 8}" y="${y + 15}">${value}</text></g>`,
    ].join('');
  });
  const score = app.score === null ? 'n/a' : `${app.score}/100`;
  return [
    `<figure class="chart" data-app="${e(app.name)}">`,
    `<figcaption>${e(app.name)} <span class="muted">(${e(app.path)}, ${e(app.kind)})</span> <span class="sev ${band(app.score, 100)}">${score}</span></figcaption>`,
    `<svg role="img" aria-label="${e(`Factor scores of ${app.name}`)}" width="${LABEL + TRACK + 40}" height="${FACTORS.length * ROW}" viewBox="0 0 ${LABEL + TRACK + 40} ${FACTORS.length * ROW}">`,
    ...rows,
    '</svg></figure>',
  ].join('\n');
}

function helpUri(report: Report, finding: Finding): string | undefined {
  return report.rules?.find((rule) => rule.id === finding.ruleId)?.helpUri;
}

function findingItem(report: Report, finding: Finding, showApp: boolean): string {
  const uri = helpUri(report, finding);
  const docs = uri === undefined ? e(finding.docs) : `<a href="${e(uri)}" rel="noreferrer">${e(finding.docs)}</a>`;
  return [
    `<li class="finding" data-severity="${finding.severity}" data-factor="${finding.factor}" data-app="${e(finding.app)}">`,
    `<span class="sev ${finding.severity}">${finding.severity}</span> <code class="location">${e(`${finding.file}:${finding.line}:${finding.column}`)}</code> `,
    `${e(finding.message)} <code class="rule">${e(finding.ruleId)}</code>${showApp ? ` <span class="muted">[${e(finding.app)}]</span>` : ''}`,
    finding.snippet ? `<pre class="snippet">${e(finding.snippet)}</pre>` : '',
    finding.help ? `<p class="fix"><strong>Fix:</strong> ${e(finding.help)} <span class="muted">(${docs})</span></p>` : '',
    '</li>',
  ].join('');
}

function filters(report: Report, listed: readonly Finding[]): string {
  const severities = SEVERITIES.map((severity) => {
    const count = listed.filter((finding) => finding.severity === severity).length;
    return `<label><input type="checkbox" name="severity" value="${severity}" checked> <span class="sev ${severity}">${severity}</span> (${count})</label>`;
  });
  const factors = [
    ...FACTORS.map((factor) => ({ value: String(factor.number), label: `${roman(factor.number)}. ${factor.title}` })),
    { value: '0', label: 'Suppression comments' },
  ].map((option) => {
    const count = listed.filter((finding) => String(finding.factor) === option.value).length;
    return `<option value="${option.value}">${e(option.label)} (${count})</option>`;
  });
  const apps =
    report.apps.length > 1
      ? `<label>App <select name="app"><option value="">All apps</option>${report.apps.map((app) => `<option value="${e(app.name)}">${e(app.name)}</option>`).join('')}</select></label>`
      : '';
  return `<form id="filters">${severities.join(' ')} <label>Factor <select name="factor"><option value="">All factors</option>${factors.join('')}</select></label> ${apps}</form>`;
}

function fixFirstList(report: Report, listed: readonly Finding[]): string {
  const priorities = fixFirst(report, listed);
  if (priorities.length === 0) return '<p>Nothing: no open error or warning.</p>';
  const items = priorities.map((priority) => {
    const first = priority.findings[0] as Finding;
    const count = priority.findings.length;
    const cost = priority.points > 0 ? `, −${formatPoints(priority.points)} points` : '';
    return `<li><span class="sev ${priority.severity}">${priority.severity}</span> <code>${e(priority.ruleId)}</code> <span class="muted">${count} finding${count === 1 ? '' : 's'}${cost}</span> — ${e(first.message)} <code class="location">${e(`${first.file}:${first.line}`)}</code></li>`;
  });
  return `<ol class="fix-first">${items.join('\n')}</ol>`;
}

export function htmlReport(report: Report, options: ReporterOptions): string {
  const listed = visibleFindings(report.findings, options);
  const open = report.findings.filter(isOpen);
  const score = report.score === null ? 'n/a' : `${report.score}/100`;
  const title = `twelve-audit: ${score} (${report.grade})`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>Twelve-factor audit</h1><div class="score ${band(report.score, 100)}" id="score">${score} <span class="grade">(${e(report.grade)})</span></div>`,
    `<p class="meta">${e(report.root)} · ${open.length} open finding${open.length === 1 ? '' : 's'} · ${report.apps.length} app${report.apps.length === 1 ? '' : 's'} · ${e(report.tool.name)} ${e(report.tool.version)}</p></header>`,
    '<section id="fix-first"><h2>Fix first</h2>',
    fixFirstList(report, listed),
    '</section>',
    '<section id="factors"><h2>Factors</h2><p class="muted">Each factor scores 0–10; click a bar to list its findings.</p><div class="charts">',
    ...report.apps.map(chart),
    '</div></section>',
    '<section id="all-findings"><h2>Findings</h2>',
    filters(report, listed),
    `<p id="shown" class="muted">${listed.length} of ${listed.length} findings shown</p>`,
    `<ul id="findings">${listed.map((finding) => findingItem(report, finding, report.apps.length > 1)).join('\n')}</ul>`,
    '</section>',
    `<footer class="muted"><p>${report.stats.filesIndexed} files indexed, ${report.stats.rulesRun} rules, ${report.errors.length} not analysed.</p></footer>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const htmlReporter: Reporter = htmlReport;
