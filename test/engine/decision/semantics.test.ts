/**
 * Decisions against the facts of semantics.md: the acceptance cases of §8 that are about decisions,
 * the cases derived from Specify's code, and the consequences of §2.1, §2.4 and §3.
 */
import { describe, expect, it } from 'vitest';
import { compile, QueryError, type PolicyEngine } from '../../../engine/decision/index.js';
import { registry } from '../../../engine/registry/registry.js';
import { decideChecked as decide, rowsOf } from './checked-decide.js';
import { allow, grant, libraryRole, museum, role, user } from './model-builders.js';

const collections = ['FishVoucher', 'FishTissue', 'Herbarium'] as const;

function expectQueryError(engine: PolicyEngine, run: (e: PolicyEngine) => unknown, code: string, suggestions?: string[]): void {
    try {
        run(engine);
    } catch (error) {
        expect(error).toBeInstanceOf(QueryError);
        expect((error as QueryError).code).toBe(code);
        if (suggestions) expect((error as QueryError).suggestions).toEqual(suggestions);
        return;
    }
    expect.fail(`expected QueryError ${code}`);
}

describe('§8 acceptance cases', () => {
    it('case 4: the collection gate denies until collection access is added, and the sources combine', () => {
        const before = compile(museum({ users: [user('u', { institution: [allow('/table/%', 'read')] })] }));
        const denied = decide(before, { user: 'u', collection: 'FishVoucher', resource: '/table/collectionobject', action: 'read' });
        expect(denied.allowed).toBe(false);
        expect(denied.reason).toBe('no-collection-access');
        expect(rowsOf(denied.matches)).toEqual(['/table/% read @ u@institution']);
        expect(denied.collectionAccess).toEqual({ allowed: false, matches: [] });

        const after = compile(
            museum({
                users: [
                    user('u', {
                        institution: [allow('/table/%', 'read')],
                        grants: [grant('FishVoucher', { policies: [allow('/system/sp7/collection', 'access')] })]
                    })
                ]
            })
        );
        const granted = decide(after, { user: 'u', collection: 'FishVoucher', resource: '/table/collectionobject', action: 'read' });
        expect(granted.allowed).toBe(true);
        expect(granted.reason).toBe('granted');
        expect(rowsOf(granted.matches)).toEqual(['/table/% read @ u@institution']);
        expect(rowsOf(granted.collectionAccess!.matches)).toEqual(['/system/sp7/collection access @ u@FishVoucher']);
    });

    it('case 10: no stale answers — denied, granted after adding the policy, denied after removing it', () => {
        const query = { user: 'u', collection: 'FishVoucher', resource: '/table/collectionobject', action: 'create' };
        const without = compile(museum({ users: [user('u')] }));
        const withPolicy = compile(
            museum({ users: [user('u', { grants: [grant('FishVoucher', { policies: [allow('/table/collectionobject', 'create')] })] })] })
        );
        const removed = compile(museum({ users: [user('u', { grants: [grant('FishVoucher')] })] }));
        expect(decide(without, query, 'query').allowed).toBe(false);
        expect(decide(withPolicy, query, 'query').allowed).toBe(true);
        expect(decide(removed, query, 'query').allowed).toBe(false);
        expect(decide(without, query, 'query').allowed).toBe(false);
    });

    it('case 14 (access part): institution % opens every collection, collection % only its own', () => {
        const engine = compile(
            museum({
                users: [
                    user('admin', { admin: true }),
                    user('local', { grants: [grant('FishTissue', { policies: [allow('%', '%')] })] })
                ]
            })
        );
        for (const collection of collections) {
            const admin = decide(engine, { user: 'admin', collection, resource: '/system/sp7/collection', action: 'access' });
            expect(admin.allowed).toBe(true);
            const local = decide(engine, { user: 'local', collection, resource: '/system/sp7/collection', action: 'access' });
            expect(local.allowed, collection).toBe(collection === 'FishTissue');
        }
    });
});

