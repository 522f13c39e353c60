/**
 * `go-command-line` in Go: the file's function declarations, and the cobra / urfave commands it
 * declares (with the names that reach them and what their handlers name), adds and runs.
 */
import { argumentsOf, assignedName, childrenOf, functionDefinition, GoScope, importOf, pathOf, plainString, SCOPE_KINDS, unwrap } from '../syntax/go.js';
import type { SyntaxExtraction, TreeNode } from '../types.js';
import type { CliCommand, GoCommandLine, GoCommandLineFacts, GoFunction } from './index.js';

/** Import paths of the command-line frameworks whose commands are recognised. */
const COBRA = /^github\.com\/spf13\/cobra$/;
const URFAVE = /^(?:github\.com\/urfave\/cli(?:\/v\d+)?|gopkg\.in\/urfave\/cli\.v\d+)$/;
/** The field naming a command, by framework. */
const NAME_FIELDS = { cobra: 'Use', urfave: 'Name' } as const;
/** Fields whose functions run when the command does. */
const HANDLER_FIELDS = new Set([
  'Run', 'RunE', 'PreRun', 'PreRunE', 'PostRun', 'PostRunE', 'PersistentPreRun', 'PersistentPreRunE', 'PersistentPostRun', 'PersistentPostRunE',
  'Action', 'Before', 'After',
]);
/** Methods that run a program's root command, counted where the framework is imported: cobra's `Execute*`, urfave's `Run`. */
const COBRA_RUNNERS = /^(?:Execute|ExecuteC|ExecuteContext|ExecuteContextC)$/;
const URFAVE_RUNNERS = /^(?:Run|RunContext)$/;
/** Nodes looked at inside one handler: bounds the work on a generated or huge command. */
const MAX_HANDLER_NODES = 4000;

/** The identifiers inside an expression (bounded), in no particular order. */
function identifiersIn(node: TreeNode, limit: number): Set<string> {
  const found = new Set<string>();
  const pending = [node];
  for (let seen = 0; seen < limit; seen++) {
    const current = pending.pop();
    if (current === undefined) break;
    if (current.type === 'identifier') found.add(current.text);
    else pending.push(...childrenOf(current));
  }
  return found;
}

/** A keyed element's key and value, as written (tree-sitter-go wraps each side in a `literal_element`). */
function keyedPair(element: TreeNode): [string, TreeNode] | undefined {
  if (element.type !== 'keyed_element') return undefined;
  const [key, value] = childrenOf(element).map((side) => (side.type === 'literal_element' ? (childrenOf(side)[0] ?? side) : side));
  return key === undefined || value === undefined ? undefined : [key.text, value];
}

/** The function or method declaration around a node. */
function enclosingDeclaration(node: TreeNode): TreeNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_declaration' || current.type === 'method_declaration') return current;
  }
  return undefined;
}

/** The expression a composite literal stands in, past `&` and parentheses. */
function outerExpression(literal: TreeNode): TreeNode {
  let current = literal;
  while (current.parent && (current.parent.type === 'parenthesized_expression' || (current.parent.type === 'unary_expression' && current.parent.childForFieldName('operator')?.text === '&'))) {
    current = current.parent;
  }
  return current;
}

