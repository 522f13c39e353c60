/**
 * "Did you mean" for names typed by a person: config keys, rule ids, factor slugs, severities.
 */
const MAX_SUGGESTED_INPUT = 200;

export function suggest(input: string, candidates: readonly string[]): string | undefined {
  // Nobody mistypes a name this long; comparing it would cost its length times every candidate's.
  if (input.length > MAX_SUGGESTED_INPUT) return undefined;
  const wanted = input.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = nameDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= threshold) return best;
  return containing(wanted, candidates);
}

/** ` (did you mean "x"?)` when there is a close candidate, else the empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const guess = suggest(input, candidates);
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}

/**
 * Rule ids are `<factor>/<name>` and people often type only the name, so a bare input is also
 * compared with the part after the slash.
 */
function nameDistance(input: string, candidate: string): number {
  const whole = damerauLevenshtein(input, candidate);
  const slash = candidate.lastIndexOf('/');
  if (input.includes('/') || slash < 0) return whole;
  return Math.min(whole, damerauLevenshtein(input, candidate.slice(slash + 1)));
}

/** A candidate that starts or ends with the input (or the reverse), the closest in length first. */
function containing(input: string, candidates: readonly string[]): string | undefined {
  const MIN_OVERLAP = 3; // shorter than this, containment says nothing
  let best: string | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const [short, long] = lower.length <= input.length ? [lower, input] : [input, lower];
    if (short.length < MIN_OVERLAP || !(long.startsWith(short) || long.endsWith(short))) continue;
    if (best === undefined || Math.abs(candidate.length - input.length) < Math.abs(best.length - input.length)) {
      best = candidate;
    }
  }
  return best;
}

/** Edit distance counting insertions, deletions, substitutions and adjacent transpositions. */
export function damerauLevenshtein(a: string, b: string): number {
  // Three rolling rows: the transposition step looks two rows back.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, beforePrevious[j - 2]! + 1);
      }
      current.push(distance);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
