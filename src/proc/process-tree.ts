import type { ProcessEntry, ProcessTable } from './process-table.js';

/**
 * Every descendant of `rootPid` in `table` (children, grandchildren, …), not the root itself.
 * Processes that were re-parented away (a `setsid` + double-fork daemon) are not found here: use
 * {@link withMarker} for those.
 *
 * @example
 * ```ts
 * const tree = descendantsOf(await scanProcesses(), panePid);
 * ```
 */
export function descendantsOf(table: ProcessTable, rootPid: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table.values()) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  const found: ProcessEntry[] = [];
  const seen = new Set<number>([rootPid]);
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * Every process whose environment carried `marker` when the table was scanned with a
 * `markerName`: descendants keep the variable even after `setsid`, `nohup` or re-parenting.
 *
 * @example
 * ```ts
 * const tagged = withMarker(await scanProcesses({ markerName: 'LEAKPROOF_SESSION' }), uuid);
 * ```
 */
export function withMarker(table: ProcessTable, marker: string): ProcessEntry[] {
  return [...table.values()].filter((entry) => entry.marker === marker);
}
