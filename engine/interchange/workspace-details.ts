/**
 * What a workspace needs that Specify's permission bodies and the numbering leave out: the whole
 * institution tree (institution name, discipline titles and types, collection codes, a discipline or
 * division with nothing below it) and each user's agents and Specify 6 settings. `export --all`
 * writes it into manifest.json as `workspace`, beside the numbering, so that `import --all` can give
 * back the workspace the export came from. A manifest without it (spol before this key) still reads:
 * the tree then comes from the numbering alone, and users have no agents.
 */
import type { Institution, User } from '../model/policy-model.js';
import type { ModelNumbering } from './numbering.js';

/** A name and, when the element has one, its title. */
interface Named {
    readonly name: string;
    readonly title?: string;
}

export interface CollectionJson extends Named {
    readonly code?: string;
}

export interface DisciplineJson extends Named {
    readonly type?: string;
    readonly collections: readonly CollectionJson[];
}

export interface DivisionJson extends Named {
    readonly disciplines: readonly DisciplineJson[];
}

export interface InstitutionJson extends Named {
    readonly divisions: readonly DivisionJson[];
}

export interface UserDetailsJson {
    /** The user's id in the numbering. */
    readonly id: number;
    readonly agents: ReadonlyArray<{ readonly name: string; readonly division: string }>;
    readonly specify6?: { readonly admin: boolean; readonly group?: string; readonly collections: readonly string[] };
}

export interface WorkspaceDetailsJson {
    /** Every institution, in declaration order: walking it numbers divisions and collections as the numbering does. */
    readonly institutions: readonly InstitutionJson[];
    /** One entry per numbered user, ascending id. */
    readonly users: readonly UserDetailsJson[];
}

function named(element: Named): Named {
    return element.title === undefined ? { name: element.name } : { name: element.name, title: element.title };
}

function institutionJson(institution: Institution): InstitutionJson {
    return {
        ...named(institution),
        divisions: institution.divisions.map((division) => ({
            ...named(division),
            disciplines: division.disciplines.map((discipline) => ({
                ...named(discipline),
                ...(discipline.type !== undefined ? { type: discipline.type } : {}),
                collections: discipline.collections.map((collection) => ({
                    ...named(collection),
                    ...(collection.code !== undefined ? { code: collection.code } : {})
                }))
            }))
        }))
    };
}

function userJson(id: number, user: User): UserDetailsJson {
    const six = user.specify6;
    return {
        id,
        agents: user.agents.map((agent) => ({ name: agent.name, division: agent.division.name })),
        ...(six
            ? {
                  specify6: {
                      admin: six.admin,
                      ...(six.group !== undefined ? { group: six.group } : {}),
                      collections: six.collections.map((ref) => ref.name)
                  }
              }
            : {})
    };
}

/** The details of a numbered model, for the manifest. */
export function workspaceDetails(institutions: readonly Institution[], numbering: ModelNumbering): WorkspaceDetailsJson {
    return {
        institutions: institutions.map(institutionJson),
        users: numbering.users.map(({ id, user }) => userJson(id, user))
    };
}
