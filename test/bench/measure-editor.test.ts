/**
 * measureEditor on the small example, through the built language server: it opens the folder,
 * types and deletes a character after a role's name, and each keystroke's figure is the time to the
 * diagnostics of that version (measureEditor waits for an error on the typed line after typing and
 * for none after deleting, so a stale publication cannot be taken for the answer). Absolute times are
 * not checked: the machine may be busy.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureEditor } from '../../bench/measure-editor.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/natural-history-museum');

describe('measureEditor', () => {
    it('times keystroke to diagnostics in the example through the language server', async () => {
        const figures = await measureEditor(EXAMPLE, { warmup: 2, keystrokes: 6, timeoutMs: 20_000 });
        expect(figures.files).toBe(7);
        expect(figures.file).toMatch(/^users\/.*\.spol$/);
        // The diagnostics waited for were those of the version with the typed character.
        expect(figures.typedError).toContain(`${figures.role}x`);
        expect(figures.samplesMs).toHaveLength(6);
        for (const ms of figures.samplesMs) expect(ms).toBeGreaterThan(0);
        expect(figures.openMs).toBeGreaterThan(0);
        expect(figures.medianMs).toBeGreaterThan(0);
        expect(figures.p90Ms).toBeGreaterThanOrEqual(figures.medianMs);
        expect(figures.allFilesMedianMs).toBeGreaterThanOrEqual(figures.medianMs);
    }, 30_000);
});
