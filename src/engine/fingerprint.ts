import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * Content-based fingerprints: rule, file, the normalised snippet (or message when there is none)
 * and the occurrence index among identical ones. Lines inserted above a finding leave it unchanged.
 * Expects findings in report order, so occurrence indexes are stable; returns them fingerprinted, in
 * the same order.
 */
export function withFingerprints(findings: readonly Finding[]): Finding[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const content = (finding.snippet ?? finding.message).replace(/\s+/g, ' ').trim();
    const key = `${finding.ruleId}\u0000${finding.file}\u0000${content}`;
    const index = occurrences.get(key) ?? 0;
    occurrences.set(key, index + 1);
    return { ...finding, fingerprint: createHash('sha256').update(`${key}\u0000${index}`).digest('hex').slice(0, 32) };
  });
}
