/**
 * Small builders for PolicyModel objects in tests: plain data, no sources, names as references.
 */
import type {
    CollectionGrant,
    Division,
    Institution,
    LibraryRole,
    Policy,
    PolicyModel,
    Role,
    User
} from '../../../engine/model/policy-model.js';

/** `allow(resource, ...actions)`: one policy. */
export function allow(resource: string, ...actions: string[]): Policy {
    return { resource, actions: actions.map((name) => ({ name })) };
}

/** An institution from `{ division: { discipline: [collections] } }`. */
export function institution(name: string, divisions: Record<string, Record<string, string[]>>): Institution {
    const list: Division[] = Object.entries(divisions).map(([division, disciplines]) => ({
        name: division,
        disciplines: Object.entries(disciplines).map(([discipline, collections]) => ({
            name: discipline,
            division,
            collections: collections.map((collection) => ({ name: collection, division, discipline }))
        }))
    }));
    return { name, divisions: list };
}

export function libraryRole(name: string, ...policies: Policy[]): LibraryRole {
    return { name, policies };
}

/** `without /field/%` as a model holds it. */
const WITHOUT_FIELD = { resource: '/field/%' } as const;

export function role(name: string, collections: string[], options: { from?: string[]; policies?: Policy[]; withoutField?: boolean } = {}): Role {
    return {
        name,
        collections: collections.map((c) => ({ name: c })),
        templates: (options.from ?? []).map((t) => ({ name: t })),
        policies: options.policies ?? [],
        ...(options.withoutField ? { without: WITHOUT_FIELD } : {})
    };
}

export function grant(collection: string, options: { access?: boolean; roles?: string[]; policies?: Policy[]; withoutField?: boolean } = {}): CollectionGrant {
    return {
        collection: { name: collection },
        ...(options.access ? { access: {} } : {}),
        roles: (options.roles ?? []).map((r) => ({ name: r })),
        policies: options.policies ?? [],
        ...(options.withoutField ? { without: WITHOUT_FIELD } : {})
    };
}

export function user(
    name: string,
    options: { admin?: boolean; institution?: Policy[]; grants?: CollectionGrant[] } = {}
): User {
    return {
        name,
        agents: [],
        ...(options.admin ? { institutionAdmin: {} } : {}),
        institutionPolicies: options.institution ?? [],
        collections: options.grants ?? []
    };
}

export function model(parts: Partial<PolicyModel>): PolicyModel {
    return {
        institutions: parts.institutions ?? [],
        libraryRoles: parts.libraryRoles ?? [],
        roles: parts.roles ?? [],
        users: parts.users ?? []
    };
}

/** Two divisions, three collections: Fish (FishVoucher, FishTissue) and Plants (Herbarium). */
export function museum(parts: Partial<Omit<PolicyModel, 'institutions'>>): PolicyModel {
    return model({
        institutions: [
            institution('KU', {
                Ichthyology: { Fish: ['FishVoucher', 'FishTissue'] },
                Botany: { Plants: ['Herbarium'] }
            })
        ],
        ...parts
    });
}
