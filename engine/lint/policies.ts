/**
 * Every policy as written, with the place it was written in. A policy written once in
 * `in A, B { ... }` may reach the model once per collection; it is listed once here.
 */
import type { CollectionGrant, LibraryRole, Policy, PolicyModel, Role, User } from '../model/policy-model.js';
import { sourceKey } from './source.js';

export type PolicyPlace =
    | { readonly kind: 'library-role'; readonly role: LibraryRole }
    | { readonly kind: 'role'; readonly role: Role }
    | { readonly kind: 'institution'; readonly user: User }
    | { readonly kind: 'collection'; readonly user: User; readonly grant: CollectionGrant };

export interface PlacedPolicy {
    readonly policy: Policy;
    readonly place: PolicyPlace;
}

/** policyKey by policy: a model's policies are immutable, and several rules ask for each key. */
const keys = new WeakMap<Policy, string>();

/** Identity of a written policy: its source when it has one, else the object itself. */
export function policyKey(policy: Policy): unknown {
    if (!policy.source) return policy;
    let key = keys.get(policy);
    if (key === undefined) {
        key = `${sourceKey(policy.source)}\u0000${policy.resource}`;
        keys.set(policy, key);
    }
    return key;
}

/** writtenPolicies by model: the model is immutable, and six rules of one lint run read the list. */
const written = new WeakMap<PolicyModel, readonly PlacedPolicy[]>();

/** All written policies, each once, in model order: library roles, roles, then users. */
export function writtenPolicies(model: PolicyModel): readonly PlacedPolicy[] {
    let list = written.get(model);
    if (!list) {
        list = Object.freeze(collectWritten(model));
        written.set(model, list);
    }
    return list;
}

function collectWritten(model: PolicyModel): PlacedPolicy[] {
    const out: PlacedPolicy[] = [];
    const seen = new Set<unknown>();
    const add = (policy: Policy, place: PolicyPlace): void => {
        const key = policyKey(policy);
        if (seen.has(key)) return;
        seen.add(key);
        out.push({ policy, place });
    };
    for (const role of model.libraryRoles) for (const policy of role.policies) add(policy, { kind: 'library-role', role });
    for (const role of model.roles) for (const policy of role.policies) add(policy, { kind: 'role', role });
    for (const user of model.users) {
        for (const policy of user.institutionPolicies) add(policy, { kind: 'institution', user });
        for (const grant of user.collections) for (const policy of grant.policies) add(policy, { kind: 'collection', user, grant });
    }
    return out;
}

/** "role DataEntry", "library role RunQueries", "jdoe's institution policies", "jdoe's policies in FishVoucher". */
export function describePlace(place: PolicyPlace): string {
    switch (place.kind) {
        case 'library-role':
            return `library role ${place.role.name}`;
        case 'role':
            return `role ${place.role.name}`;
        case 'institution':
            return `${place.user.name}'s institution policies`;
        case 'collection':
            return `${place.user.name}'s policies in ${place.grant.collection.name}`;
    }
}

/** "/table/%: read, update" as written. */
export function describePolicy(policy: Policy): string {
    return policy.actions.length ? `${policy.resource}: ${policy.actions.map((a) => a.name).join(', ')}` : policy.resource;
}
