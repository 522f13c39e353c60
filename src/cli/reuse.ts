/**
 * The audit's result from the cache, when nothing it depends on changed: asked before the rules and
 * parsers are loaded, so that such a run costs little more than looking at the tree.
 */
import { resolve } from 'node:path';
import { cachedResult, resultCacheFile, type ResultKey } from '../result-cache/results.js';
import type { AuditResult } from '../audit.js';
import type { AuditFlags } from './commands.js';
import type { Io } from './io.js';

export function cacheAsked(flags: AuditFlags): boolean {
  return flags.cache === true || flags.cacheLocation !== undefined;
}

/** The result cache of this run: beside the per-file facts cache, wherever that is. */
export function resultFileOf(path: string, flags: AuditFlags, io: Io): string {
  return resultCacheFile(io.cwd, resolve(io.cwd, path), flags.cacheLocation === undefined ? undefined : resolve(io.cwd, flags.cacheLocation));
}

/** The flags that change what an audit finds, with their paths made absolute. */
export function resultKeyOf(path: string, flags: AuditFlags, io: Io): ResultKey {
  return {
    root: resolve(io.cwd, path),
    ...(flags.config !== undefined && { configPath: resolve(io.cwd, flags.config) }),
    ruleFlags: flags.rule,
    ...(flags.minScore !== undefined && { minScore: flags.minScore }),
    ...(flags.failOn !== undefined && { failOn: flags.failOn }),
    ...(flags.baseline !== undefined && { baselineFile: resolve(io.cwd, flags.baseline) }),
    ignorePatterns: flags.ignorePattern,
  };
}

/**
 * The cached result of an unchanged tree, its stats saying so; undefined when there is none to use
 * (no cache asked for or enabled, a change, another build of the tool, a cache file that does not read).
 */
export function reusedAudit(path: string, flags: AuditFlags, io: Io): AuditResult | undefined {
  if (flags.printConfig === true) return undefined;
  const started = performance.now();
  const cached = cachedResult(resultFileOf(path, flags, io), resultKeyOf(path, flags, io), cacheAsked(flags));
  if (cached === undefined) return undefined;
  const { stats } = cached.report;
  const files = stats.cache === undefined ? 0 : stats.cache.hits + stats.cache.misses;
  const ms = performance.now() - started;
  const report = { ...cached.report, stats: { ...stats, cache: { hits: files, misses: 0, result: 'reused' as const }, durationMs: Math.round(ms) } };
  const timing = flags.timing === true || isTimingEnv(io.env.TIMING) ? { stages: [{ name: 'cached result (nothing changed)', ms }], rules: [], extractors: [] } : undefined;
  return { report, config: cached.config, ...(timing && { timing }) };
}

/** `TIMING=1` (or any value but 0/false/empty), as ESLint reads it. */
export function isTimingEnv(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());
}
