/**
 * Questions about string literals in JS/TS: what text they hold, whether they are a name rather
 * than a value, and which variable, property or parameter holds them.
 */
import { Node, SyntaxKind, ts } from 'ts-morph';
import type { FileExtractor, FileInput } from '../facts/types.js';
import { wrapped } from '../facts/wrap-typescript.js';
import { findNodes, unwrap } from './ast.js';

/**
 * The name a literal is held under: the variable, property or parameter it initialises or is
 * assigned to, looking through parentheses, `as`, `||`/`??` and ternary branches.
 */
export function heldUnder(literal: Node): { name: string; holder: Node | undefined } {
  let child: Node = literal;
  let parent = literal.getParent();
  while (parent) {
    const isWrapper =
      Node.isParenthesizedExpression(parent) ||
      Node.isAsExpression(parent) ||
      Node.isSatisfiesExpression(parent) ||
      Node.isNonNullExpression(parent) ||
      (Node.isBinaryExpression(parent) && ['||', '??'].includes(parent.getOperatorToken().getText()) && parent.getRight() === child) ||
      (Node.isConditionalExpression(parent) && parent.getCondition() !== child);
    if (!isWrapper) break;
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return { name: '', holder: undefined };
  if ((Node.isVariableDeclaration(parent) || Node.isPropertyDeclaration(parent) || Node.isParameterDeclaration(parent)) && parent.getInitializer() === child) {
    return { name: parent.getName(), holder: parent };
  }
  if (Node.isPropertyAssignment(parent) && parent.getInitializer() === child) {
    return { name: parent.getName().replace(/^["'`]|["'`]$/g, ''), holder: parent };
  }
  if (Node.isBindingElement(parent) && parent.getInitializer() === child) {
    return { name: (parent.getPropertyNameNode() ?? parent.getNameNode()).getText(), holder: parent };
  }
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getText() === '=' && parent.getRight() === child) {
    const left = unwrap(parent.getLeft());
    if (Node.isPropertyAccessExpression(left)) return { name: left.getName(), holder: parent };
    if (Node.isIdentifier(left)) return { name: left.getText(), holder: parent };
  }
  return { name: '', holder: parent };
}

/** Literals that are names, not values: module specifiers, keys, `process.env['X']`, types. */
export function isNameLiteral(literal: Node): boolean {
  const parent = literal.getParent();
  return (
    Node.isImportDeclaration(parent) ||
    Node.isExportDeclaration(parent) ||
    Node.isExternalModuleReference(parent) ||
    Node.isLiteralTypeNode(parent) ||
    (Node.isPropertyAssignment(parent) && parent.getNameNode() === literal) ||
    (Node.isElementAccessExpression(parent) && parent.getArgumentExpression() === literal) ||
    (Node.isEnumMember(parent) && parent.getNameNode() === literal) ||
    (Node.isCallExpression(parent) && /^(?:require|import)$/.test(parent.getExpression().getText()))
  );
}

/**
 * The text of a string literal or template; templates keep their `${...}` parts verbatim, which
 * marks them as not literal for every check that looks for `${`.
 */
export function literalText(node: Node): string | undefined {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isTemplateExpression(node)) return node.getText().slice(1, -1);
  return undefined;
}

/**
 * Every string literal, substitution-free template and template expression below `root`, in
 * source order; the parts inside a template expression are not listed again on their own.
 */
export function stringLiterals(root: Node): Node[] {
  return findNodes(
    root,
    (node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node),
    (node) => ts.isTemplateExpression(node),
  );
}

export interface StringLiteralFactsSpec<T> {
  /** Unique among extractors; by convention the id of the rule that reads them. */
  name: string;
  /** Raise it whenever `read` changes what it returns for the same file. */
  version: number;
  /** `import.meta.url` of the module exporting the extractor. */
  module: string;
  /** A file containing none of these strings has nothing to extract (its facts are undefined). */
  triggers: readonly string[];
  /** The reader of one file's literals: what a literal says, or undefined when it says nothing worth keeping. */
  create(file: FileInput): (literal: Node) => T | undefined;
}

/**
 * An extractor that reads each literal `stringLiterals` would list, in the same order, from the
 * engine's one walk of the file, and keeps what the reader returns.
 */
export function stringLiteralFacts<T>(spec: StringLiteralFactsSpec<T>): FileExtractor<T[] | undefined> {
  return {
    name: spec.name,
    version: spec.version,
    module: spec.module,
    typescript: {
      kinds: [SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateExpression],
      create(file) {
        const wanted = spec.triggers.some((trigger) => file.text.includes(trigger));
        const read = wanted ? spec.create(file) : () => undefined;
        const found: T[] = [];
        // The walk is in source order: a node starting before the end of the last template expression is inside it.
        let templateEnd = -1;
        return {
          visit(node: ts.Node) {
            if (!wanted || node.pos < templateEnd) return;
            if (ts.isTemplateExpression(node)) templateEnd = node.end;
            const fact = read(wrapped(node));
            if (fact !== undefined) found.push(fact);
          },
          result: () => (wanted ? found : undefined),
        };
      },
    },
  };
}

/** A template's text with each `${...}` replaced by `hole`; a plain literal's value. */
export function literalTextWithHoles(node: Node, hole: string): string | undefined {
  if (!Node.isTemplateExpression(node)) return literalText(node);
  return node.getHead().getLiteralText() + node.getTemplateSpans().map((span) => hole + span.getLiteral().getLiteralText()).join('');
}

// ---------------------------------------------------------------------------------------------
// String literals of Python and Go source, read without a parser

/** A string literal of Python or Go source and what holds it. */
export interface TextLiteral {
  value: string;
  /** 1-based position of the opening quote. */
  line: number;
  column: number;
  /**
   * `assignment`: `NAME = 'v'`, `NAME := "v"`, `const NAME = "v"`, `name='v'` (a keyword argument),
   * `Name: "v"` (a struct field), `'name': 'v'` (a dict entry); `name` is NAME.
   * `fallback`: the default of an environment read, `os.getenv('NAME', 'v')`, `os.environ.get('NAME') or 'v'`,
   * `config('NAME', default='v')`; `name` is the variable NAME.
   * `unnamed`: any other literal (a call argument, a list item).
   */
  kind: 'assignment' | 'fallback' | 'unnamed';
  /** '' for `unnamed`. */
  name: string;
  /** The Python class the literal is in (`DevelopmentConfig`), '' at module level and in Go. */
  scope: string;
}

type TokenKind = 'name' | 'string' | 'template' | 'operator';
interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

/**
 * Tokens of Python or Go text: names (dotted names joined), string literals (with their value),
 * operators; comments dropped. One pass over the characters, so linear whatever the input.
 */
function tokenize(text: string, language: 'python' | 'go'): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let index = 0;
  const newlinesIn = (from: number, to: number) => {
    for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) {
      line += 1;
      lineStart = at + 1;
    }
  };
  while (index < text.length) {
    const char = text.charAt(index);
    const column = index - lineStart + 1;
    if (char === '\n') {
      line += 1;
      index += 1;
      lineStart = index;
    } else if (/\s/.test(char)) {
      index += 1;
    } else if ((language === 'python' && char === '#') || (language === 'go' && text.startsWith('//', index))) {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end;
    } else if (language === 'go' && text.startsWith('/*', index)) {
      const end = text.indexOf('*/', index + 2);
      const stop = end < 0 ? text.length : end + 2;
      newlinesIn(index, stop);
      index = stop;
    } else if (/[A-Za-z_]/.test(char)) {
      let end = index + 1;
      while (end < text.length && /[\w.]/.test(text.charAt(end))) end += 1;
      const word = text.slice(index, end);
      const quote = text.charAt(end);
      if (language === 'python' && /^[rbuf]{1,2}$/i.test(word) && (quote === '"' || quote === "'")) {
        index = readString(end, /f/i.test(word));
      } else {
        tokens.push({ kind: 'name', text: word, line, column });
        index = end;
      }
    } else if (char === '"' || char === "'" || (language === 'go' && char === '`')) {
      index = readString(index, false);
    } else {
      const operator = /^(?::=|==|!=|<=|>=|\*\*|\/\/)/.exec(text.slice(index, index + 2))?.[0] ?? char;
      tokens.push({ kind: 'operator', text: operator, line, column });
      index += operator.length;
    }
  }
  return tokens;

  /** Reads the literal whose opening quote is at `quoteAt`; returns the index after it. */
  function readString(quoteAt: number, formatted: boolean): number {
    const startLine = line;
    const startColumn = quoteAt - lineStart + 1;
    const quote = text.charAt(quoteAt);
    const triple = language === 'python' && text.startsWith(quote.repeat(3), quoteAt);
    const delimiter = triple ? quote.repeat(3) : quote;
    const raw = quote === '`';
    let at = quoteAt + delimiter.length;
    let value = '';
    let closed = false;
    while (at < text.length) {
      if (text.startsWith(delimiter, at)) {
        closed = true;
        at += delimiter.length;
        break;
      }
      const current = text.charAt(at);
      if (current === '\n' && !triple && !raw) break;
      if (current === '\\' && !raw && at + 1 < text.length) {
        value += text.charAt(at + 1) === '\n' ? '' : current + text.charAt(at + 1);
        at += 2;
        continue;
      }
      value += current;
      at += 1;
    }
    newlinesIn(quoteAt, at);
    const kind = formatted && value.includes('{') ? 'template' : 'string';
    if (closed) tokens.push({ kind, text: unescape(value), line: startLine, column: startColumn });
    return at;
  }
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, char: string) => ({ n: '\n', t: '\t', r: '\r' })[char] ?? char);
}

