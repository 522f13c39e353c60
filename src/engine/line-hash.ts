/**
 * GitHub code scanning's `primaryLocationLineHash`, computed exactly as github/codeql-action's
 * upload-sarif does when a result lacks one (src/fingerprints.ts there): a rolling hash, per line,
 * over the next 100 characters of the file from the start of that line, ignoring spaces and tabs,
 * with every line ending read as '\n'. Identical hashes are numbered `<hex>:1`, `<hex>:2`, ... in
 * file order. Shipping the same value means our results and the alerts GitHub keeps agree.
 */
const BLOCK_SIZE = 100;
const MOD = 37n;
const TAB = 9;
const SPACE = 32;
const LF = 10;
const CR = 13;
/** What codeql-action feeds in after the last character (its `EOF`). */
const END_OF_FILE = 65535;

const u64 = (value: bigint): bigint => BigInt.asUintN(64, value);
const FIRST_MOD = u64(MOD ** BigInt(BLOCK_SIZE));

/** Every line's hash, index 0 for line 1. A file ending in a newline has one more (empty) line. */
export function lineHashes(text: string): string[] {
  const hashes: string[] = [];
  const window: number[] = new Array<number>(BLOCK_SIZE).fill(0);
  const lineNumbers: number[] = new Array<number>(BLOCK_SIZE).fill(-1);
  const counts = new Map<string, number>();
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let previousCr = false;

  const output = (): void => {
    const value = hash.toString(16);
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    hashes[(lineNumbers[index] as number) - 1] = `${value}:${count}`;
    lineNumbers[index] = -1;
  };
  const update = (current: number): void => {
    const begin = window[index] as number;
    window[index] = current;
    hash = u64(MOD * hash + BigInt(current) - FIRST_MOD * BigInt(begin));
    index = (index + 1) % BLOCK_SIZE;
  };
  const process = (code: number): void => {
    let current = code;
    if (current === SPACE || current === TAB || (previousCr && current === LF)) {
      previousCr = false;
      return;
    }
    previousCr = current === CR;
    if (current === CR) current = LF;
    if (lineNumbers[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    update(current);
  };

  for (let position = 0; position < text.length; position++) process(text.charCodeAt(position));
  process(END_OF_FILE);
  for (let flushed = 0; flushed < BLOCK_SIZE; flushed++) {
    if (lineNumbers[index] !== -1) output();
    update(0);
  }
  return hashes;
}
