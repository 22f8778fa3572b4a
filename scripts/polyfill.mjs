// Langium 4.4 (through chevrotain 13) calls Object.groupBy, which Node 20 lacks.
// Imported first by every entry point (CLI, language server, vitest setup, `langium generate`).
if (typeof Object.groupBy !== 'function') {
    Object.defineProperty(Object, 'groupBy', {
        configurable: true,
        writable: true,
        value: function groupBy(items, keySelector) {
            const groups = Object.create(null);
            let index = 0;
            for (const item of items) {
                const key = keySelector(item, index++);
                (groups[key] ??= []).push(item);
            }
            return groups;
        }
    });
}
