/** Per-file facts of Python and Go source that the dependencies and processes rules read. */
export { localWrites, type Destination as WriteDestination, type LocalWrite, type LocalWrites } from '../facts/local-writes/index.js';
export { imports, type Import as SourceImport } from '../facts/imports/index.js';
export { calls, type Call as SourceCall } from '../facts/calls/index.js';
