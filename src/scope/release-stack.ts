import type { ReleaseEntry } from './release-entry.js';
import type { ReleaseReason } from './resource.js';
import type { RollbackReport } from './rollback-report.js';

/**
 * A release that a rollback would run, as `scope.pending()` lists it.
 *
 * @example
 * ```ts
 * scope.pending(); // [{ kind: 'file', label: '/w/p.txt' }, { kind: 'directory', label: '/w' }]
 * ```
 */
export interface PendingRelease {
  /** The resource's kind. */
  readonly kind: string;
  /** The resource's label. */
  readonly label: string;
}

/** A child scope's place in its parent's stack, so the child's releases keep their position. */
export interface ChildSlot {
  /** The stack holding this slot now; `undefined` once detached. */
  stack: ReleaseStack | undefined;
  pending(): PendingRelease[];
  close(reason: unknown, releaseReason: ReleaseReason): Promise<RollbackReport>;
}

export type StackItem = ReleaseEntry | ChildSlot;

/** The LIFO list of a scope's releases, with child scopes holding their place in it. */
export class ReleaseStack {
  #items: StackItem[] = [];

  push(item: StackItem): void {
    if (isChildSlot(item)) item.stack = this;
    this.#items.push(item);
  }

  pop(): StackItem | undefined {
    const item = this.#items.pop();
    if (item !== undefined && isChildSlot(item)) item.stack = undefined;
    return item;
  }

  /** Empties the stack and returns its items, oldest first; their child slots are detached. */
  takeAll(): StackItem[] {
    const items = this.#items;
    this.#items = [];
    for (const item of items) if (isChildSlot(item)) item.stack = undefined;
    return items;
  }

  pushAll(items: readonly StackItem[]): void {
    for (const item of items) this.push(item);
  }

  /** Puts a committed child's releases where the child was opened. */
  replace(slot: ChildSlot, items: readonly StackItem[]): void {
    const at = this.#items.indexOf(slot);
    if (at === -1) return;
    for (const item of items) if (isChildSlot(item)) item.stack = this;
    this.#items.splice(at, 1, ...items);
    slot.stack = undefined;
  }

  remove(slot: ChildSlot): void {
    const at = this.#items.indexOf(slot);
    if (at !== -1) this.#items.splice(at, 1);
    slot.stack = undefined;
  }

  /** Newest first, child scopes expanded in place. */
  pending(): PendingRelease[] {
    const out: PendingRelease[] = [];
    for (let i = this.#items.length - 1; i >= 0; i--) {
      const item = this.#items[i] as StackItem;
      if (isChildSlot(item)) out.push(...item.pending());
      else out.push({ kind: item.kind, label: item.label });
    }
    return out;
  }
}

export function isChildSlot(item: StackItem): item is ChildSlot {
  return 'close' in item;
}
