/**
 * tidyModel writes `from library` and `institution admin` only where the model then stores the
 * same rows, grouped by resource in the same order (what Specify serves and exports).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportInstitution } from '../../../engine/interchange/rest-shapes.js';
import { tidyModel } from '../../../engine/interchange/tidy-model.js';
import { modelArbitrary } from '../decision/decision-arbitraries.js';
import { allow, libraryRole, model, role, user } from '../decision/model-builders.js';
import { storedRowsOf } from '../../language/stored-rows.js';

const library = [
    libraryRole('ReadOnly', allow('/table/%', 'read')),
    libraryRole('FullData', allow('/table/%', 'read', 'create', 'update', 'delete')),
    libraryRole('Reports', allow('/report', 'execute'), allow('/table/%', 'read')),
    libraryRole('Queries', allow('/querybuilder/query', 'execute'), allow('/tools/queryBuilder', 'read'), allow('/table/%', 'read'))
];

describe('tidyModel', () => {
    it('finds the templates a role was made from, the larger first, in the order their rows come', () => {
        const m = model({
            libraryRoles: library,
            roles: [
                role('Curator', ['C'], {
                    policies: [
                        allow('/table/%', 'read', 'create', 'update', 'delete'),
                        allow('/report', 'execute'),
                        allow('/querybuilder/query', 'execute'),
                        allow('/table/spquery', 'read'),
                        allow('/table/spqueryfield', 'read'),
                        allow('/workbench/dataset', 'upload')
                    ]
                })
            ]
        });
        const [curator] = tidyModel(m).roles;
        expect(curator!.templates.map((t) => t.name)).toEqual(['FullData', 'Reports', 'Queries']);
        expect(curator!.policies).toEqual([allow('/workbench/dataset', 'upload')]);
        expect(storedRowsOf(tidyModel(m))).toEqual(storedRowsOf(m));
    });

    it('leaves a role as written when no templates store its rows in its order, or it already names templates', () => {
        const m = model({
            libraryRoles: [libraryRole('B', allow('/b', 'y')), libraryRole('AC', allow('/a', 'x'), allow('/c', 'z'))],
            roles: [role('Mixed', ['C'], { policies: [allow('/a', 'x'), allow('/b', 'y'), allow('/c', 'z')] }), role('Made', ['C'], { from: ['B'], policies: [allow('/b', 'y')] })]
        });
        expect(tidyModel(m).roles).toEqual(m.roles);
    });

    it('institution admin only when %: % is the first institution-level row', () => {
        const m = model({ users: [user('a', { institution: [allow('%', '%')] }), user('b', { institution: [allow('/x', 'y'), allow('%', '%')] })] });
        const [a, b] = tidyModel(m).users;
        expect(a).toMatchObject({ institutionAdmin: {}, institutionPolicies: [] });
        expect(b).toEqual(m.users[1]);
    });

    it('for random models, the tidied model stores the same rows and exports the same files', () => {
        fc.assert(
            fc.property(modelArbitrary(), (m) => {
                const tidied = tidyModel(m);
                expect(storedRowsOf(tidied)).toEqual(storedRowsOf(m));
                expect(exportInstitution(tidied)).toEqual(exportInstitution(m));
            }),
            { numRuns: 400 }
        );
    });
});
