/**
 * Hover: what Specify makes of a resource or an action, and what a user or role grants, read from
 * the registry and from the workspace's PolicyModel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearDocuments, expectHover, parseHelper } from 'langium/test';
import { registry } from '../../engine/registry/registry.js';
import { createTestServices } from './spol-test-kit.js';

const services = createTestServices(() => []);
const hover = expectHover(services.Spol);
const parse = parseHelper(services.Spol);

afterEach(() => clearDocuments(services.shared));

const WORKSPACE = `institution KU {
    division Ichthyology "Division of Ichthyology" {
        discipline Fish "Fishes" type fish {
            collection FishVoucher "KUI Fish Voucher" code "KUI"
            collection FishTissue
        }
    }
}
/** Templates for querying. */
library role RunQueries "Run Queries" {
    description "Query and export"
    allow /querybuilder/query: execute, export_csv
    allow /table/%: read
}
role DataEntry "Data Entry" in FishVoucher, FishTissue {
    description "Catalogue specimens"
    from library RunQueries
    allow /workbench/dataset: create, %
}
user rmartin "Robert Martin" {
    agent "Martin, Robert" in Ichthyology
    in FishVoucher { access  roles DataEntry  allow /report: execute }
    in FishTissue { roles DataEntry }
}
user abentley { institution admin  institution { allow /export/feed: force_update } }
user nobody {}
user sroot { institution { allow %: % } }
user snear { institution { allow %%: %  allow %: read } }
`;

/** The hover text at the first occurrence of `marker` (the cursor goes where `|` is). */
async function hoverAt(marker: string): Promise<string | undefined> {
    const document = await parse(WORKSPACE);
    const offset = WORKSPACE.indexOf(marker.replace('|', '')) + marker.indexOf('|');
    const result = await services.Spol.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() },
        position: document.textDocument.positionAt(offset)
    });
    await clearDocuments(services.shared, [document]);
    return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : undefined;
}

describe('resources and actions', () => {
    it('describes a resource: description, actions, where Specify checks it', async () => {
        const info = registry.lookup('/querybuilder/query')!;
        const text = await hoverAt('/querybuil|der/query');
        expect(text).toContain('**`/querybuilder/query`** · operation');
        expect(text).toContain(info.description);
        expect(text).toContain('Actions: `execute`, `export_csv`, `export_kml`, `export_to_web_portal`, `create_recordset`');
        expect(text).toContain('Specify checks it per collection');
        expect(text).toContain(`Enforced at: ${info.enforcedAt}`);
    });

    it('says where an institution-level resource is checked', async () => {
        const text = await hoverAt('/export/f|eed');
        expect(text).toContain('Specify checks it at institution level: only the user’s institution-level policies count.');
        expect(text).toContain('Specify’s UI offers it only as an institution-level user policy.');
    });

    it('counts what a pattern matches and where those are checked', async () => {
        const tables = registry.concreteResources().filter((r) => r.startsWith('/table/')).length;
        const text = await hoverAt('/table/|%');
        expect(text).toContain('**`/table/%`** · pattern');
        expect(text).toContain(`Matches ${tables} of Specify’s ${registry.concreteResources().length} resources: \`/table/`);
        expect(text).toContain(`Checked by Specify: ${tables} per collection.`);
    });

    it('describes an action of the resource', async () => {
        const text = await hoverAt('exec|ute, export_csv');
        expect(text).toBe(`**\`execute\`** on \`/querybuilder/query\`\n\n${registry.lookup('/querybuilder/query')!.actionDescriptions['execute']}`);
    });

    it('treats a name with `_` that is an action as that action, not a pattern', async () => {
        const text = await hoverAt('export_|csv');
        expect(text).toContain(`**\`export_csv\`** on \`/querybuilder/query\``);
    });

    it('lists the actions an action pattern covers', async () => {
        const text = await hoverAt('create, |%');
        expect(text).toBe(`**\`%\`** on \`/workbench/dataset\` · pattern\n\nCovers ${registry.actionsOf('/workbench/dataset').map((a) => `\`${a}\``).join(', ')}.`);
    });

    it('says how many resources of a pattern have an action', async () => {
        const text = await hoverAt('/table/%: r|ead');
        expect(text).toMatch(/^\*\*`read`\*\* on `\/table\/%`\n\nApplies to (\d+) of the \1 resources the pattern matches\.$/);
    });

    it('says when a resource or action is unknown', async () => {
        await hover({ text: 'role R in C { allow /table/nos<|>uch: read }', index: 0, hover: /Not a resource Specify knows\./, disposeAfterCheck: true });
        await hover({ text: 'role R in C { allow /report: pri<|>nt }', index: 0, hover: /Not an action of `\/report`, whose actions are `execute`/, disposeAfterCheck: true });
    });
});

describe('users and roles', () => {
    it('shows what a user grants, at the declaration', async () => {
        expect(await hoverAt('user rmar|tin')).toBe(
            [
                '**user rmartin** “Robert Martin” · Specify user name `rmartin`',
                '',
                '- agent “Martin, Robert” in Ichthyology',
                '- in FishVoucher: access; roles DataEntry; 1 own policy',
                '- in FishTissue: no access; roles DataEntry'
            ].join('\n')
        );
    });

    it('shows Institution Admin and institution-level policies', async () => {
        expect(await hoverAt('user abent|ley')).toBe(
            [
                '**user abentley** · Specify user name `abentley`',
                '',
                '- Institution Admin (institution-level `%`: `%`)',
                '- 1 institution-level policy'
            ].join('\n')
        );
        expect(await hoverAt('user nob|ody')).toBe('**user nobody** · Specify user name `nobody`\n\nGrants nothing.');
    });

    it('shows Institution Admin for a user whose institution rows hold %: %, however it is written', async () => {
        expect(await hoverAt('user sro|ot')).toBe(
            ['**user sroot** · Specify user name `sroot`', '', '- Institution Admin (institution-level `%`: `%`)', '- 1 institution-level policy'].join('\n')
        );
        expect(await hoverAt('user snea|r')).toBe(['**user snear** · Specify user name `snear`', '', '- 2 institution-level policies'].join('\n'));
    });

    it('shows a role, at the declaration and at a reference, with its Specify name and holders', async () => {
        const expected = [
            '**role DataEntry** · Specify role name “Data Entry”',
            '',
            'Catalogue specimens',
            '',
            '- in FishVoucher, FishTissue (one Specify role per collection)',
            '- from library RunQueries',
            '- 1 own policy; 5 stored policy rows per collection',
            '- held by rmartin (FishVoucher), rmartin (FishTissue)'
        ].join('\n');
        expect(await hoverAt('role DataE|ntry')).toBe(expected);
        expect(await hoverAt('roles DataE|ntry  allow')).toBe(expected);
    });

    it('shows a library role with its documentation comment', async () => {
        expect(await hoverAt('library role RunQ|ueries')).toBe(
            [
                '**library role RunQueries** · Specify library role name “Run Queries”',
                '',
                'Query and export',
                '',
                '- 2 policies; a template: Specify never evaluates it',
                '- copied into DataEntry',
                '',
                '---',
                '',
                'Templates for querying.'
            ].join('\n')
        );
    });

    it('shows, on a template in `from library`, the policies it copies into the role', async () => {
        expect(await hoverAt('from library RunQ|ueries')).toBe(
            [
                '**library role RunQueries** · copies 2 policies into role DataEntry',
                '',
                '```spol',
                'allow /querybuilder/query: execute, export_csv',
                'allow /table/%: read',
                '```',
                '',
                '---',
                '',
                'Templates for querying.'
            ].join('\n')
        );
    });

    it('shows each template of a list, and one without policies or documentation', async () => {
        const text = 'library role A { allow /report: execute }\nlibrary role Empty {}\nrole R in C { from library A, Empty }\n';
        const at = async (marker: string) => {
            const document = await parse(text);
            const offset = text.indexOf(marker.replace('|', '')) + marker.indexOf('|');
            const result = await services.Spol.lsp.HoverProvider!.getHoverContent(document, {
                textDocument: { uri: document.uri.toString() },
                position: document.textDocument.positionAt(offset)
            });
            await clearDocuments(services.shared, [document]);
            return result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : undefined;
        };
        expect(await at('library |A, Empty')).toBe('**library role A** · copies 1 policy into role R\n\n```spol\nallow /report: execute\n```');
        expect(await at('A, Emp|ty }')).toBe('**library role Empty** · copies 0 policies into role R');
    });

    it('places a collection and a division in the institution', async () => {
        expect(await hoverAt('in FishVouc|her {')).toBe(
            [
                '**collection FishVoucher** “KUI Fish Voucher” code “KUI”',
                '',
                '- discipline Fish, division Ichthyology',
                '- 1 user with access',
                '- roles DataEntry'
            ].join('\n')
        );
        expect(await hoverAt('in Ichth|yology')).toBe('**division Ichthyology** “Division of Ichthyology”: 1 discipline; 1 user with an agent here.');
        expect(await hoverAt('discipline Fi|sh')).toBe('**discipline Fish** “Fishes” (type `fish`) in division Ichthyology: 2 collections.');
    });

    it('shows nothing on keywords and punctuation', async () => {
        expect(await hoverAt('ro|le DataEntry')).toBeUndefined();
        expect(await hoverAt('{| access')).toBeUndefined();
    });
});