describe('cases derived from the code', () => {
    const engine = compile(
        museum({
            roles: [role('CollectionAdmin', ['FishVoucher'], { policies: [allow('%', '%')] })],
            users: [
                user('admin', { admin: true }),
                user('cadmin', { grants: [grant('FishVoucher', { access: true, roles: ['CollectionAdmin'] })] })
            ]
        })
    );

    it('institution %/% passes /admin/user/password; a Collection Admin role %/% does not', () => {
        const admin = decide(engine, { user: 'admin', collection: 'FishVoucher', resource: '/admin/user/password', action: 'update' });
        expect(admin.allowed).toBe(true);
        expect(admin.level).toBe('institution');
        const cadmin = decide(engine, { user: 'cadmin', collection: 'FishVoucher', resource: '/admin/user/password', action: 'update' });
        expect(cadmin.allowed).toBe(false);
        expect(cadmin.reason).toBe('no-matching-policy');
        expect(cadmin.level).toBe('institution');
        expect(cadmin.matches).toEqual([]);
        expect(cadmin.collectionAccess?.allowed).toBe(true);
        expect(cadmin.notes.some((note) => note.includes('/admin/user/password'))).toBe(true);
    });

    it('a role in collection A grants nothing in collection B', () => {
        const m = museum({
            roles: [role('Everything', ['FishVoucher', 'Herbarium'], { policies: [allow('%', '%')] })],
            users: [user('u', { grants: [grant('FishVoucher', { roles: ['Everything'] }), grant('Herbarium')] })]
        });
        const e = compile(m);
        expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }).allowed).toBe(true);
        const other = decide(e, { user: 'u', collection: 'Herbarium', resource: '/table/agent', action: 'read' });
        expect(other.allowed).toBe(false);
        expect(other.matches).toEqual([]);
        expect(other.reason).toBe('no-collection-access');
    });

    it('institution /table/% read grants read in every collection, but each collection still needs access', () => {
        const e = compile(
            museum({ users: [user('u', { institution: [allow('/table/%', 'read')], grants: [grant('FishTissue', { access: true })] })] })
        );
        for (const collection of collections) {
            const d = decide(e, { user: 'u', collection, resource: '/table/taxon', action: 'read' });
            expect(rowsOf(d.matches)).toEqual(['/table/% read @ u@institution']);
            expect(d.allowed, collection).toBe(collection === 'FishTissue');
            if (collection !== 'FishTissue') expect(d.reason).toBe('no-collection-access');
        }
    });

    it('institution-level /system/sp7/collection access (or %) opens every collection', () => {
        const e = compile(
            museum({
                users: [
                    user('viaAccess', { institution: [allow('/system/sp7/collection', 'access')] }),
                    user('viaPercent', { institution: [allow('%', 'access')] })
                ]
            })
        );
        for (const name of ['viaAccess', 'viaPercent']) {
            for (const collection of collections) {
                const d = decide(e, { user: name, collection, resource: '/system/sp7/collection', action: 'access' });
                expect(d.allowed).toBe(true);
                expect(d.collectionAccess?.matches.map((r) => r.origin.kind)).toEqual(['institution-user']);
            }
        }
    });

    it('/tree/% merge allows /tree/edit/taxon merge; /tree/edit/taxon % allows repair', () => {
        const e = compile(
            museum({
                users: [
                    user('u', {
                        grants: [grant('FishVoucher', { access: true, policies: [allow('/tree/%', 'merge'), allow('/tree/edit/taxon', '%')] })]
                    })
                ]
            })
        );
        const q = (resource: string, action: string) => decide(e, { user: 'u', collection: 'FishVoucher', resource, action });
        expect(rowsOf(q('/tree/edit/taxon', 'merge').matches)).toEqual([
            '/tree/% merge @ u@FishVoucher',
            '/tree/edit/taxon % @ u@FishVoucher'
        ]);
        expect(rowsOf(q('/tree/edit/taxon', 'repair').matches)).toEqual(['/tree/edit/taxon % @ u@FishVoucher']);
        expect(q('/tree/edit/geography', 'merge').allowed).toBe(true);
        expect(q('/tree/edit/geography', 'repair').allowed).toBe(false);
    });

    it('resource % with action read allows /table/agent read but not update', () => {
        const e = compile(museum({ users: [user('u', { grants: [grant('Herbarium', { access: true, policies: [allow('%', 'read')] })] })] }));
        expect(decide(e, { user: 'u', collection: 'Herbarium', resource: '/table/agent', action: 'read' }).allowed).toBe(true);
        const update = decide(e, { user: 'u', collection: 'Herbarium', resource: '/table/agent', action: 'update' });
        expect(update.allowed).toBe(false);
        expect(update.reason).toBe('no-matching-policy');
    });

    it('there is no deny: a narrower policy never removes a broader grant', () => {
        const broad = compile(museum({ users: [user('u', { grants: [grant('Herbarium', { access: true, policies: [allow('/table/%', '%')] })] })] }));
        const both = compile(
            museum({
                users: [
                    user('u', {
                        grants: [grant('Herbarium', { access: true, policies: [allow('/table/%', '%'), allow('/table/agent', 'read')] })]
                    })
                ]
            })
        );
        for (const action of ['read', 'create', 'update', 'delete']) {
            const q = { user: 'u', collection: 'Herbarium', resource: '/table/agent', action };
            expect(decide(broad, q).allowed).toBe(true);
            expect(decide(both, q).allowed).toBe(true);
        }
    });
});