/** Go type names that may sit between a declared name and `=`: `var Secret string = "..."`. */
const GO_TYPES = new Set(['string', '[]byte']);
/** Operators after a literal that make it part of a larger expression (`'a' + b`, `'%s' % x`, `"a".format()`). */
const CONTINUATION = new Set(['+', '%', '.', '[', '*']);
/** Calls that read an environment variable with a default: `os.getenv`, `os.environ.get` / `.setdefault`, `env.str`, `config` (decouple), Flask `app.config.get`, `getEnv` helpers. */
const ENV_CALL = /(?:^|\.)(?:getenv|environ\.get|environ\.setdefault|config\.get|cfg\.get|get_?env\w*|env\w*|config|environ)$/i;

/**
 * The string literals of Python or Go `text` with what names them: assignments, keyword arguments,
 * struct fields and dict entries, and defaults of environment reads. Literals that are part of a
 * larger expression (`'a' + b`, `'%s' % x`) are left out.
 */
export function textLiterals(text: string, language: 'python' | 'go'): TextLiteral[] {
  const tokens = tokenize(text, language);
  const found: TextLiteral[] = [];
  const classes = language === 'python' ? pythonClasses(tokens) : [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'string') return;
    const next = tokens[index + 1];
    if (next && (next.kind === 'string' || next.kind === 'template' || (next.kind === 'operator' && CONTINUATION.has(next.text)))) return;
    const site = { value: token.text, line: token.line, column: token.column, scope: classes[index] ?? '' };
    const fallback = envDefault(tokens, index);
    if (fallback !== undefined) {
      found.push({ ...site, kind: 'fallback', name: fallback });
      return;
    }
    const name = assignedName(tokens, index);
    found.push(name === undefined ? { ...site, kind: 'unnamed', name: '' } : { ...site, kind: 'assignment', name });
  });
  return found;
}

