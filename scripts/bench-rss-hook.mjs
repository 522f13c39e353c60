// Preloaded with `node --import` by the benchmark where GNU time is missing: at exit, appends this
// process's peak resident set size in KiB (process.resourceUsage().maxRSS) to $TWELVE_AUDIT_BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

const file = process.env.TWELVE_AUDIT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // measuring must never change the measured program's outcome
    }
  });
}