export const goCommandLineExtraction: SyntaxExtraction<string, TreeNode, GoCommandLineFacts> = {
  kinds: [...SCOPE_KINDS, 'function_declaration', 'method_declaration', 'call_expression', 'composite_literal'],
  create(file) {
    const scope = new GoScope();
    const functions: GoFunction[] = [];
    const commandLine: GoCommandLine = { commands: [], added: [], executed: [] };
    let importsUrfave = false;
    const frameworks = new Map<string, CliCommand['framework']>();

    /** The command framework a type names: `cobra.Command`, `cli.Command` (pointers and slices of them too). */
    const frameworkOf = (type: TreeNode | null): CliCommand['framework'] | undefined => {
      let current = type;
      while (current && (current.type === 'pointer_type' || current.type === 'slice_type' || current.type === 'array_type')) {
        current = current.childForFieldName('element') ?? childrenOf(current).at(-1) ?? null;
      }
      if (current?.type !== 'qualified_type') return undefined;
      const qualified = scope.qualify(pathOf(current)) ?? '';
      if (!qualified.endsWith('.Command')) return undefined;
      return frameworks.get(qualified.slice(0, -'.Command'.length));
    };
    const isCommandSlice = (literal: TreeNode | null | undefined): boolean => {
      const type = literal?.type === 'composite_literal' ? literal.childForFieldName('type') : null;
      return (type?.type === 'slice_type' || type?.type === 'array_type') && frameworkOf(type) !== undefined;
    };
    /** Declared in place as a subcommand: `parent.AddCommand(&cobra.Command{...})`, an element of `[]*cli.Command{...}`. */
    const isNested = (expression: TreeNode): boolean => {
      const parent = expression.parent;
      if (parent?.type === 'argument_list') return /\.AddCommand$/.test(pathOf(parent.parent?.childForFieldName('function') ?? parent) ?? '');
      return parent?.type === 'literal_element' && isCommandSlice(parent.parent?.parent);
    };
    const addCommand = (framework: CliCommand['framework'], body: TreeNode, expression: TreeNode, nested: boolean): void => {
      let name: string | null = null;
      const handlers = new Set<string>();
      for (const element of childrenOf(body)) {
        const pair = keyedPair(element);
        if (pair === undefined) continue;
        const [key, value] = pair;
        if (key === NAME_FIELDS[framework]) name = plainString(value)?.trim().split(/\s+/)[0] ?? null;
        else if (HANDLER_FIELDS.has(key)) for (const identifier of identifiersIn(value, MAX_HANDLER_NODES)) handlers.add(identifier);
      }
      const names = new Set<string>();
      const holder = expression.parent?.type === 'expression_list' ? expression.parent.parent : null;
      if (holder?.type === 'var_spec') for (const child of childrenOf(holder)) if (child.type === 'identifier') names.add(child.text);
      const assigned = assignedName(expression, true);
      if (assigned !== undefined) names.add(assigned);
      const declaration = enclosingDeclaration(expression);
      const builder = declaration && functionDefinition(declaration)?.name;
      if (builder !== undefined) names.add(builder);
      commandLine.commands.push({
        framework,
        name,
        names: [...names],
        handlers: [...handlers],
        ...(nested ? { nested: true as const } : {}),
        span: file.span(body.startIndex, body.endIndex),
      });
    };
    const visitCommandLiteral = (node: TreeNode): void => {
      const type = node.childForFieldName('type');
      const body = node.childForFieldName('body');
      const framework = frameworkOf(type);
      if (framework === undefined || body === null) return;
      if (type?.type === 'qualified_type') {
        const expression = outerExpression(node);
        addCommand(framework, body, expression, isNested(expression));
        return;
      }
      // `[]*cli.Command{{Name: "keys", ...}}`: elements whose type is left out.
      for (const element of childrenOf(body)) {
        const value = element.type === 'literal_element' ? childrenOf(element)[0] : undefined;
        if (value?.type === 'literal_value') addCommand(framework, value, value, true);
      }
    };
    const visitCommandCall = (node: TreeNode, written: string): void => {
      const method = written.slice(written.lastIndexOf('.') + 1);
      const receiver = written.includes('.') ? written.slice(0, written.lastIndexOf('.')) : undefined;
      if (method === 'AddCommand') {
        for (const arg of argumentsOf(node)) {
          const value = unwrap(arg);
          const named = value.type === 'call_expression' ? value.childForFieldName('function') : value;
          if (named?.type === 'identifier') commandLine.added.push(named.text);
          // `root.AddCommand(p.updateCmd())`, `root.AddCommand(jsonnet.NewFormatCmd())`: as written.
          else if (named?.type === 'selector_expression') commandLine.added.push(named.text);
        }
      } else if (frameworks.size > 0 && receiver !== undefined && /^\w+$/.test(receiver) && (COBRA_RUNNERS.test(method) || (importsUrfave && URFAVE_RUNNERS.test(method)))) {
        commandLine.executed.push(receiver);
      }
    };

    return {
      visit(node) {
        if (node.type === 'function_declaration' || node.type === 'method_declaration') {
          const definition = functionDefinition(node);
          if (definition) functions.push({ name: definition.name, ...(node.type === 'method_declaration' ? { method: true as const } : {}), span: file.span(node.startIndex, node.endIndex) });
          return;
        }
        if (node.type === 'composite_literal') {
          // Only a file importing a framework can name its `Command` type.
          if (frameworks.size > 0) visitCommandLiteral(node);
          return;
        }
        if (node.type === 'call_expression') {
          const written = pathOf(node.childForFieldName('function') ?? node);
          if (written !== null) visitCommandCall(node, written);
          return;
        }
        if (node.type === 'import_spec') {
          const path = importOf(node)?.path ?? '';
          if (COBRA.test(path)) frameworks.set(path, 'cobra');
          if (URFAVE.test(path)) {
            frameworks.set(path, 'urfave');
            importsUrfave = true;
          }
        }
        scope.observe(node);
      },
      result: () => {
        const { commands, added, executed } = commandLine;
        // Most Go files are no command-line program's: their facts stay as small as their functions.
        return commands.length + added.length + executed.length > 0 ? { functions, commandLine } : { functions };
      },
    };
  },
};
