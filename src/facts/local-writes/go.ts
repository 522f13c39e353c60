/** `local-writes` in Go: gin's `SaveUploadedFile`, files created or written through `os`/`ioutil`, spreadsheets saved. */
import {
  argumentsOf,
  childrenOf,
  envReadOf,
  functionDefinition,
  GoScope,
  importOf,
  isStringLiteral,
  literalValue,
  pathOf,
  SCOPE_KINDS,
  stringText,
} from '../syntax/go.js';
import type { SyntaxExtraction, TreeNode } from '../types.js';
import { HOLE } from '../values.js';
import { innermost, type FunctionExtent } from './extents.js';
import { isScratchName } from './scratch.js';
import type { Destination, LocalWrite, LocalWrites } from './index.js';

/** Calls that create or overwrite the file their first argument names. */
const WRITERS = new Set(['os.Create', 'os.WriteFile', 'io/ioutil.WriteFile']);
const READERS = new Set(['os.ReadFile', 'os.Open', 'io/ioutil.ReadFile']);
/** Calls whose value is the system's temporary space. */
const SCRATCH = new Set(['os.TempDir', 'os.CreateTemp', 'os.MkdirTemp', 'io/ioutil.TempFile', 'io/ioutil.TempDir']);
/** Spreadsheet libraries whose workbooks are saved with `.Save(path)` / `.SaveAs(path)`. */
const SPREADSHEETS = /^github\.com\/(?:tealeg\/xlsx|xuri\/excelize|360EntSecGroup-Skylar\/excelize)(?:\/|$)/;
/** Nodes looked at inside one destination expression: enough for any hand-written path. */
const MAX_DESTINATION_NODES = 64;

export const goLocalWrites: SyntaxExtraction<string, TreeNode, LocalWrites> = {
  kinds: [...SCOPE_KINDS, 'package_clause', 'function_declaration', 'method_declaration', 'call_expression'],
  create(file) {
    const scope = new GoScope();
    const functions: FunctionExtent[] = [];
    const found: LocalWrites = { writes: [], reads: [] };
    let spreadsheets = false;

    /** Variables holding temporary space, per function start: `dir, err := os.MkdirTemp("", "x")`. */
    const scratchVariables = new Map<number, Set<string>>();
    const noteScratchVariable = (call: TreeNode, within: FunctionExtent | undefined): void => {
      const list = call.parent;
      const statement = list?.type === 'expression_list' ? list.parent : null;
      if (statement?.type !== 'short_var_declaration' && statement?.type !== 'assignment_statement') return;
      const target = childrenOf(statement.childForFieldName('left') ?? statement)[0];
      if (target?.type !== 'identifier') return;
      const key = within?.start ?? -1;
      scratchVariables.set(key, (scratchVariables.get(key) ?? new Set()).add(target.text));
    };

    const destinationOf = (node: TreeNode | undefined, within: FunctionExtent | undefined): Destination => {
      if (node === undefined) return { kind: 'unknown' };
      let parameter = false;
      const pending = [node];
      for (let seen = 0; seen < MAX_DESTINATION_NODES; seen++) {
        const current = pending.pop();
        if (current === undefined) break;
        if (current.type === 'call_expression') {
          if (SCRATCH.has(scope.qualify(pathOf(current.childForFieldName('function') ?? current)) ?? '')) return { kind: 'scratch' };
          if (envReadOf(current, scope)) return { kind: 'env' };
        }
        if (isStringLiteral(current) && /^\/tmp(?:\/|$)/.test(stringText(current))) return { kind: 'scratch' };
        if ((current.type === 'identifier' || current.type === 'field_identifier') && isScratchName(current.text)) return { kind: 'scratch' };
        if (current.type === 'identifier' && scratchVariables.get(within?.start ?? -1)?.has(current.text)) return { kind: 'scratch' };
        if (current.type === 'identifier' && within?.params.includes(current.text)) parameter = true;
        pending.push(...childrenOf(current));
      }
      if (parameter) return { kind: 'parameter' };
      const literal = literalValue(node);
      if (literal?.kind === 'string') return { kind: 'literal', path: literal.value };
      if (literal?.kind === 'template' && !literal.value.startsWith(HOLE)) return { kind: 'literal', path: literal.value.replaceAll(HOLE, '*') };
      return { kind: 'unknown' };
    };

    return {
      visit(node) {
        if (node.type === 'package_clause') {
          found.package = childrenOf(node)[0]?.text;
          return;
        }
        if (node.type === 'function_declaration' || node.type === 'method_declaration') {
          const definition = functionDefinition(node);
          if (definition) functions.push({ ...definition, start: node.startIndex, end: node.endIndex });
          return;
        }
        if (node.type !== 'call_expression') {
          if (node.type === 'import_spec' && SPREADSHEETS.test(importOf(node)?.path ?? '')) spreadsheets = true;
          scope.observe(node);
          return;
        }
        const written = pathOf(node.childForFieldName('function') ?? node);
        if (written === null) return;
        const qualified = scope.qualify(written) ?? written;
        const args = argumentsOf(node);
        const within = innermost(functions, node.startIndex, node.endIndex);
        const record = (what: LocalWrite['what'], destination: TreeNode | undefined) =>
          found.writes.push({
            what,
            call: written,
            destination: destinationOf(destination, within),
            ...(within ? { within: within.name } : {}),
            span: file.span(node.startIndex, node.endIndex),
          });
        if (SCRATCH.has(qualified)) noteScratchVariable(node, within);
        else if (written.endsWith('.SaveUploadedFile')) record('upload', args[1]);
        // `os.OpenFile(p, os.O_CREATE|...)` and the project's own wrappers given the same flags.
        else if (WRITERS.has(qualified) || args.slice(1).some((arg) => /\bO_CREATE\b/.test(arg.text))) record('file', args[0]);
        else if (spreadsheets && /^\w+\.(?:Save|SaveAs)$/.test(written) && args.length > 0) record('spreadsheet', args[0]);
        else if (READERS.has(qualified) && args[0] !== undefined && isStringLiteral(args[0])) found.reads.push(stringText(args[0]));
      },
      result: () => found,
    };
  },
};
