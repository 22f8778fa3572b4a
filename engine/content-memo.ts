/**
 * A bounded memo keyed by content, for answers that depend only on a sequence of strings that many
 * objects of a model repeat (role copies of one template, places built alike). A cheap hash picks a
 * bucket; a stored answer is used only when its kept key equals the one asked (`same`). What is kept
 * of a key (`keep`) should be strings, never a model's objects, so that no model is held. When the
 * memo holds `limit` answers it is emptied: the inputs it serves repeat, so it fills again at once.
 */
export class ContentMemo<Key, Kept, Value> {
    private readonly buckets = new Map<number, { readonly kept: Kept; readonly value: Value }[]>();
    private size = 0;

    constructor(
        private readonly limit: number,
        private readonly hash: (key: Key) => number,
        private readonly keep: (key: Key) => Kept,
        private readonly same: (kept: Kept, key: Key) => boolean
    ) {}

    /** The answer for `key`: remembered, or `compute(key)` remembered now. */
    get(key: Key, compute: (key: Key) => Value): Value {
        const hash = this.hash(key);
        let bucket = this.buckets.get(hash);
        const known = bucket?.find((entry) => this.same(entry.kept, key));
        if (known) return known.value;
        const value = compute(key);
        if (this.size >= this.limit) {
            this.buckets.clear();
            this.size = 0;
            bucket = undefined;
        }
        if (!bucket) this.buckets.set(hash, (bucket = []));
        bucket.push({ kept: this.keep(key), value });
        this.size++;
        return value;
    }
}