/** A config block for a developer's machine or a test run: `development`, `test`, `local` keys of a knexfile or sequelize config. */
export function isLocalBlockName(name: string): boolean {
  return /^["'`]?(?:development|dev|local|test|testing|ci|e2e)["'`]?$/i.test(name);
}

/** Python settings for a developer's machine or a test run: `settings/local.py`, `test_settings.py`. */
export function isLocalSettingsPath(path: string): boolean {
  return /(?:^|\/)(?:settings|config)\/(?:dev|development|local|test|testing)\.py$|(?:^|\/)(?:local|dev|test)_settings\.py$/.test(path);
}

/** A config class for a developer's machine or a test run: `DevelopmentConfig`, `TestingSettings`, `LocalConfig`. */
export function isLocalConfigScope(scope: string): boolean {
  return /(?:Dev|Development|Test|Testing|Local)(?:Config|Settings|Configuration)?$|^(?:Dev|Development|Test|Testing|Local)[A-Z]/.test(scope);
}

/**
 * For each token, the Python class whose body it is in: a `class Name` opens a scope that the
 * first later line starting at or left of the `class` keyword's column closes. One pass.
 */
function pythonClasses(tokens: readonly Token[]): string[] {
  const scopes: string[] = [];
  const open: { name: string; column: number }[] = [];
  let previousLine = 0;
  tokens.forEach((token, index) => {
    if (token.line !== previousLine) {
      while (open.length > 0 && token.column <= (open.at(-1)?.column ?? 0)) open.pop();
      previousLine = token.line;
    }
    scopes[index] = open.at(-1)?.name ?? '';
    const name = tokens[index + 1];
    if (token.kind === 'name' && token.text === 'class' && name?.kind === 'name') open.push({ name: name.text, column: token.column });
  });
  return scopes;
}

function assignedName(tokens: readonly Token[], index: number): string | undefined {
  const operator = tokens[index - 1];
  let holder = tokens[index - 2];
  if (operator?.kind !== 'operator' || !['=', ':=', ':'].includes(operator.text) || !holder) return undefined;
  if (operator.text === '=' && holder.kind === 'name' && GO_TYPES.has(holder.text) && tokens[index - 3]?.kind === 'name') holder = tokens[index - 3];
  // `NAME: str = 'v'` (a Python annotation): the name is before the colon.
  const colon = tokens[index - 3];
  if (operator.text === '=' && holder?.kind === 'name' && colon?.text === ':' && colon.line === holder.line && tokens[index - 4]?.kind === 'name') holder = tokens[index - 4];
  if (holder?.kind === 'string' && operator.text === ':') return holder.text;
  if (holder?.kind !== 'name') return undefined;
  const before = tokens[index - 3];
  // `x == 'v'` is split as `=` `=` by nobody (`==` is one token), but `case 'v':` and lambda bodies are not assignments.
  if (operator.text === ':' && before?.kind === 'name' && /^(?:case|lambda|else|elif|if)$/.test(before.text)) return undefined;
  return holder.text.slice(holder.text.lastIndexOf('.') + 1);
}

/** The variable whose default the literal at `index` is, for the env-read shapes `textLiterals` knows. */
function envDefault(tokens: readonly Token[], index: number): string | undefined {
  const previous = tokens[index - 1];
  // `os.environ.get('NAME') or 'v'` / `os.getenv('NAME') or 'v'`
  if (previous?.kind === 'name' && previous.text === 'or' && tokens[index - 2]?.text === ')') {
    const open = matchingOpen(tokens, index - 2);
    const callee = tokens[open - 1];
    const variable = tokens[open + 1];
    if (callee?.kind === 'name' && ENV_CALL.test(callee.text) && variable?.kind === 'string') return variable.text;
  }
  // `os.getenv('NAME', 'v')`, `config('NAME', default='v')`
  const isDefaultKeyword = previous?.text === '=' && tokens[index - 2]?.text === 'default' && tokens[index - 3]?.text === ',';
  const comma = isDefaultKeyword ? tokens[index - 3] : previous;
  if (comma?.text !== ',') return undefined;
  const variable = tokens[index - (isDefaultKeyword ? 4 : 2)];
  const open = tokens[index - (isDefaultKeyword ? 5 : 3)];
  const callee = tokens[index - (isDefaultKeyword ? 6 : 4)];
  if (variable?.kind !== 'string' || open?.text !== '(' || callee?.kind !== 'name') return undefined;
  return ENV_CALL.test(callee.text) && !/set_?env|putenv/i.test(callee.text) ? variable.text : undefined;
}

/** Index of the `(` that the `)` at `close` closes; -1 when unbalanced. Scans back at most 64 tokens. */
function matchingOpen(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let at = close; at >= 0 && close - at <= 64; at -= 1) {
    const text = tokens[at]?.text;
    if (tokens[at]?.kind !== 'operator') continue;
    if (text === ')') depth += 1;
    if (text === '(') depth -= 1;
    if (depth === 0) return at;
  }
  return -1;
}
