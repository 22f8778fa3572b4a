/**
 * Object.groupBy for Node 20, which Langium 4.4 (through chevrotain 13) calls. The same guard as
 * scripts/polyfill.mjs, in TypeScript so that it compiles and bundles with the language server:
 * language/ may import only langium and engine/, and scripts/ is not part of the build output.
 * Import it first, before anything that loads Langium.
 */
if (typeof (Object as { groupBy?: unknown }).groupBy !== 'function') {
    const groupBy = (items: Iterable<unknown>, keySelector: (item: unknown, index: number) => PropertyKey) => {
        const groups: Partial<Record<PropertyKey, unknown[]>> = Object.create(null);
        let index = 0;
        for (const item of items) {
            const key = keySelector(item, index++);
            (groups[key] ??= []).push(item);
        }
        return groups;
    };
    Object.defineProperty(Object, 'groupBy', { configurable: true, writable: true, value: groupBy });
}

export {};
