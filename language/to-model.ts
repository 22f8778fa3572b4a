/**
 * AST → PolicyModel. The engine never sees an AST (DESIGN.md §1): every document of the workspace
 * is turned into plain data here, each element keeping its file (the document URI) and range so
 * that lint results and decision provenance point back to the text.
 *
 * References become names. The name is always the text written (`$refText`), resolved or not:
 * linking errors are the language's to report, and the engine skips names that match nothing.
 */
import type { AstNode, CstNode, LangiumDocument, Reference } from 'langium';
import { GrammarUtils } from 'langium';
import type * as model from '../engine/model/policy-model.js';
import * as ast from './generated/ast.js';

/** The model of a whole workspace: documents in URI order, so the result does not depend on load order. */
export function documentsToModel(documents: Iterable<LangiumDocument>): model.PolicyModel {
    const sorted = [...documents].sort((a, b) => compareStrings(a.uri.toString(), b.uri.toString()));
    const institutions: model.Institution[] = [];
    const libraryRoles: model.LibraryRole[] = [];
    const roles: model.Role[] = [];
    const users: model.User[] = [];
    for (const document of sorted) {
        const root = document.parseResult?.value;
        // A document announced by the builder but not parsed yet has a placeholder root.
        if (!ast.isDocument(root)) continue;
        const file = document.uri.toString();
        for (const element of root.elements) {
            if (ast.isInstitution(element)) institutions.push(institution(element, file));
            else if (ast.isLibraryRole(element)) libraryRoles.push(libraryRole(element, file));
            else if (ast.isRole(element)) roles.push(role(element, file));
            else if (ast.isUser(element)) users.push(user(element, file));
        }
    }
    return { institutions, libraryRoles, roles, users };
}

function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- sources

function sourceOf(cst: CstNode | undefined, file: string): model.Source | undefined {
    if (!cst) return undefined;
    const { start, end } = cst.range;
    return {
        file,
        range: {
            start: { line: start.line, character: start.character },
            end: { line: end.line, character: end.character }
        }
    };
}

/** `{ source }` when the node has text, `{}` otherwise (nodes built by hand have none). */
function at(node: AstNode, file: string): { source?: model.Source } {
    const source = sourceOf(node.$cstNode, file);
    return source ? { source } : {};
}

function named(node: AstNode & { name: string }, file: string): { name: string; source?: model.Source; nameSource?: model.Source } {
    const nameSource = sourceOf(GrammarUtils.findNodeForProperty(node.$cstNode, 'name'), file);
    return { name: node.name, ...at(node, file), ...(nameSource ? { nameSource } : {}) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function ref(reference: Reference, file: string): model.Ref {
    const source = sourceOf(reference.$refNode, file);
    return { name: reference.$refText, ...(source ? { source } : {}) };
}

// ---------------------------------------------------------------- institution tree

function institution(node: ast.Institution, file: string): model.Institution {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        divisions: node.divisions.map((d) => division(d, file))
    };
}

function division(node: ast.Division, file: string): model.Division {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        disciplines: node.disciplines.map((d) => discipline(d, node.name, file))
    };
}

function discipline(node: ast.Discipline, divisionName: string, file: string): model.Discipline {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('type', node.type),
        division: divisionName,
        collections: node.collections.map((c) => collection(c, divisionName, node.name, file))
    };
}

function collection(node: ast.Collection, divisionName: string, disciplineName: string, file: string): model.Collection {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('code', node.code),
        division: divisionName,
        discipline: disciplineName
    };
}

// ---------------------------------------------------------------- roles and policies

function policy(node: ast.Policy, file: string): model.Policy {
    const actionNodes = GrammarUtils.findNodesForProperty(node.$cstNode, 'actions');
    const resourceSource = sourceOf(GrammarUtils.findNodeForProperty(node.$cstNode, 'resource'), file);
    return {
        resource: node.resource ?? '',
        actions: node.actions.map((name, index) => {
            const source = sourceOf(actionNodes[index], file);
            return { name, ...(source ? { source } : {}) };
        }),
        ...at(node, file),
        ...(resourceSource ? { resourceSource } : {})
    };
}

function libraryRole(node: ast.LibraryRole, file: string): model.LibraryRole {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('description', node.description),
        policies: node.policies.map((p) => policy(p, file))
    };
}

function role(node: ast.Role, file: string): model.Role {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        ...optional('description', node.description),
        collections: node.collections.map((r) => ref(r, file)),
        templates: node.templates.map((r) => ref(r, file)),
        policies: node.policies.map((p) => policy(p, file))
    };
}

// ---------------------------------------------------------------- users

function user(node: ast.User, file: string): model.User {
    return {
        ...named(node, file),
        ...optional('title', node.title),
        agents: node.agents.map((agent) => ({ name: agent.name, division: ref(agent.division, file), ...at(agent, file) })),
        ...(node.institutionAdmin ? { institutionAdmin: at(node.institutionAdmin, file) } : {}),
        institutionPolicies: node.institutionPolicies.flatMap((block) => block.policies.map((p) => policy(p, file))),
        // `in A, B { … }` grants the same to each collection: one model grant per collection named.
        collections: node.collections.flatMap((grant) => {
            const policies = grant.policies.map((p) => policy(p, file));
            const roles = grant.roles.map((r) => ref(r, file));
            return grant.collections.map((c) => ({
                collection: ref(c, file),
                ...(grant.access ? { access: at(grant.access, file) } : {}),
                roles,
                policies,
                ...at(grant, file)
            }));
        }),
        ...(node.specify6 ? { specify6: specify6(node.specify6, file) } : {})
    };
}

function specify6(node: ast.Specify6Settings, file: string): model.Specify6Settings {
    return {
        admin: node.admin,
        ...optional('group', node.group),
        collections: node.collections.map((r) => ref(r, file)),
        ...at(node, file)
    };
}