describe('§2.1, §2.4 and §3 consequences', () => {
    it('Institution Admin passes every resource and action in every collection and at institution level', () => {
        const e = compile(museum({ users: [user('admin', { admin: true })] }));
        const resources = [...registry.resources.values()].filter((r) => r.actions.length > 0);
        for (const where of [...collections.map((collection) => ({ collection })), { institution: true }]) {
            for (const info of resources) {
                for (const action of info.actions) {
                    const d = decide(e, { user: 'admin', resource: info.resource, action, ...where });
                    expect(d.allowed, `${info.resource} ${action}`).toBe(true);
                    expect(d.matches.map((row) => row.derivation)).toEqual(['institution-admin']);
                }
            }
        }
        expect(decide(e, { user: 'admin', collection: 'Herbarium', resource: '/field/agent/lastname', action: 'update' }).allowed).toBe(true);
        expect(decide(e, { user: 'admin', institution: true, resource: '/anything/at/all', action: 'whatever' }).allowed).toBe(true);
    });

    it('an institution query counts only institution-level user rows', () => {
        const e = compile(
            museum({
                roles: [role('All', ['FishVoucher'], { policies: [allow('%', '%')] })],
                users: [
                    user('u', {
                        institution: [allow('/table/agent', 'read')],
                        grants: [grant('FishVoucher', { access: true, roles: ['All'], policies: [allow('%', '%')] })]
                    })
                ]
            })
        );
        const read = decide(e, { user: 'u', institution: true, resource: '/table/agent', action: 'read' });
        expect(rowsOf(read.matches)).toEqual(['/table/agent read @ u@institution']);
        expect(read.level).toBe('institution');
        expect(read.collectionAccess).toBeUndefined();
        const update = decide(e, { user: 'u', institution: true, resource: '/table/agent', action: 'update' });
        expect(update.allowed).toBe(false);
        for (const mode of ['enforce', 'query'] as const) {
            expect(decide(e, { user: 'u', institution: true, resource: '/permissions/library/roles', action: 'read' }, mode).allowed).toBe(false);
        }
    });

    it('matches list institution rows, then collection rows, then role rows in the order the roles are held', () => {
        const e = compile(
            museum({
                roles: [
                    role('B', ['FishVoucher'], { policies: [allow('/table/%', 'read')] }),
                    role('A', ['FishVoucher'], { policies: [allow('%', '%')] })
                ],
                users: [
                    user('u', {
                        admin: true,
                        grants: [grant('FishVoucher', { access: true, roles: ['A'], policies: [allow('/table/agent', 'read')] }), grant('FishVoucher', { roles: ['B', 'A'] })]
                    })
                ]
            })
        );
        const d = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/agent', action: 'read' });
        expect(rowsOf(d.matches)).toEqual([
            '% % @ u@institution',
            '/table/agent read @ u@FishVoucher',
            '% % @ role A@FishVoucher',
            '/table/% read @ role B@FishVoucher'
        ]);
        const slow = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/Agent', action: 'reaD' });
        expect(rowsOf(slow.matches)).toEqual(rowsOf(d.matches));
    });

    it('a role declared for several collections acts as one role per collection', () => {
        const e = compile(
            museum({
                roles: [role('DataEntry', ['FishVoucher', 'Herbarium'], { policies: [allow('/table/%', 'read', 'create')] })],
                users: [
                    user('both', {
                        grants: [grant('FishVoucher', { access: true, roles: ['DataEntry'] }), grant('Herbarium', { access: true, roles: ['DataEntry'] })]
                    }),
                    user('one', { grants: [grant('FishVoucher', { access: true, roles: ['DataEntry'] }), grant('Herbarium', { access: true })] })
                ]
            })
        );
        for (const collection of ['FishVoucher', 'Herbarium']) {
            const d = decide(e, { user: 'both', collection, resource: '/table/taxon', action: 'create' });
            expect(rowsOf(d.matches)).toEqual([`/table/% create @ role DataEntry@${collection}`]);
        }
        expect(decide(e, { user: 'one', collection: 'FishVoucher', resource: '/table/taxon', action: 'create' }).allowed).toBe(true);
        expect(decide(e, { user: 'one', collection: 'Herbarium', resource: '/table/taxon', action: 'create' }).allowed).toBe(false);
    });

    it('a role not declared for a collection contributes nothing there', () => {
        const e = compile(
            museum({
                roles: [role('FishOnly', ['FishVoucher'], { policies: [allow('%', '%')] })],
                users: [user('u', { grants: [grant('FishTissue', { access: true, roles: ['FishOnly'] })] })]
            })
        );
        const d = decide(e, { user: 'u', collection: 'FishTissue', resource: '/table/agent', action: 'read' });
        expect(d.allowed).toBe(false);
        expect(d.matches).toEqual([]);
    });

    it('library roles are never evaluated', () => {
        const e = compile(
            museum({
                libraryRoles: [libraryRole('Everything', allow('%', '%'))],
                users: [user('u', { grants: [grant('FishVoucher', { access: true, roles: ['Everything'] })] })]
            })
        );
        expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }).allowed).toBe(false);
        expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }, 'query').allowed).toBe(false);
    });

    it('template policies count, with provenance naming the template', () => {
        const e = compile(
            museum({
                libraryRoles: [libraryRole('RunQueries', allow('/querybuilder/query', 'execute', 'export_csv'))],
                roles: [role('Curator', ['FishVoucher'], { from: ['RunQueries'], policies: [allow('/querybuilder/query', '%')] })],
                users: [user('u', { grants: [grant('FishVoucher', { access: true, roles: ['Curator'] })] })]
            })
        );
        const d = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/querybuilder/query', action: 'export_csv' });
        expect(rowsOf(d.matches)).toEqual(['/querybuilder/query export_csv @ role Curator@FishVoucher', '/querybuilder/query % @ role Curator@FishVoucher']);
        expect(d.matches.map((row) => row.template)).toEqual(['RunQueries', undefined]);
    });

    it('/tools/queryBuilder read grants /table/spquery and /table/spqueryfield read, as Specify stores it', () => {
        const e = compile(
            museum({ users: [user('u', { grants: [grant('FishVoucher', { access: true, policies: [allow('/tools/queryBuilder', 'read')] })] })] })
        );
        for (const table of ['/table/spquery', '/table/spqueryfield']) {
            const d = decide(e, { user: 'u', collection: 'FishVoucher', resource: table, action: 'read' });
            expect(rowsOf(d.matches)).toEqual([`${table} read @ u@FishVoucher`]);
            expect(d.matches[0]!.derivation).toBe('tool-expansion');
            expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: table, action: 'update' }).allowed).toBe(false);
        }
        expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/spappresource', action: 'read' }).allowed).toBe(false);
    });

    it('collection access implies /field/% %, so field updates pass', () => {
        const e = compile(museum({ users: [user('u', { grants: [grant('Herbarium', { access: true })] })] }));
        const d = decide(e, { user: 'u', collection: 'Herbarium', resource: '/field/agent/lastname', action: 'update' });
        expect(d.allowed).toBe(true);
        expect(d.matches.map((row) => row.derivation)).toEqual(['field-wildcard']);
        expect(decide(e, { user: 'u', collection: 'Herbarium', resource: '/table/agent', action: 'update' }).allowed).toBe(false);
    });

    it('matching is case-insensitive on both sides', () => {
        const e = compile(
            museum({
                users: [
                    user('u', {
                        grants: [grant('Herbarium', { access: true, policies: [allow('/Table/AGENT', 'Read'), allow('/TOOLS/querybuilder', 'READ')] })]
                    })
                ]
            })
        );
        for (const [resource, action] of [
            ['/table/agent', 'read'],
            ['/TABLE/Agent', 'READ'],
            ['/table/spquery', 'read'],
            ['/Table/SpQueryField', 'rEAD']
        ] as const) {
            expect(decide(e, { user: 'u', collection: 'Herbarium', resource, action }).allowed, `${resource} ${action}`).toBe(true);
        }
    });

    it('_ matches exactly one character, in resources and actions', () => {
        const e = compile(
            museum({
                users: [
                    user('u', {
                        grants: [
                            grant('Herbarium', {
                                access: true,
                                policies: [allow('/table/agen_', 'rea_'), allow('/querybuilder/query', 'export_csv')]
                            })
                        ]
                    })
                ]
            })
        );
        const q = (resource: string, action: string) => decide(e, { user: 'u', collection: 'Herbarium', resource, action }).allowed;
        expect(q('/table/agent', 'read')).toBe(true);
        expect(q('/table/agenx', 'reax')).toBe(true);
        expect(q('/table/agen', 'read')).toBe(false);
        expect(q('/table/agents', 'read')).toBe(false);
        expect(q('/table/agent', 'reads')).toBe(false);
        expect(q('/querybuilder/query', 'exportXcsv')).toBe(true);
        expect(q('/querybuilder/query', 'exportcsv')).toBe(false);
    });

    it('a literal stored action or resource never acts as CASL\'s "manage" or "all"', () => {
        const e = compile(
            museum({ users: [user('u', { grants: [grant('Herbarium', { access: true, policies: [allow('/table/agent', 'manage'), allow('all', 'read')] })] })] })
        );
        const q = (resource: string, action: string) => decide(e, { user: 'u', collection: 'Herbarium', resource, action }).allowed;
        expect(q('/table/agent', 'read')).toBe(false);
        expect(q('/table/agent', 'manage')).toBe(true);
        expect(q('/table/taxon', 'read')).toBe(false);
        expect(q('all', 'read')).toBe(true);
    });

    it("'query' mode counts roles for an institution-only resource; 'enforce' mode checks it at institution level", () => {
        const e = compile(
            museum({
                roles: [role('Librarian', ['FishVoucher'], { policies: [allow('/permissions/library/roles', 'read', 'update')] })],
                users: [user('u', { grants: [grant('FishVoucher', { access: true, roles: ['Librarian'] })] })]
            })
        );
        const query = { user: 'u', collection: 'FishVoucher', resource: '/permissions/library/roles', action: 'read' };
        const raw = decide(e, query, 'query');
        expect(raw.allowed).toBe(true);
        expect(raw.level).toBe('collection');
        expect(raw.collectionAccess).toBeUndefined();
        expect(rowsOf(raw.matches)).toEqual(['/permissions/library/roles read @ role Librarian@FishVoucher']);
        expect(raw.notes.some((note) => note.includes('#1291'))).toBe(true);
        const enforced = decide(e, query);
        expect(enforced.allowed).toBe(false);
        expect(enforced.level).toBe('institution');
        expect(enforced.matches).toEqual([]);
        expect(enforced.reason).toBe('no-matching-policy');
    });

    it('/admin/user/agents is checked per collection, so a role grant counts', () => {
        const e = compile(
            museum({
                roles: [role('Agents', ['FishVoucher'], { policies: [allow('/admin/user/agents', 'update')] })],
                users: [user('u', { grants: [grant('FishVoucher', { access: true, roles: ['Agents'] })] })]
            })
        );
        const d = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/admin/user/agents', action: 'update' });
        expect(d.allowed).toBe(true);
        expect(d.level).toBe('collection');
    });

    it('/permissions/institutional_policies/user is granted exactly by an institution-level /permissions/policies/user', () => {
        const e = compile(
            museum({
                roles: [role('UserAdmin', ['FishVoucher'], { policies: [allow('/permissions/policies/user', 'read', 'update')] })],
                users: [
                    user('inst', { institution: [allow('/permissions/policies/user', 'update')], grants: [grant('FishVoucher', { access: true })] }),
                    user('coll', { grants: [grant('FishVoucher', { access: true, roles: ['UserAdmin'] })] })
                ]
            })
        );
        const derived = { collection: 'FishVoucher', resource: '/permissions/institutional_policies/user' };
        const inst = decide(e, { user: 'inst', action: 'update', ...derived });
        expect(inst.allowed).toBe(true);
        expect(inst.level).toBe('institution');
        expect(rowsOf(inst.matches)).toEqual(['/permissions/policies/user update @ inst@institution']);
        expect(decide(e, { user: 'inst', action: 'read', ...derived }).allowed).toBe(false);
        expect(decide(e, { user: 'inst', institution: true, action: 'update', resource: derived.resource }).allowed).toBe(true);

        expect(decide(e, { user: 'coll', action: 'update', ...derived }).allowed).toBe(false);
        // The policies resource itself is checked in the collection for collection-level user policies.
        expect(decide(e, { user: 'coll', collection: 'FishVoucher', resource: '/permissions/policies/user', action: 'update' }).allowed).toBe(true);
        // The raw query matches the derived name literally; nothing stores it.
        expect(decide(e, { user: 'inst', action: 'update', ...derived }, 'query').allowed).toBe(false);
    });

    it('the collection gate is reported first when both checks fail', () => {
        const e = compile(museum({ users: [user('u')] }));
        const d = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/agent', action: 'read' });
        expect(d.reason).toBe('no-collection-access');
        expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }, 'query').reason).toBe(
            'no-matching-policy'
        );
    });

    it('requests outside the registry are matched exactly as written, with a note', () => {
        const e = compile(
            museum({ users: [user('u', { grants: [grant('FishVoucher', { access: true, policies: [allow('/custom/%', 'do_it'), allow('%', 'edit')] })] })] })
        );
        const custom = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/custom/thing', action: 'do it' });
        expect(custom.allowed).toBe(true);
        expect(custom.notes.some((note) => note.includes('/custom/thing'))).toBe(true);
        // Specify's migration grants /preferences/statistics edit while the UI asks for edit_shared (§10).
        const stats = decide(e, { user: 'u', collection: 'FishVoucher', resource: '/preferences/statistics', action: 'edit' });
        expect(stats.allowed).toBe(true);
        expect(stats.notes).toEqual(['/preferences/statistics has no action edit in Specify 7.']);
        expect(decide(e, { user: 'u', collection: 'FishVoucher', resource: '/preferences/statistics', action: 'edit_shared' }).allowed).toBe(false);
    });
});

