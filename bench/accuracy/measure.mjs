// Measures findings against hand-written labels: pure functions, no I/O (scripts/accuracy.mjs does that).
// The matching follows LABELLING.md: a report within ±1 line of a label hits it, several reports on one
// label count once, and a finding hits a label only when it is about the same factor (or the label
// names the finding's rule).

/** @typedef {{ file: string|null, line: number|null, factor: string, concern: string, severity: 'high'|'medium'|'low', rule?: string, note: string, source?: string }} Label */
/** @typedef {{ file: string, line: number|null, factor: string, note: string }} Negative */
/** @typedef {{ repo: string, commit: string, split: 'tune'|'holdout', kind: string, languages: string[], verdict: 'well-behaved'|'mixed'|'violations-heavy', apps: string[], labels: Label[], negatives: Negative[] }} RepoLabels */
/** @typedef {{ ruleId: string, factor: string, severity: string, file: string, line: number, message: string }} Finding */

export const LINE_TOLERANCE = 1;

/** The tool's severities in LABELLING.md's words. */
export const SEVERITY_WORD = { error: 'high', warning: 'medium', note: 'low' };

/** Whether a repo-relative path lies inside one of the labelled apps ('.' is the whole repository). */
export function inApps(file, apps) {
  return apps.some((app) => app === '.' || file === app || file.startsWith(`${app}/`));
}

/** @param {Finding} finding @param {Label|Negative} label */
function sameFactor(finding, label) {
  return finding.factor === label.factor || ('rule' in label && label.rule === finding.ruleId);
}

/** @param {Finding} finding @param {Label} label */
export function hits(finding, label) {
  if (!sameFactor(finding, label)) return false;
  // A repository-level label (no line) that names its rule is about the repository, wherever the rule
  // anchors it: "no lockfile" may be reported at the manifest or at the .gitignore line that excludes it.
  if (label.line === null && label.rule !== undefined) return label.rule === finding.ruleId;
  return label.file === null || at(finding, label);
}

/** The finding is in the place's file, within the line tolerance (anywhere in it for a line-less place). */
function at(finding, place) {
  return place.file === finding.file && (place.line === null || Math.abs(place.line - finding.line) <= LINE_TOLERANCE);
}

/** @param {Finding} finding @param {Negative} negative */
function onNegative(finding, negative) {
  return sameFactor(finding, negative) && at(finding, negative);
}

/**
 * Every finding of one repository judged against its labels: true positives, false alarms (with the
 * negative they hit, if any), findings outside the labelled apps that hit no label (left out of
 * precision), and every label with the findings that hit it.
 * @param {RepoLabels} labels @param {Finding[]} findings
 */
export function judgeRepository(labels, findings) {
  const judged = findings.map((finding) => {
    // A label counts wherever it lies; only findings that hit none are judged by the labelled apps.
    const hit = labels.labels.filter((label) => hits(finding, label));
    if (hit.length > 0) return { finding, verdict: 'true', labels: hit };
    if (!inApps(finding.file, labels.apps)) return { finding, verdict: 'out-of-scope' };
    const negative = labels.negatives.find((candidate) => onNegative(finding, candidate));
    return { finding, verdict: 'false', ...(negative && { negative }) };
  });
  const labelled = labels.labels.map((label) => ({
    label,
    foundBy: [...new Set(judged.filter((entry) => entry.labels?.includes(label)).map((entry) => entry.finding.ruleId))].sort(),
  }));
  return { judged, labelled };
}

function ratio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

function tally(map, key) {
  if (!map.has(key)) map.set(key, { findings: 0, truePositives: 0, labels: 0, found: 0 });
  return map.get(key);
}

/**
 * Precision and recall over many judged repositories, overall and per rule and per factor.
 * A rule's recall counts the labels that name it; a factor's counts the labels of that factor.
 * @param {{ labels: RepoLabels, judgement: ReturnType<typeof judgeRepository> }[]} repositories
 */
export function summarise(repositories) {
  const byRule = new Map();
  const byFactor = new Map();
  let findings = 0;
  let truePositives = 0;
  let labels = 0;
  let found = 0;
  let highLabels = 0;
  let highFound = 0;
  let secretLabels = 0;
  let secretsFound = 0;
  for (const { judgement } of repositories) {
    for (const entry of judgement.judged) {
      if (entry.verdict === 'out-of-scope') continue;
      findings += 1;
      tally(byRule, entry.finding.ruleId).findings += 1;
      tally(byFactor, entry.finding.factor).findings += 1;
      if (entry.verdict === 'true') {
        truePositives += 1;
        tally(byRule, entry.finding.ruleId).truePositives += 1;
        tally(byFactor, entry.finding.factor).truePositives += 1;
      }
    }
    for (const { label, foundBy } of judgement.labelled) {
      const isFound = foundBy.length > 0;
      labels += 1;
      found += isFound ? 1 : 0;
      tally(byFactor, label.factor).labels += 1;
      tally(byFactor, label.factor).found += isFound ? 1 : 0;
      if (label.rule !== undefined) {
        tally(byRule, label.rule).labels += 1;
        tally(byRule, label.rule).found += foundBy.includes(label.rule) ? 1 : 0;
      }
      if (label.severity === 'high') {
        highLabels += 1;
        highFound += isFound ? 1 : 0;
      }
      if (label.concern === 'literal-secret') {
        secretLabels += 1;
        secretsFound += isFound ? 1 : 0;
      }
    }
  }
  const rows = (map) =>
    [...map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, counts]) => ({
        key,
        ...counts,
        precision: ratio(counts.truePositives, counts.findings),
        recall: ratio(counts.found, counts.labels),
      }));
  return {
    findings,
    truePositives,
    precision: ratio(truePositives, findings),
    labels,
    found,
    recall: ratio(found, labels),
    highRecall: ratio(highFound, highLabels),
    highLabels,
    highFound,
    secretRecall: ratio(secretsFound, secretLabels),
    secretLabels,
    secretsFound,
    byRule: rows(byRule),
    byFactor: rows(byFactor),
  };
}

/**
 * Whether the scores order the repositories as the labels do: every well-behaved repository must
 * score above every violations-heavy one. Returns the pairs that are out of order.
 * @param {{ repo: string, verdict: string, score: number|null }[]} scored
 */
export function orderingViolations(scored) {
  // A repository the tool does not score (its code is in a language it cannot read) is in no pair.
  const good = scored.filter((entry) => entry.verdict === 'well-behaved' && entry.score !== null);
  const bad = scored.filter((entry) => entry.verdict === 'violations-heavy' && entry.score !== null);
  return good.flatMap((well) =>
    bad.filter((heavy) => well.score <= heavy.score).map((heavy) => ({ well: well.repo, wellScore: well.score, heavy: heavy.repo, heavyScore: heavy.score })),
  );
}
