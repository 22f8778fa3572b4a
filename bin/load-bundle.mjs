// Loads the CLI bundle (out/cli/bundle.cjs, made by scripts/bundle-cli.mjs) with V8's code cache.
//
// Compiling the bundle's functions is a good part of a command's cost: Node reads 3 MB of
// JavaScript, and every function a command runs is compiled when first called. V8 can save what it
// compiled and take it back next time (vm.Script's `cachedData`), which Node 20 offers for scripts
// but not for ES modules: hence a CommonJS bundle run through vm.Script. The cache
// (out/cli/bundle.cache) is written by the build after a few commands ran, and starts with the
// SHA-256 of the bundle's text: a cache of other text is never used (V8's own check compares only
// lengths). V8 refuses a cache from another V8 version or other flags; the bundle is then compiled
// as usual, so the cache only ever saves time, it never changes what runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

const DIGEST_BYTES = 32;

/**
 * Runs the bundle `file` as CommonJS and gives its exports, with the code cache `cacheFile` when it
 * was made for this text. `script` can make a new cache (`createCachedData`), `digest` heads it.
 */
export function loadBundle(file, cacheFile) {
    const source = readFileSync(file, 'utf8');
    const digest = createHash('sha256').update(source).digest();
    let cachedData;
    try {
        const cache = readFileSync(cacheFile);
        if (cache.length > DIGEST_BYTES && cache.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = cache.subarray(DIGEST_BYTES);
    } catch {
        // no cache yet: compile as usual
    }
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
        filename: file,
        ...(cachedData ? { cachedData } : {})
    });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
    return { exports: module.exports, script, digest, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cache to write for a bundle loaded by `loadBundle`, once the commands worth caching have run. */
export function codeCacheOf(loaded) {
    return Buffer.concat([loaded.digest, loaded.script.createCachedData()]);
}
