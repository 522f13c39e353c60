/** Validates SARIF logs against the official SARIF 2.1.0 (rtm.5) JSON Schema shipped by @microsoft/jest-sarif. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

// The schema is draft-04, and one of its language-tag patterns is not valid as a unicode RegExp.
// A CommonJS module seen from ESM: the class is its `default` export.
const AjvDraft04 = ajvDraft04.default;
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

/** Schema violations, one line each; empty when the log is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
