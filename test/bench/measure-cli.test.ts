/**
 * measureCli on the small example: every command runs, each figure is a measured cost, and the diff
 * between the example and its edited copy reports the edit (the role's new actions, the user's new
 * role, the lost collection). Absolute times are not checked: the machine may be busy.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureCli } from '../../bench/measure-cli.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/natural-history-museum');

describe('measureCli', () => {
    it('measures check, can, profile, who-can and diff on the example', async () => {
        const figures = await measureCli(EXAMPLE);
        expect(figures.files).toBe(7);
        expect(figures.lines).toBe(418);
        for (const figure of [figures.check, figures.can, figures.profile, figures.whoCan, figures.diff]) {
            expect(figure.cpuMs, figure.command).toBeGreaterThan(0);
            // A Node process holds tens of megabytes before it reads anything; a wrong unit would be off by 1024.
            expect(figure.maxRssMb, figure.command).toBeGreaterThan(20);
            expect(figure.maxRssMb, figure.command).toBeLessThan(4096);
        }
        expect(figures.check.exitCode).toBe(0);
        expect(figures.can.command).toBe(`can ${figures.sample.user} read /table/collectionobject --in ${figures.sample.collection} <dir>`);

        // The diff of the example and its edited copy shows each part of the edit.
        const { edit, output } = figures.diff;
        expect(output).toMatch(new RegExp(`^${edit.roleAdded.user}: [1-9]\\d* gained`, 'm'));
        expect(output).toContain(`- access /system/sp7/collection in ${edit.collectionRemoved.collection}`);
        expect(output).toContain(`${edit.role.gained.actions.join(' ')} ${edit.role.gained.resource} in `);
        expect(output).toMatch(/\d+ users changed, [1-9]\d* permissions gained, [1-9]\d* lost/);
    }, 30_000);
});