describe('/tools/<name> requests (Specify UI hasToolPermission, semantics.md §5.1, §6)', () => {
    const engine = compile(
        museum({
            roles: [
                role('Queries', ['FishVoucher'], { policies: [allow('/table/spquery', 'read'), allow('/table/spqueryfield', 'read')] }),
                role('HalfQueries', ['FishVoucher'], { policies: [allow('/table/spquery', 'read', 'update')] })
            ],
            users: [
                user('both', { grants: [grant('FishVoucher', { access: true, roles: ['Queries'] })] }),
                user('half', { grants: [grant('FishVoucher', { access: true, roles: ['HalfQueries'] })] }),
                user('dsl', { grants: [grant('FishVoucher', { access: true, policies: [allow('/tools/queryBuilder', 'read')] })] }),
                user('noGate', { institution: [allow('/table/%', 'read')] }),
                user('inst', { institution: [allow('/table/sp%', 'read')] })
            ]
        })
    );
    const at = { collection: 'FishVoucher' };

    it('is allowed when every table of the tool allows the action, with the rows table by table', () => {
        const d = decide(engine, { user: 'both', resource: '/tools/queryBuilder', action: 'read', ...at });
        expect(d.allowed).toBe(true);
        expect(d.reason).toBe('granted');
        expect(d.level).toBe('collection');
        expect(rowsOf(d.matches)).toEqual(['/table/spquery read @ role Queries@FishVoucher', '/table/spqueryfield read @ role Queries@FishVoucher']);
        expect(d.collectionAccess?.allowed).toBe(true);
        expect(d.notes).toEqual([
            "Specify's UI grants /tools/queryBuilder read only when every one of its tables (/table/spquery, /table/spqueryfield) allows it."
        ]);
        expect(decide(engine, { user: 'both', resource: '/tools/queryBuilder', action: 'update', ...at }).allowed).toBe(false);
    });

    it('is allowed when /tools/queryBuilder is written in the DSL (stored as its tables)', () => {
        const d = decide(engine, { user: 'dsl', resource: '/tools/queryBuilder', action: 'read', ...at });
        expect(d.allowed).toBe(true);
        expect(rowsOf(d.matches)).toEqual(['/table/spquery read @ dsl@FishVoucher', '/table/spqueryfield read @ dsl@FishVoucher']);
        expect(d.matches.map((row) => row.derivation)).toEqual(['tool-expansion', 'tool-expansion']);
    });

    it('is denied when one table is missing, and the note names it', () => {
        for (const action of ['read', 'update']) {
            const d = decide(engine, { user: 'half', resource: '/tools/queryBuilder', action, ...at });
            expect(d.allowed).toBe(false);
            expect(d.reason).toBe('no-matching-policy');
            expect(rowsOf(d.matches)).toEqual([`/table/spquery ${action} @ role HalfQueries@FishVoucher`]);
            expect(d.notes).toEqual([
                `Specify's UI grants /tools/queryBuilder ${action} only when every one of its tables (/table/spquery, /table/spqueryfield) allows it; /table/spqueryfield does not.`
            ]);
        }
        const none = decide(engine, { user: 'half', resource: '/tools/recordSets', action: 'read', ...at });
        expect(none.matches).toEqual([]);
        expect(none.notes[0]).toMatch(/; \/table\/recordset, \/table\/recordsetitem do not\.$/);
    });

    it("'query' mode matches the tool name literally, as the raw endpoint does", () => {
        for (const name of ['both', 'dsl']) {
            const d = decide(engine, { user: name, resource: '/tools/queryBuilder', action: 'read', ...at }, 'query');
            expect(d.allowed).toBe(false);
            expect(d.matches).toEqual([]);
            expect(d.collectionAccess).toBeUndefined();
        }
        // A pattern that is not a tool name is stored as written, and only the raw query matches it against the tool name.
        const literal = compile(museum({ users: [user('u', { grants: [grant('FishVoucher', { access: true, policies: [allow('/tool_/query%', 'read')] })] })] }));
        const raw = decide(literal, { user: 'u', resource: '/tools/queryBuilder', action: 'read', ...at }, 'query');
        expect(raw.allowed).toBe(true);
        expect(rowsOf(raw.matches)).toEqual(['/tool_/query% read @ u@FishVoucher']);
        const enforced = decide(literal, { user: 'u', resource: '/tools/queryBuilder', action: 'read', ...at });
        expect(enforced.allowed).toBe(false);
        expect(enforced.reason).toBe('no-matching-policy');
        expect(enforced.matches).toEqual([]);
    });

    it('takes the tool name in any case', () => {
        for (const resource of ['/tools/querybuilder', '/TOOLS/QUERYBUILDER', '/Tools/QueryBuilder']) {
            const d = decide(engine, { user: 'both', resource, action: 'READ', ...at });
            expect(d.allowed, resource).toBe(true);
            expect(d.matches).toHaveLength(2);
            expect(d.notes[0]).toContain('/tools/queryBuilder READ');
            expect(decide(engine, { user: 'half', resource, action: 'read', ...at }).allowed, resource).toBe(false);
        }
    });

    it('still needs the collection gate, and at institution level counts only institution rows', () => {
        const d = decide(engine, { user: 'noGate', resource: '/tools/queryBuilder', action: 'read', ...at });
        expect(d.allowed).toBe(false);
        expect(d.reason).toBe('no-collection-access');
        expect(rowsOf(d.matches)).toEqual(['/table/% read @ noGate@institution']);
        expect(d.collectionAccess).toEqual({ allowed: false, matches: [] });
        expect(d.notes[0]).toMatch(/allows it\.$/);

        const inst = decide(engine, { user: 'inst', institution: true, resource: '/tools/auditLog', action: 'read' });
        expect(inst.allowed).toBe(true);
        expect(inst.level).toBe('institution');
        expect(inst.collectionAccess).toBeUndefined();
        expect(rowsOf(inst.matches)).toEqual(['/table/sp% read @ inst@institution']);
        expect(decide(engine, { user: 'both', institution: true, resource: '/tools/queryBuilder', action: 'read' }).allowed).toBe(false);
    });

    it('notes an action the tool does not have', () => {
        const d = decide(engine, { user: 'both', resource: '/tools/queryBuilder', action: 'execute', ...at });
        expect(d.allowed).toBe(false);
        expect(d.notes).toContain('/tools/queryBuilder has no action execute in Specify 7.');
    });
});

