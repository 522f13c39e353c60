import { describe, expect, it } from 'vitest';
import { Node, Project, SyntaxKind } from 'ts-morph';
import {
  DEPLOYS,
  environmentExclusion,
  holdsInProduction,
  inDevelopmentOnlyBlock,
  isDevelopmentOnlyCondition,
  isEnvironmentCondition,
} from '../../src/rule-kit/environment-conditions.js';

const project = new Project({ useInMemoryFileSystem: true });
let count = 0;

function sourceOf(text: string) {
  count += 1;
  return project.createSourceFile(`case${count}.ts`, text);
}

/** The condition of the file's first `if`. */
function conditionOf(text: string): Node {
  return sourceOf(text).getFirstDescendantByKindOrThrow(SyntaxKind.IfStatement).getExpression();
}

/** The string literal of the file whose text is `marker`. */
function literal(text: string, marker = 'here'): Node {
  const found = sourceOf(text)
    .getDescendantsOfKind(SyntaxKind.StringLiteral)
    .find((node) => node.getLiteralText() === marker);
  if (!found) throw new Error(`no literal ${marker}`);
  return found;
}

describe('holdsInProduction', () => {
  it.each([
    ["process.env.NODE_ENV === 'production'", true],
    ["process.env.NODE_ENV !== 'test'", true],
    ['isProd', true],
    ['config.isProduction', true],
    ["process.env.NODE_ENV === 'development'", false],
    ["env !== 'production'", false],
    ['isDev', false],
    ['!isProd', false],
    ['DEBUG', false],
    ["isDev || env === 'test'", false],
    ['isProd && verbose', undefined],
    ['isDev && verbose', false],
    ['verbose', undefined],
    ["env === 'demo'", undefined],
  ])('%s -> %s', (condition, expected) => {
    expect(holdsInProduction(conditionOf(`if (${condition}) run();`))).toBe(expected);
  });

  it('follows a flag declared once in the same file, and not a flag declared twice', () => {
    expect(holdsInProduction(conditionOf("const devServer = process.env.NODE_ENV === 'development';\nif (devServer) run();"))).toBe(false);
    expect(holdsInProduction(conditionOf("let flag = isProd;\nfunction f() { let flag = 1; }\nif (flag) run();"))).toBeUndefined();
  });

  it('does not loop on a flag defined by itself', () => {
    expect(holdsInProduction(conditionOf('const loop = loop && isDev;\nif (loop) run();'))).toBe(false);
    expect(holdsInProduction(conditionOf('const loop = loop;\nif (loop) run();'))).toBeUndefined();
  });
});

describe('environmentExclusion', () => {
  it('finds the condition whose branch production never takes', () => {
    const node = literal("if (process.env.NODE_ENV !== 'production') { use('here'); }");
    expect(environmentExclusion(node)?.getText()).toBe("process.env.NODE_ENV !== 'production'");
    expect(environmentExclusion(literal("const url = isProd ? 'live' : 'here';"))?.getText()).toBe('isProd');
    expect(environmentExclusion(literal("isDev && use('here');"))?.getText()).toBe('isDev');
  });

  it('does not exclude a branch production may take', () => {
    expect(environmentExclusion(literal("const url = isProd ? 'here' : 'other';"))).toBeUndefined();
    expect(environmentExclusion(literal("if (verbose) { use('here'); }"))).toBeUndefined();
    expect(environmentExclusion(literal("if (isDev && verbose) { x(); } else { use('here'); }"))).toBeUndefined();
  });

  it('stops at the enclosing function', () => {
    expect(environmentExclusion(literal("if (isDev) { register(() => use('here')); }"))).toBeUndefined();
  });

  it('with DEPLOYS, excludes only branches no deploy takes: staging runs the non-production one', () => {
    const staging = literal("const url = process.env.NODE_ENV === 'production' ? 'live' : 'here';");
    expect(environmentExclusion(staging)).toBeDefined();
    expect(environmentExclusion(staging, DEPLOYS)).toBeUndefined();
    expect(environmentExclusion(literal("if (process.env.NODE_ENV === 'development') { use('here'); }"), DEPLOYS)).toBeDefined();
    expect(environmentExclusion(literal("if (env === 'test' || isLocal) { use('here'); }"), DEPLOYS)).toBeDefined();
  });
});

describe('text conditions of Go and Python', () => {
  it('tells a development-only test from a negated or widened one', () => {
    expect(isDevelopmentOnlyCondition('os.Getenv("ENVIRONMENT") == "dev"')).toBe(true);
    expect(isDevelopmentOnlyCondition('settings.DEBUG')).toBe(true);
    expect(isDevelopmentOnlyCondition('os.Getenv("ENVIRONMENT") != "dev"')).toBe(false);
    expect(isDevelopmentOnlyCondition('is_dev or force')).toBe(false);
  });

  it('finds the block a line sits in, by braces in Go and indentation in Python', () => {
    const go = ['func routes() {', '\tif os.Getenv("ENV") == "dev" {', '\t\tallow("http://localhost:3000")', '\t}', '\tallow("https://example.org")', '}'].join('\n');
    expect(inDevelopmentOnlyBlock(go, 3, 'go')).toBe(true);
    expect(inDevelopmentOnlyBlock(go, 5, 'go')).toBe(false);
    const python = ['if DEBUG:', '    ORIGINS = ["http://localhost:3000"]', 'ORIGINS = ["https://example.org"]'].join('\n');
    expect(inDevelopmentOnlyBlock(python, 2, 'python')).toBe(true);
    expect(inDevelopmentOnlyBlock(python, 3, 'python')).toBe(false);
  });
});

describe('isEnvironmentCondition', () => {
  it.each([
    ["process.env.NODE_ENV === 'production'", true],
    ["config.env === 'dev'", true],
    ['app.debug', true],
    ['isStaging', true],
    ['settings.ENVIRONMENT', true],
    ['process.env.SESSION_SECRET', false],
    ['options.synchronize', false],
  ])('%s -> %s', (condition, expected) => {
    expect(isEnvironmentCondition(condition)).toBe(expected);
  });
});
