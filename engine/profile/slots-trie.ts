/**
 * What a profile keeps per sequence of segments' cell slots (level-cells.ts, level-shapes.ts): users
 * whose segments have the same patterns in the same order have the same sequence of CellSlots
 * objects, so they share one value. A trie by identity, whose first step is a WeakMap: the value
 * goes with the first segment's slots (which go with its ability), never with a user; the empty
 * sequence has one value of its own.
 */
import type { CellSlots } from './held-rows.js';

interface Node<T> {
    value?: T;
    readonly next: Map<CellSlots, Node<T>>;
}

export class SlotsTrie<T> {
    private readonly byFirst = new WeakMap<CellSlots, Node<T>>();
    private empty: T | undefined;

    /** The value of this sequence, made by `make` the first time it is met. */
    get(slots: readonly CellSlots[], make: () => T): T {
        if (slots.length === 0) return (this.empty ??= make());
        let node: Node<T> | undefined = this.byFirst.get(slots[0]!);
        if (!node) this.byFirst.set(slots[0]!, (node = { next: new Map() }));
        for (let s = 1; s < slots.length; s++) {
            let next: Node<T> | undefined = node.next.get(slots[s]!);
            if (!next) node.next.set(slots[s]!, (next = { next: new Map() }));
            node = next;
        }
        return (node.value ??= make());
    }
}
