/** Tests call the synchronous `audit()`, which needs the Python and Go grammars loaded in the thread first. */
import { loadTreeSitter } from '../../src/parse/tree-sitter.js';

await loadTreeSitter();
