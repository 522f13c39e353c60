import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/errors.js';

export const KNOWN_RULES = [
  'config/hardcoded-credentials',
  'config/env-file-committed',
  'logs/file-transport',
  'disposability/sigterm-handler',
] as const;

/** A fresh temporary directory standing in for an audited repository. */
export function tempRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'twelve-audit-config-'));
}

/** Writes files into a fresh root and returns the root. */
export function rootWith(files: Record<string, string>): string {
  const root = tempRoot();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return root;
}

/** The UsageError message loading this config text fails with (the test fails if it loads). */
export function loadError(text: string, name = '.twelve-audit.yml'): { message: string; file: string } {
  const root = rootWith({ [name]: text });
  const file = path.join(root, name);
  try {
    loadConfig({ root, knownRuleIds: KNOWN_RULES });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { message: (error as Error).message, file };
  }
  throw new Error(`expected ${name} to be rejected:\n${text}`);
}

/** The message when the file is rejected, with its problem lines. */
export function invalid(file: string, ...problems: string[]): string {
  return `Invalid config ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`;
}
