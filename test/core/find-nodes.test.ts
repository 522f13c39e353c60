import { Node, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { findNodes, nodesOfKinds } from '../../src/rule-kit/ast.js';
import { parseScript as sourceFile } from '../helpers/script.js';

describe('findNodes / nodesOfKinds', () => {
  const file = sourceFile("const a = f(g(1));\nnew Thing(h());\nfunction k() { return m(); }\n");

  it('finds nested nodes of the given kinds in source order', () => {
    expect(nodesOfKinds(file, [SyntaxKind.CallExpression, SyntaxKind.NewExpression]).map((node) => node.getText())).toEqual([
      'f(g(1))',
      'g(1)',
      'new Thing(h())',
      'h()',
      'm()',
    ]);
  });

  it('returns the same wrappers ts-morph itself hands out, with working parents', () => {
    const [call] = findNodes(file, (node) => node.kind === SyntaxKind.CallExpression);
    expect(call).toBe(file.getDescendantsOfKind(SyntaxKind.CallExpression)[0]);
    expect(Node.isVariableDeclaration(call?.getParent())).toBe(true);
  });

  it('searches below any node, not only a file', () => {
    const [fn] = nodesOfKinds(file, [SyntaxKind.FunctionDeclaration]);
    expect(fn && nodesOfKinds(fn, [SyntaxKind.CallExpression]).map((node) => node.getText())).toEqual(['m()']);
  });
});
