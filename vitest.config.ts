import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        setupFiles: ['./scripts/polyfill.mjs', './test/setup/fast-check.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // The database tests are their own project so that their MariaDB server (test/setup/mariadb.ts)
        // starts only in runs that include one of them.
        projects: [
            { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/db/**'] } },
            { extends: true, test: { name: 'db', include: ['test/db/**/*.test.ts'], globalSetup: ['./test/setup/mariadb.ts'] } }
        ]
    }
});
