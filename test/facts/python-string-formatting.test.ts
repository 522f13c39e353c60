import { beforeAll, describe, expect, it } from 'vitest';
import { literals } from '../../src/facts/literals/index.js';
import { loadTreeSitter } from '../../src/parse/tree-sitter.js';
import { factsOf, lines } from './tree-helpers.js';

beforeAll(() => loadTreeSitter());

/** `name = kind:value`, holes written `<hole>`. */
function values(source: string): string[] {
  return factsOf(literals, 'python', source).map(
    (literal) => `${literal.name} = ${literal.value.kind}:${String(literal.value.value).replaceAll('\u0000', '<hole>')}`,
  );
}

describe('Python string formatting read as templates', () => {
  it('reads str.format and printf-style % of a string literal as the template they build', () => {
    const source = lines(
      "DEV_URI = 'sqlite:///{0}'.format(DB_PATH)",
      "NAMED = 'postgresql://{host}/{name}'.format(host=h, name=n)",
      "PERCENT = 'mysql://%s:%d/app' % (host, port)",
      "MAPPED = 'redis://%(host)s/0' % settings",
    );
    expect(values(source)).toEqual([
      'DEV_URI = template:sqlite:///<hole>',
      'NAMED = template:postgresql://<hole>/<hole>',
      'PERCENT = template:mysql://<hole>:<hole>/app',
      'MAPPED = template:redis://<hole>/0',
    ]);
  });

  it('keeps escaped braces and percent signs, and leaves formatting of anything but a plain literal alone', () => {
    const source = lines(
      "BRACES = '{{literal}}'.format()",
      "RATIO = '100%%' % ()",
      "JOINED = ', '.join(names)",
      "FROM_NAME = template.format(x)",
      "REMAINDER = total % 7",
    );
    expect(values(source)).toEqual(['BRACES = string:{literal}', 'RATIO = string:100%']);
  });
});
