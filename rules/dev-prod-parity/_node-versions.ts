/**
 * Node.js versions at the major level, the only level at which declarations in a repository can be
 * compared: `.nvmrc` says `20.11.0`, the Docker image `node:20-alpine`, CI `20.x`, engines `^20`.
 * Pure functions over strings; no semver dependency because majors are all this needs.
 */

/** Release codenames of the LTS lines (`lts/iron`, `node:iron-alpine`). */
const LTS_CODENAMES: Readonly<Record<string, number>> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

const EXACT_VERSION = /^v?(\d+)(?:\.(?:\d+|x|\*)){0,2}(?:[-+].*)?$/i;

/**
 * The major of a version as `.nvmrc`, volta, a Docker tag or a CI matrix write it: `v20.11.0`,
 * `20`, `20.x`, `20-alpine`, `lts/iron`, `iron-slim`. Undefined for moving targets (`lts/*`,
 * `node`, `latest`, `current`, `alpine`) and for ranges.
 */
export function exactMajor(text: string): number | undefined {
  const value = text.trim();
  const digits = EXACT_VERSION.exec(value)?.[1];
  if (digits !== undefined) return Number(digits);
  const codename = /^(?:lts\/)?([a-z]+)(?:-.*)?$/i.exec(value)?.[1]?.toLowerCase();
  return codename === undefined ? undefined : LTS_CODENAMES[codename];
}

/** Whether a major satisfies a range, at the major level. */
export type MajorRange = (major: number) => boolean;

const COMPARATOR = /^(>=|<=|>|<|=|\^|~>?)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[0-9A-Za-z.-]+)?$/;

function isNumeric(part: string | undefined): part is string {
  return part !== undefined && /^\d+$/.test(part);
}

/** One comparator (`>=18`, `^20.1`, `20.x`, `<21`) as a predicate on majors; undefined when it is not one. */
function comparator(text: string): MajorRange | undefined {
  if (text === '' || text === '*' || text.toLowerCase() === 'x') return () => true;
  const match = COMPARATOR.exec(text);
  if (!match) return undefined;
  const [, operator = '', majorText, minor, patch] = match;
  if (!isNumeric(majorText)) return () => true;
  const major = Number(majorText);
  const hasLowerParts = isNumeric(minor) || isNumeric(patch);
  switch (operator) {
    case '>=':
      return (candidate) => candidate >= major;
    // `>20` means from 21.0.0 on, `>20.5` still allows 20.x.
    case '>':
      return hasLowerParts ? (candidate) => candidate >= major : (candidate) => candidate > major;
    // `<21` and `<21.0.0` stop before 21, `<20.5` still allows 20.x.
    case '<':
      return Number(minor ?? 0) > 0 || Number(patch ?? 0) > 0 ? (candidate) => candidate <= major : (candidate) => candidate < major;
    case '<=':
      return (candidate) => candidate <= major;
    default:
      return (candidate) => candidate === major;
  }
}

/** An AND of comparators (`>=18 <21`) or a hyphen range (`18 - 20`). */
function comparatorSet(text: string): MajorRange | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const from = exactMajor(hyphen[1] ?? '');
    const to = exactMajor(hyphen[2] ?? '');
    return from === undefined || to === undefined ? undefined : (candidate) => candidate >= from && candidate <= to;
  }
  const parts = text.split(/\s+/).filter((part) => part !== '').map(comparator);
  if (parts.some((part) => part === undefined)) return undefined;
  return (candidate) => parts.every((part) => part!(candidate));
}

/**
 * A semver range (`>=20`, `^20`, `20.x`, `>=18 <21`, `18 || 20`, `18 - 20`) as a predicate on
 * majors; undefined when the text is not a range this understands.
 */
export function majorRange(text: string): MajorRange | undefined {
  const alternatives = text
    .trim()
    .replace(/([<>]=?|=|\^|~>?)\s+/g, '$1')
    .split('||')
    .map((alternative) => comparatorSet(alternative.trim()));
  if (alternatives.some((alternative) => alternative === undefined)) return undefined;
  return (candidate) => alternatives.some((alternative) => alternative!(candidate));
}
