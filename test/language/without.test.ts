/**
 * `without /field/%`: parsed into the model with its places, honoured by the stored rows, printed
 * back as the formatter lays it out, and round-tripped from a REST body through print → parse →
 * REST export with the same rows.
 */
import type { LangiumDocument } from 'langium';
import { clearDocuments, expectHover, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { collectionRoleBodies, libraryRoleBodies } from '../../engine/interchange/rest-shapes.js';
import { importRoles } from '../../engine/interchange/import/import-roles.js';
import { readRoles } from '../../engine/interchange/import/read-roles.js';
import type { PolicyModel } from '../../engine/model/policy-model.js';
import { ModelIndex } from '../../engine/model/stored.js';
import { printModel, printRoles } from '../../language/print-model.js';
import { documentsToModel } from '../../language/to-model.js';
import { createTestServices, formatWith, syntaxErrors } from './spol-test-kit.js';

const services = createTestServices(() => []);
const parse = parseHelper(services.Spol);
const hover = expectHover(services.Spol);

afterEach(() => clearDocuments(services.shared));

const INSTITUTION = `institution I {
    division D {
        discipline F type fish {
            collection C
        }
    }
}
`;

async function modelOf(text: string): Promise<{ document: LangiumDocument; model: PolicyModel }> {
    const document = await parse(text);
    return { document, model: documentsToModel([document]) };
}

const format = formatWith(services);

const TEXT = `${INSTITUTION}
library role L {
    allow /system/sp7/collection: access
    without /field/%
}

role R in C {
    allow /system/sp7/collection: access
    allow /table/agent: read
    without /field/%
}

role Plain in C {
    allow /system/sp7/collection: access
}

user u {
    agent "U" in D
    in C {
        access
        roles R
        without /field/%
    }
}
`;

describe('without /field/%', () => {
    it('parses in a library role, a role and a collection block, with the place of its resource', async () => {
        const { document, model } = await modelOf(TEXT);
        expect(syntaxErrors(document)).toEqual([]);
        expect(model.libraryRoles[0]!.without?.resource).toBe('/field/%');
        expect(model.roles[0]!.without).toMatchObject({ resource: '/field/%', resourceSource: { range: { start: { line: 16, character: 12 }, end: { line: 16, character: 20 } } } });
        expect(model.roles[1]!.without).toBeUndefined();
        expect(model.users[0]!.collections[0]!.without?.resource).toBe('/field/%');
    });

    it('leaves /field/% % out of the stored rows of its block, and only there', async () => {
        const { model } = await modelOf(TEXT);
        const index = new ModelIndex(model);
        const field = (rows: readonly { resource: string }[]) => rows.filter((row) => row.resource === '/field/%').length;
        expect(field(index.libraryRoleRows(model.libraryRoles[0]!))).toBe(0);
        expect(field(index.roleRows(model.roles[0]!, 'C'))).toBe(0);
        expect(field(index.roleRows(model.roles[1]!, 'C'))).toBe(1);
        expect(field(index.collectionUserRows(model.users[0]!, 'C'))).toBe(0);
    });

    it('may stand among the policies of its block; the printer puts it last', async () => {
        const { document, model } = await modelOf('role R in C {\n    without /field/%\n    allow /table/%: read\n}\n');
        expect(syntaxErrors(document)).toEqual([]);
        expect(model.roles[0]!.without?.resource).toBe('/field/%');
        const printed = printRoles(model.roles);
        expect(printed.ok && printed.text).toBe('role R in C {\n    allow /table/%: read\n    without /field/%\n}\n');
    });

    it('prints as the last line of its block, in the formatter\'s layout', async () => {
        const { model } = await modelOf(TEXT);
        const result = printModel(model);
        if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' '));
        expect(result.text).toBe(TEXT);
        const { document } = await modelOf('role R in C {allow /system/sp7/collection: access\n without    /field/% }');
        expect(await format(document)).toBe('role R in C {\n    allow /system/sp7/collection: access\n    without /field/%\n}\n');
    });

    it('carries a REST role without /field/% through print and parse to the same REST rows', async () => {
        const body = { name: 'Entry', description: '', policies: { '/system/sp7/collection': ['access'], '/table/agent': ['read', 'update'] } };
        const read = readRoles(JSON.stringify([body]));
        if (!read.ok) throw new Error(JSON.stringify(read.errors));
        const imported = importRoles(read.roles, { target: { collection: 'C' } });
        const printed = printRoles(imported.model.roles);
        if (!printed.ok) throw new Error(printed.problems.map((p) => p.message).join(' '));
        expect(printed.text).toContain('    without /field/%\n');
        const { document, model } = await modelOf(`${INSTITUTION}\n${printed.text}`);
        expect(syntaxErrors(document)).toEqual([]);
        expect(collectionRoleBodies(model, 'C').roles).toEqual([body]);

        const library = readRoles(JSON.stringify([body]), { target: 'library' });
        if (!library.ok) throw new Error(JSON.stringify(library.errors));
        const libraryText = printModel(importRoles(library.roles, { target: { library: true } }).model);
        if (!libraryText.ok) throw new Error('not printable');
        const back = await modelOf(libraryText.text);
        expect(libraryRoleBodies(back.model)).toEqual([body]);
    });

    it('says on hover what it leaves out', async () => {
        await hover({ text: 'role R in C {\n    allow /system/sp7/collection: access\n    with<|>out /field/%\n}', index: 0, hover: /stores no `\/field\/%` `%` beside its collection access/, disposeAfterCheck: true });
    });
});
