/**
 * Property tests run from one fixed seed, so the gate that CI applies is the same on every run and
 * a failure reproduces exactly. To explore new cases, run `FC_SEED=random npm test` (or a number);
 * fast-check prints the seed of any failure it finds.
 */
import fc from 'fast-check';

const chosen = process.env['FC_SEED'];
if (chosen !== 'random') {
    const seed = chosen !== undefined && /^-?\d+$/.test(chosen) ? Number(chosen) : 20261123;
    fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
