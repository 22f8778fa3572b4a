import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        setupFiles: ['./scripts/polyfill.mjs', './test/setup/fast-check.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000
    }
});
