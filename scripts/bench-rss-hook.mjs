// Preloaded with `node --import` by the benchmark where GNU time is missing: at exit, appends this
// process's peak resident set size in KiB and its user and system CPU seconds (process.resourceUsage(),
// the whole process) to $TWELVE_AUDIT_BENCH_RSS_FILE, as GNU time's '%M %U %S' would.
import { appendFileSync } from 'node:fs';

const file = process.env.TWELVE_AUDIT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      appendFileSync(file, `${usage.maxRSS} ${(usage.userCPUTime / 1e6).toFixed(3)} ${(usage.systemCPUTime / 1e6).toFixed(3)}\n`);
    } catch {
      // measuring must never change the measured program's outcome
    }
  });
}
