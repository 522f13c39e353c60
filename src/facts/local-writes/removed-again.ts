/**
 * Python files a module writes and then deletes again: scratch of one task (JSON parts packed into an
 * archive and removed, audio kept for one transcription), not state.
 */
import { argumentAt, argumentsOf, childrenOf, pathOf, unwrap } from '../syntax/python.js';
import type { TreeNode } from '../types.js';
import type { LocalWrite } from './index.js';

/** Calls that delete the file their first argument names. */
const REMOVERS = new Set(['os.remove', 'os.unlink']);
/**
 * Where a deletion only runs on some paths: a file removed when a download fails (`if too_big:
 * path.unlink()`, `except: os.remove(path)`) is kept whenever the work succeeds.
 */
const CONDITIONAL = new Set(['if_statement', 'elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'for_statement', 'while_statement', 'conditional_expression', 'match_statement']);

/** Variables are told apart by the function around them (its start offset, -1 for the module). */
type Key = number;

/**
 * Notes, as the walk meets them, the files written through a variable, the variables a function
 * always deletes (`os.remove(p)`, `os.unlink(p)`, `p.unlink()` outside any condition or `except`;
 * `finally` counts), the variables returned, and those bound to a call's result; `mark` then sets
 * `removed` on each write whose file is deleted after it in the same function, or by a caller in the
 * module after it got the path back from the writing function (`part = self.dump(...)` ... `os.remove(part)`).
 */
export class RemovedAgain {
  private readonly written: { write: LocalWrite; name: string; key: Key; at: number }[] = [];
  /** Where each variable is deleted, by `key:name`. */
  private readonly removed = new Map<string, number[]>();
  private readonly returned = new Set<string>();
  private readonly bound: { name: string; key: Key; callee: string; at: number }[] = [];

  noteWrite(write: LocalWrite, call: TreeNode, path: TreeNode | undefined, key: Key): void {
    const name = path && unwrap(path);
    if (name?.type === 'identifier') this.written.push({ write, name: name.text, key, at: call.startIndex });
  }

  /** A call that may delete a file: `qualified` is its callee as the module's imports resolve it. */
  noteCall(call: TreeNode, qualified: string, key: Key): void {
    const function_ = call.childForFieldName('function');
    const argument = argumentAt(argumentsOf(call), 0, 'path');
    const receiver = function_?.type === 'attribute' && function_.childForFieldName('attribute')?.text === 'unlink' ? function_.childForFieldName('object') : null;
    const target = REMOVERS.has(qualified) ? argument : receiver;
    if (target?.type !== 'identifier' || conditional(call)) return;
    const id = `${key}:${target.text}`;
    this.removed.set(id, [...(this.removed.get(id) ?? []), call.startIndex]);
  }

  noteReturn(statement: TreeNode, key: Key): void {
    const value = childrenOf(statement)[0];
    if (value?.type === 'identifier') this.returned.add(`${key}:${value.text}`);
  }

  noteAssignment(assignment: TreeNode, key: Key): void {
    const target = assignment.childForFieldName('left');
    const value = assignment.childForFieldName('right');
    const call = value && unwrap(value);
    if (target?.type !== 'identifier' || call?.type !== 'call') return;
    const callee = pathOf(call.childForFieldName('function') ?? call);
    if (callee !== null) this.bound.push({ name: target.text, key, callee: callee.slice(callee.lastIndexOf('.') + 1), at: assignment.startIndex });
  }

  mark(): void {
    const removedAfter = (key: Key, name: string, at: number): boolean => (this.removed.get(`${key}:${name}`) ?? []).some((offset) => offset > at);
    for (const { write, name, key, at } of this.written) {
      const handedBack =
        this.returned.has(`${key}:${name}`) && this.bound.some((binding) => binding.callee === write.within && removedAfter(binding.key, binding.name, binding.at));
      if (removedAfter(key, name, at) || handedBack) write.removed = true;
    }
  }
}

/** Whether a call sits under a condition, a loop or an `except` of the function around it. */
function conditional(call: TreeNode): boolean {
  for (let current = call.parent; current !== null; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'module') return false;
    if (CONDITIONAL.has(current.type)) return true;
  }
  return false;
}
