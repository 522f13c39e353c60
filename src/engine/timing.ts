/**
 * `--timing` (or TIMING=1, as ESLint has it): where an audit's time went, per stage and per rule.
 * Only collected when asked for; never part of the report, whose content must not depend on timing.
 */
export interface TimingEntry {
  name: string;
  ms: number;
}

export interface TimingReport {
  stages: TimingEntry[];
  rules: TimingEntry[];
  /** Time of each extractor in the per-file pass, summed over every thread. */
  extractors: TimingEntry[];
}

export class Timing {
  private readonly stages = new Map<string, number>();
  private readonly rules = new Map<string, number>();
  private readonly extractors = new Map<string, number>();

  stage<T>(name: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.addStage(name, performance.now() - started);
    }
  }

  async stageAsync<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.addStage(name, performance.now() - started);
    }
  }

  addStage(name: string, ms: number): void {
    this.stages.set(name, (this.stages.get(name) ?? 0) + ms);
  }

  addRule(ruleId: string, ms: number): void {
    this.rules.set(ruleId, (this.rules.get(ruleId) ?? 0) + ms);
  }

  addExtractors(times: Record<string, number> | undefined): void {
    for (const [name, ms] of Object.entries(times ?? {})) this.extractors.set(name, (this.extractors.get(name) ?? 0) + ms);
  }

  report(): TimingReport {
    const sorted = (entries: Map<string, number>) => [...entries].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms || (a.name < b.name ? -1 : 1));
    return { stages: [...this.stages].map(([name, ms]) => ({ name, ms })), rules: sorted(this.rules), extractors: sorted(this.extractors) };
  }
}