describe('questions that cannot be answered', () => {
    const e = compile(museum({ users: [user('jdoe'), user('rmartin'), user('abentley')] }));

    it('names an unknown user, with the closest names', () => {
        expectQueryError(e, (x) => x.decide({ user: 'jdo', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }), 'unknown-user', ['jdoe']);
        expectQueryError(e, (x) => x.decide({ user: 'RMartin', institution: true, resource: '/table/agent', action: 'read' }), 'unknown-user', ['rmartin']);
        expectQueryError(e, (x) => x.abilityFor('nobody-like-this'), 'unknown-user', []);
    });

    it('names an unknown collection, with the closest names', () => {
        expectQueryError(e, (x) => x.decide({ user: 'jdoe', collection: 'FishVouchers', resource: '/table/agent', action: 'read' }), 'unknown-collection', [
            'FishVoucher'
        ]);
        expectQueryError(e, (x) => x.abilityFor('jdoe', 'Herbarum'), 'unknown-collection', ['Herbarium']);
    });

    it('refuses a query that names both or neither of collection and institution', () => {
        expectQueryError(e, (x) => x.decide({ user: 'jdoe', collection: 'FishVoucher', institution: true, resource: '/table/agent', action: 'read' }), 'bad-query');
        expectQueryError(e, (x) => x.decide({ user: 'jdoe', resource: '/table/agent', action: 'read' }), 'bad-query');
        expectQueryError(e, (x) => x.decide({ user: 'jdoe', institution: false, resource: '/table/agent', action: 'read' }), 'bad-query');
    });

    it('refuses an unknown mode', () => {
        expectQueryError(
            e,
            (x) => x.decide({ user: 'jdoe', institution: true, resource: '/table/agent', action: 'read' }, { mode: 'raw' as 'query' }),
            'bad-query'
        );
    });
});
