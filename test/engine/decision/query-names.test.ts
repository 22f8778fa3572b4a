/**
 * The checks every question makes (engine/decision/query-names.ts): a resource or action Specify
 * does not define is refused when the asker wants it refused (who-can by default, decide on
 * request), with the same words and suggestions everywhere; a name the question depends on that
 * the model declares twice is refused with both places, whatever is asked.
 */
import { describe, expect, it } from 'vitest';
import { compile, QueryError } from '../../../engine/decision/index.js';
import { checkRequest } from '../../../engine/decision/query-names.js';
import type { Source, User } from '../../../engine/model/policy-model.js';
import { profile, whoCan } from '../../../engine/profile/index.js';
import { allow, grant, libraryRole, museum, role, user } from './model-builders.js';

function queryError(run: () => unknown): QueryError {
    try {
        run();
    } catch (error) {
        expect(error).toBeInstanceOf(QueryError);
        return error as QueryError;
    }
    throw new Error('expected a QueryError');
}

const at = (file: string, line: number): Source => ({ file, range: { start: { line, character: 5 }, end: { line, character: 9 } } });
const placed = (u: User, file: string, line: number): User => ({ ...u, nameSource: at(file, line) });

const reader = user('reader', { grants: [grant('FishVoucher', { access: true, roles: ['Reader'] })] });
const base = museum({ roles: [role('Reader', ['FishVoucher'], { policies: [allow('/table/%', 'read')] })], users: [reader, user('admin', { admin: true })] });

describe('checkRequest: names Specify defines', () => {
    it('accepts any spelling Specify matches the same way, and returns the registry entry', () => {
        expect(checkRequest('/TABLE/Agent', 'READ').resource).toBe('/table/agent');
        expect(checkRequest('/field/agent/lastname', 'update').field).toBe('lastName');
        expect(checkRequest('/tools/querybuilder', 'read').resource).toBe('/tools/queryBuilder');
    });

    it('refuses an unknown resource, a pattern, a stale entry and an unknown action, with suggestions', () => {
        expect(queryError(() => checkRequest('/table/agnet', 'read'))).toMatchObject({
            code: 'unknown-resource',
            message: '/table/agnet is not a resource Specify 7 defines.',
            suggestions: ['/table/agent']
        });
        expect(queryError(() => checkRequest('/table/%', 'read'))).toMatchObject({ code: 'unknown-resource', suggestions: [] });
        expect(queryError(() => checkRequest('/table/%', 'read')).message).toMatch(/is a pattern/);
        expect(queryError(() => checkRequest('/report/record', 'read')).code).toBe('unknown-resource');
        expect(queryError(() => checkRequest('/table/agent', 'raed'))).toMatchObject({
            code: 'unknown-action',
            message: '/table/agent has no action raed in Specify 7.',
            suggestions: ['read']
        });
    });
});

describe('decide and who-can: unknown names', () => {
    const engine = compile(base);

    it('decide answers any string by default (the raw engine), and refuses on request', () => {
        expect(engine.decide({ user: 'reader', collection: 'FishVoucher', resource: '/table/agent', action: 'raed' }).allowed).toBe(false);
        expect(
            queryError(() => engine.decide({ user: 'reader', collection: 'FishVoucher', resource: '/table/agent', action: 'raed' }, { unknownNames: 'refuse' }))
        ).toMatchObject({ code: 'unknown-action', suggestions: ['read'] });
        // Unknown users are reported before unknown resources, as who-can does.
        expect(queryError(() => engine.decide({ user: 'readr', collection: 'FishVoucher', resource: '/x', action: 'y' }, { unknownNames: 'refuse' })).code).toBe(
            'unknown-user'
        );
    });

    it('who-can refuses by default with the same error, and answers with unknownNames: answer', () => {
        const refused = queryError(() => whoCan(engine, { action: 'raed', resource: '/table/agent', collection: 'FishVoucher' }));
        expect(refused).toMatchObject({ code: 'unknown-action', message: '/table/agent has no action raed in Specify 7.', suggestions: ['read'] });
        // Only the Institution Admin's `%` `%` matches a name no policy writes.
        const answer = whoCan(engine, { action: 'fly', resource: '/newer/thing', collection: 'FishVoucher' }, { unknownNames: 'answer' });
        expect(answer.allowed.map((e) => e.user)).toEqual(['admin']);
        expect(answer).toMatchObject({ resource: '/newer/thing', level: 'collection' });
        expect(answer.allowed[0]!.decision.notes[0]).toMatch(/is not a resource Specify 7 defines/);
        const typo = whoCan(engine, { action: 'raed', resource: '/table/agent', institution: true }, { unknownNames: 'answer' });
        expect(typo).toMatchObject({ resource: '/table/agent', level: 'institution' });
    });
});

