import type { TimingEntry, TimingReport } from '../engine/timing.js';

/**
 * The `--timing` tables for stderr: stages in the order they ran, then the slowest rules and the
 * slowest extractors of the per-file pass (CPU time summed over its threads, so in workers they can
 * add up to more than the stage's wall time).
 */
export function timingText(timing: TimingReport): string {
  const total = timing.stages.reduce((sum, entry) => sum + entry.ms, 0);
  const extracting = timing.extractors.reduce((sum, entry) => sum + entry.ms, 0);
  return `\n${table('Stage', timing.stages, total)}\n${table('Rule', timing.rules.slice(0, 15), total)}\n${table('Extractor', timing.extractors.slice(0, 15), extracting)}`;
}

function table(title: string, entries: readonly TimingEntry[], total: number): string {
  const width = Math.max(title.length, ...entries.map((entry) => entry.name.length));
  const rows = entries.map((entry) => {
    const share = total > 0 ? ((100 * entry.ms) / total).toFixed(1) : '0.0';
    return `${entry.name.padEnd(width)} | ${entry.ms.toFixed(1).padStart(10)} | ${share.padStart(5)}%`;
  });
  return [`${title.padEnd(width)} | ${'Time (ms)'.padStart(10)} | Relative`, `${'-'.repeat(width)}-|-${'-'.repeat(10)}-|-${'-'.repeat(8)}`, ...rows, ''].join('\n');
}
