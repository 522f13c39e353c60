/**
 * `--cache`, second level: the whole result of an audit, kept beside the per-file facts and given back
 * when nothing it depends on has changed — the tree (see `tree.ts`), the config file, the baseline, the
 * `.gitignore` files above the root, what git tracks, the options that change findings, and the tool
 * itself. Anything else, or any doubt, is a miss: the audit then runs, reusing the per-file facts it can.
 * Light on purpose: a hit must not load the parsers or the rules.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverConfigFile } from '../config/discover.js';
import type { ResolvedConfig } from '../config/types.js';
import { defaultCacheFile } from '../facts/cache.js';
import { TOOL_VERSION } from '../meta.js';
import { trackedPaths } from '../repo/git-index.js';
import { detectVcs, gitWorkTreeTop } from '../repo/vcs.js';
import { ALWAYS_SKIPPED_FOLDERS, gitignoresAbove } from '../repo/walk-bounds.js';
import type { Report } from '../types.js';
import { isRecord } from '../util/is-record.js';
import { writeFileAtomic } from '../util/write-atomic.js';
import { asSnapshot, isUnchanged, takeSnapshot, type TreeSnapshot } from './tree.js';

const FORMAT = 1;

/** The options of a run that change what it finds (not how it is shown). Paths are absolute. */
export interface ResultKey {
  root: string;
  configPath?: string;
  ruleFlags: readonly string[];
  minScore?: number;
  failOn?: string;
  baselineFile?: string;
  ignorePatterns: readonly string[];
}

export interface CachedAudit {
  report: Report;
  config: ResolvedConfig;
}

interface Entry {
  format: number;
  inputs: string;
  /** The config turned caching on (`cache: true`), so a run without `--cache` may use the entry too. */
  enabledByConfig: boolean;
  tree: TreeSnapshot;
  result: CachedAudit;
}

/** The result cache's file, beside the per-file facts cache (the given file, or the default one of `cwd` and `root`). */
export function resultCacheFile(cwd: string, root: string, factsCacheFile?: string): string {
  return (factsCacheFile ?? defaultCacheFile(cwd, root)).replace(/(?:\.json)?$/, '.result.json');
}

/**
 * A snapshot of the audited tree taken before an audit reads it, so that an edit made while the audit
 * runs shows as a change next time; undefined when part of the tree cannot be read (nothing is cached).
 */
export function snapshotBefore(key: ResultKey, config: ResolvedConfig): { inputs: string; tree: TreeSnapshot } | undefined {
  const tree = takeSnapshot(key.root, { skippedFolders: ALWAYS_SKIPPED_FOLDERS, maxHashBytes: config.maxFileSize });
  return tree && { inputs: inputsOf(key), tree };
}

export function saveResult(file: string, before: { inputs: string; tree: TreeSnapshot }, result: CachedAudit): void {
  const entry: Entry = { format: FORMAT, inputs: before.inputs, enabledByConfig: result.config.cache, tree: before.tree, result };
  writeFileAtomic(file, JSON.stringify(entry), { userNamed: true });
}

/**
 * The cached result, when the entry in `file` was made from the same inputs and the tree is unchanged.
 * `asked`: the command line asked for the cache; otherwise only an entry the config enabled is used.
 */
export function cachedResult(file: string, key: ResultKey, asked: boolean): CachedAudit | undefined {
  const entry = readEntry(file);
  if (entry === undefined || (!asked && !entry.enabledByConfig)) return undefined;
  if (entry.inputs !== inputsOf(key) || !isUnchanged(key.root, entry.tree)) return undefined;
  return entry.result;
}

function readEntry(file: string): Entry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.format !== FORMAT || typeof parsed.inputs !== 'string' || typeof parsed.enabledByConfig !== 'boolean') return undefined;
  const tree = asSnapshot(parsed.tree);
  const { result } = parsed;
  if (tree === undefined || !isRecord(result) || !isRecord(result.report) || !isRecord(result.config) || !Array.isArray(result.report.findings)) return undefined;
  return { format: FORMAT, inputs: parsed.inputs, enabledByConfig: parsed.enabledByConfig, tree, result: result as unknown as CachedAudit };
}

/** One digest of everything outside the tree that the result depends on, read now. */
function inputsOf(key: ResultKey): string {
  const top = gitWorkTreeTop(key.root);
  const tracked = top === undefined ? undefined : trackedPaths(top, key.root);
  const configFile = key.configPath ?? discoverConfigFile(key.root);
  const files = [configFile, key.baselineFile, ...gitignoresAbove(key.root)].flatMap((file) => (file === undefined ? [] : [[file, contentDigest(file)]]));
  return digest(
    JSON.stringify({
      tool: toolFingerprint(),
      key,
      files,
      vcs: detectVcs(key.root),
      tracked: tracked === undefined ? null : digest([...tracked].sort().join('\n')),
    }),
  );
}

function contentDigest(file: string): string | null {
  try {
    return digest(readFileSync(file));
  } catch {
    return null;
  }
}

let fingerprint: string | undefined;

/**
 * This build of the tool: its version and every module file's size and time (the engine's and the
 * rules'), so that a rebuilt development copy, whose version does not change, never reuses results of
 * the build before it.
 */
function toolFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const buildRoot = fileURLToPath(new URL('../../', import.meta.url));
  const parts: string[] = [TOOL_VERSION];
  const pending = ['src', 'rules'].map((folder) => join(buildRoot, folder));
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      parts.push(`${relative(buildRoot, folder)}: unreadable`);
      continue;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && /\.(?:[cm]?[jt]s|json|wasm)$/.test(entry.name)) {
        const stats = lstatSync(path);
        parts.push(`${relative(buildRoot, path)}:${stats.size}:${stats.mtimeMs}`);
      }
    }
  }
  fingerprint = digest(parts.sort().join('\n'));
  return fingerprint;
}

function digest(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
