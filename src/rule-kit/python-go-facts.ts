/** Per-file facts of Python and Go source that rules read. */
export { localWrites, type Destination as WriteDestination, type LocalWrite, type LocalWrites } from '../facts/local-writes/index.js';
export { goCommandLine, type CliCommand, type GoCommandLineFacts } from '../facts/go-command-line/index.js';
export { imports, type Import as SourceImport } from '../facts/imports/index.js';
export { calls, type Call as SourceCall } from '../facts/calls/index.js';
export { literals, type Binding, type BoundLiteral } from '../facts/literals/index.js';
export { envReads, type EnvRead as SourceEnvRead } from '../facts/env-reads/index.js';
export { PYTHON_DISTRIBUTIONS_OF, PYTHON_INSTALLED_WITH, PYTHON_STDLIB } from '../knowledge/python-imports.js';
export { normalisePythonName } from '../knowledge/python-go-packages.js';
