/**
 * Small PolicyModel builders for lint tests. Every element gets sources: the ones a test names
 * explicitly (`at`, `nameAt`, `resourceAt`, …) and, where none is named, an automatic one on a line
 * of its own (from line 1000 on), so that a rule picking a less precise place than the test expects
 * shows up as a different range.
 */
import type {
    Agent,
    Collection,
    CollectionGrant,
    Discipline,
    Division,
    Institution,
    LibraryRole,
    Policy,
    PolicyAction,
    PolicyModel,
    Ref,
    Role,
    Source,
    Specify6Settings,
    User
} from '../../../engine/model/policy-model.js';

export const FILE = 'file:///workspace/test.spol';

/** A source on one line, characters [start, end). */
export function at(line: number, start: number, end = start + 1, file = FILE): Source {
    return { file, range: { start: { line, character: start }, end: { line, character: end } } };
}

let autoLine = 1000;
function auto(): Source {
    return at(autoLine++, 0, 10);
}

type RefLike = string | Ref;

export function ref(name: string, source?: Source): Ref {
    return { name, source: source ?? auto() };
}

function toRef(value: RefLike): Ref {
    return typeof value === 'string' ? ref(value) : value;
}

export function action(name: string, source?: Source): PolicyAction {
    return { name, source: source ?? auto() };
}

export interface PolicyOptions {
    readonly at?: Source;
    readonly resourceAt?: Source;
}

export function policy(resource: string, actions: readonly (string | PolicyAction)[] = [], options: PolicyOptions = {}): Policy {
    return {
        resource,
        actions: actions.map((a) => (typeof a === 'string' ? action(a) : a)),
        source: options.at ?? auto(),
        resourceSource: options.resourceAt ?? auto()
    };
}

interface NamedOptions {
    readonly at?: Source;
    readonly nameAt?: Source;
    readonly title?: string;
}

type CollectionDraft = Omit<Collection, 'division' | 'discipline'>;
type DisciplineDraft = Omit<Discipline, 'division' | 'collections'> & { readonly drafts: readonly CollectionDraft[] };

export function collection(name: string, options: NamedOptions = {}): CollectionDraft {
    return { name, ...(options.title ? { title: options.title } : {}), source: options.at ?? auto(), nameSource: options.nameAt ?? auto() };
}

export function discipline(
    name: string,
    collections: readonly CollectionDraft[],
    options: NamedOptions & { readonly type?: string } = {}
): DisciplineDraft {
    return {
        name,
        ...(options.type !== undefined ? { type: options.type } : {}),
        drafts: collections,
        source: options.at ?? auto(),
        nameSource: options.nameAt ?? auto()
    };
}

export function division(name: string, disciplines: readonly DisciplineDraft[], options: NamedOptions = {}): Division {
    return {
        name,
        disciplines: disciplines.map(({ drafts, ...rest }) => ({
            ...rest,
            division: name,
            collections: drafts.map((c) => ({ ...c, division: name, discipline: rest.name }))
        })),
        source: options.at ?? auto(),
        nameSource: options.nameAt ?? auto()
    };
}

export function institution(name: string, divisions: readonly Division[], options: NamedOptions = {}): Institution {
    return { name, divisions, source: options.at ?? auto(), nameSource: options.nameAt ?? auto() };
}

export function libraryRole(name: string, policies: readonly Policy[], options: NamedOptions = {}): LibraryRole {
    return {
        name,
        ...(options.title ? { title: options.title } : {}),
        policies,
        source: options.at ?? auto(),
        nameSource: options.nameAt ?? auto()
    };
}

export interface RoleOptions extends NamedOptions {
    readonly templates?: readonly RefLike[];
    readonly policies?: readonly Policy[];
}

export function role(name: string, collections: readonly RefLike[], options: RoleOptions = {}): Role {
    return {
        name,
        ...(options.title ? { title: options.title } : {}),
        collections: collections.map(toRef),
        templates: (options.templates ?? []).map(toRef),
        policies: options.policies ?? [],
        source: options.at ?? auto(),
        nameSource: options.nameAt ?? auto()
    };
}

export function agent(name: string, divisionName: RefLike, source?: Source): Agent {
    return { name, division: toRef(divisionName), source: source ?? auto() };
}

export interface GrantOptions {
    readonly access?: boolean | Source;
    readonly roles?: readonly RefLike[];
    readonly policies?: readonly Policy[];
    readonly at?: Source;
}

export function grant(collectionName: RefLike, options: GrantOptions = {}): CollectionGrant {
    const access = options.access === undefined || options.access === false ? undefined : { source: options.access === true ? auto() : options.access };
    return {
        collection: toRef(collectionName),
        ...(access ? { access } : {}),
        roles: (options.roles ?? []).map(toRef),
        policies: options.policies ?? [],
        source: options.at ?? auto()
    };
}

/** `in A, B { ... }`: one grant per collection sharing the same written body, as the DSL compiles it. */
export function grants(collections: readonly RefLike[], options: GrantOptions = {}): CollectionGrant[] {
    const body = grant('', options);
    return collections.map((c) => ({ ...body, collection: toRef(c) }));
}

export interface UserOptions extends NamedOptions {
    readonly agents?: readonly Agent[];
    readonly admin?: boolean | Source;
    readonly institution?: readonly Policy[];
    readonly grants?: readonly CollectionGrant[];
    readonly specify6?: Partial<Specify6Settings>;
}

export function user(name: string, options: UserOptions = {}): User {
    const admin = options.admin === undefined || options.admin === false ? undefined : { source: options.admin === true ? auto() : options.admin };
    return {
        name,
        agents: options.agents ?? [],
        ...(admin ? { institutionAdmin: admin } : {}),
        institutionPolicies: options.institution ?? [],
        collections: options.grants ?? [],
        ...(options.specify6
            ? { specify6: { admin: false, collections: [], source: auto(), ...options.specify6 } }
            : {}),
        source: options.at ?? auto(),
        nameSource: options.nameAt ?? auto()
    };
}

export function model(parts: Partial<PolicyModel> = {}): PolicyModel {
    return { institutions: [], libraryRoles: [], roles: [], users: [], ...parts };
}

/**
 * The test museum: Ichthyology (Fish: FishVoucher, FishTissue) and Botany (Plants: Herbarium),
 * with types.
 */
export function museum(options: NamedOptions = {}): Institution {
    return institution(
        'NHM',
        [
            division('Ichthyology', [discipline('Fish', [collection('FishVoucher'), collection('FishTissue')], { type: 'fish' })]),
            division('Botany', [discipline('Plants', [collection('Herbarium')], { type: 'botany' })])
        ],
        options
    );
}

/** An Institution Admin with an agent in every division of the museum. */
export function admin(name = 'root'): User {
    return user(name, { admin: true, agents: [agent('Admin', 'Ichthyology'), agent('Admin', 'Botany')] });
}

/** The museum and its admin, plus whatever the test adds. */
export function world(parts: Partial<PolicyModel> = {}): PolicyModel {
    return model({
        institutions: parts.institutions ?? [museum()],
        libraryRoles: parts.libraryRoles ?? [],
        roles: parts.roles ?? [],
        users: [admin(), ...(parts.users ?? [])]
    });
}
