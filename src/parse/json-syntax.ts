/**
 * Where and why a JSON text is invalid. JSON.parse's messages do not always carry a position
 * (V8: `Unexpected token 'x', "..." is not valid JSON`), so this strict scanner finds it.
 * It runs only after JSON.parse failed.
 */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

/** `quoteToken: false` leaves the offending token out of the reason (the file may hold secrets). */
export function findJsonSyntaxError(text: string, { quoteToken = true }: { quoteToken?: boolean } = {}): JsonSyntaxError | undefined {
  let pos = 0;
  const fail = (reason: string, at = pos): never => {
    throw new Stop({ offset: at, reason });
  };
  const skipWhitespace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const expect = (char: string, reason: string): void => {
    skipWhitespace();
    if (text[pos] !== char) fail(reason);
    pos++;
  };

  const value = (): void => {
    skipWhitespace();
    const char = text[pos];
    if (char === undefined) fail('unexpected end of file, expected a value');
    else if (char === '{') object();
    else if (char === '[') array();
    else if (char === '"') string();
    else if (char === '-' || (char >= '0' && char <= '9')) number();
    else if (char === '/') fail('comments are not allowed in JSON');
    else literal();
  };
  const object = (): void => {
    pos++;
    skipWhitespace();
    if (text[pos] === '}') return void pos++;
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail(text[pos] === '}' ? 'trailing comma is not allowed in JSON' : 'expected a double-quoted key');
      string();
      expect(':', "expected ':' after the key");
      value();
      skipWhitespace();
      if (text[pos] === '}') return void pos++;
      expect(',', "expected ',' or '}' after the value");
    }
  };
  const array = (): void => {
    pos++;
    skipWhitespace();
    if (text[pos] === ']') return void pos++;
    for (;;) {
      skipWhitespace();
      if (text[pos] === ']') fail('trailing comma is not allowed in JSON');
      value();
      skipWhitespace();
      if (text[pos] === ']') return void pos++;
      expect(',', "expected ',' or ']' after the value");
    }
  };
  const string = (): void => {
    const start = pos++;
    for (;;) {
      const char = text[pos];
      if (char === undefined || char === '\n') fail('unterminated string', start);
      else if (char === '"') return void pos++;
      else if (char < ' ') fail('control character in string');
      else if (char === '\\') {
        if (/^u[0-9a-fA-F]{4}/.test(text.slice(pos + 1, pos + 6))) pos += 6;
        else if ('"\\/bfnrt'.includes(text[pos + 1] ?? 'x')) pos += 2;
        else fail('invalid escape sequence');
      } else pos++;
    }
  };
  const number = (): void => {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = pos;
    if (!match.test(text)) fail('invalid number');
    pos = match.lastIndex;
  };
  const literal = (): void => {
    const word = ['true', 'false', 'null'].find((candidate) => text.startsWith(candidate, pos));
    if (word) return void (pos += word.length);
    if (text[pos] === "'") fail('strings must use double quotes in JSON');
    const token = /[^\s,:[\]{}]+/y;
    token.lastIndex = pos;
    if (!quoteToken) fail('expected a value');
    fail(`expected a value, got '${token.test(text) ? text.slice(pos, token.lastIndex) : text[pos]}'`);
  };

  try {
    value();
    skipWhitespace();
    if (pos < text.length) fail('unexpected content after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.error;
    throw error;
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