describe('a name declared twice that the question depends on', () => {
    it('a user: refused by decide, profile and who-can, with both places', () => {
        const engine = compile({ ...base, users: [placed(reader, 'a.spol', 5), user('admin', { admin: true }), placed(user('reader'), 'b.spol', 0)] });
        for (const ask of [
            () => engine.decide({ user: 'reader', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }),
            () => engine.decide({ user: 'reader', institution: true, resource: '/table/agent', action: 'read' }),
            () => profile(engine, { user: 'reader', institution: true }),
            () => whoCan(engine, { action: 'read', resource: '/table/agent', institution: true })
        ]) {
            const error = queryError(ask);
            expect(error.code).toBe('ambiguous-name');
            expect(error.message).toBe('User reader is declared twice; a question about it has no single answer.');
            expect(error.places.map((s) => `${s.file}:${s.range.start.line}`)).toEqual(['a.spol:5', 'b.spol:0']);
        }
        expect(engine.decide({ user: 'admin', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }).allowed).toBe(true);
    });

    it('a collection asked in', () => {
        const model = museum({ users: [user('admin', { admin: true })] });
        const twice = { ...model, institutions: [model.institutions[0]!, { name: 'Other', divisions: [{ name: 'D', disciplines: [{ name: 'F', division: 'D', collections: [{ name: 'FishVoucher', division: 'D', discipline: 'F' }] }] }] }] };
        const engine = compile(twice);
        expect(queryError(() => engine.decide({ user: 'admin', collection: 'FishVoucher', resource: '/table/agent', action: 'read' })).code).toBe('ambiguous-name');
        expect(engine.decide({ user: 'admin', collection: 'FishTissue', resource: '/table/agent', action: 'read' }).allowed).toBe(true);
    });

    it('a role the user holds in the collection asked, or a library role it copies; not one the question does not involve', () => {
        const roles = [
            role('Reader', ['FishVoucher'], { from: ['Templ'] }),
            role('Reader', ['FishTissue']),
            role('Writer', ['FishTissue'], { from: ['Dup'] })
        ];
        const users = [
            user('reader', { grants: [grant('FishVoucher', { access: true, roles: ['Reader'] })] }),
            user('writer', { grants: [grant('FishTissue', { access: true, roles: ['Writer'] }), grant('FishVoucher', { access: true })] })
        ];
        const engine = compile(museum({ roles, users, libraryRoles: [libraryRole('Templ'), libraryRole('Dup'), libraryRole('Dup')] }));
        const held = queryError(() => engine.decide({ user: 'reader', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }));
        expect(held).toMatchObject({ code: 'ambiguous-name', message: 'Role Reader is declared twice; a question about it has no single answer.' });
        expect(engine.decide({ user: 'reader', institution: true, resource: '/table/agent', action: 'read' }).allowed).toBe(false);
        const template = queryError(() => engine.decide({ user: 'writer', collection: 'FishTissue', resource: '/table/agent', action: 'read' }));
        expect(template.message).toBe('Library role Dup is declared twice; a question about it has no single answer.');
        expect(engine.decide({ user: 'writer', collection: 'FishVoucher', resource: '/table/agent', action: 'read' }).allowed).toBe(false);
    });
});
