/**
 * spol's own LSP requests (language/protocol.ts), answered with the engine calls the CLI makes:
 * `profile`, `whoCan`, `exportFor` / `exportInstitution`, over the workspace's current PolicyModel.
 * The editor asks; this file computes and turns the engine's answers into plain JSON with URIs and
 * ranges the client can link to. It refuses, as the CLI does, to answer over a workspace whose
 * syntax errors or unresolved names make every decision meaningless (export: over any error).
 *
 * Requests wait until the workspace is built and validated, so an answer always matches the text
 * the user sees. After every rebuild the server sends `spol/workspaceChanged`, so that whatever the
 * client shows from an earlier answer asks again.
 */
import type { LangiumDocument } from 'langium';
import { DocumentState } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { blockingDiagnostics, compareDiagnostics, type Diagnostic } from '../engine/diagnostic.js';
import { compile, QueryError, type PolicyEngine } from '../engine/decision/index.js';
import { exportFor, exportInstitution, lossyFindings, type LossyFinding } from '../engine/interchange/index.js';
import type { PolicyModel, Source } from '../engine/model/policy-model.js';
import { ModelIndex, type StoredPolicy } from '../engine/model/stored.js';
import { grantedByPolicy, grantsOf, profile, whoCan, type PermissionProfile, type ProfileCell, type ProfileEntry, type ToolCell } from '../engine/profile/index.js';
import { registry } from '../engine/registry/registry.js';
import type {
    CellView,
    EntryView,
    ExportResult,
    ExportTargetParams,
    GrantView,
    NamesResult,
    NoAnswer,
    ProblemView,
    ProfileGroupView,
    ProfileParams,
    ProfileResult,
    SpolLocation,
    WhoCanParams,
    WhoCanResult,
    WhoCanUserView,
    WorkspaceChangedParams
} from './protocol.js';
import { SpolMethods } from './protocol.js';
import type { SpolServices } from './spol-module.js';
import { diagnosticsOf } from './workspace.js';

/** At most this many problems travel with a `blocked` answer. */
const MAX_PROBLEMS = 50;

/**
 * The answers, as plain functions of the services' current state: the request handlers below and
 * the tests call the same code.
 */
export class SpolRequests {
    private readonly shared: LangiumSharedServices;
    private readonly engines = new WeakMap<PolicyModel, PolicyEngine>();

    constructor(private readonly services: SpolServices) {
        this.shared = services.shared;
    }

    /** Resolves once every document is validated (the answer then matches the text). */
    async ready(token?: CancellationToken): Promise<void> {
        await this.shared.workspace.WorkspaceManager.ready;
        await this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, token);
    }

    private get model(): PolicyModel {
        return this.services.workspace.PolicyModel.model;
    }

    private engine(): PolicyEngine {
        const model = this.model;
        let engine = this.engines.get(model);
        if (!engine) this.engines.set(model, (engine = compile(model)));
        return engine;
    }

    /** Every problem of every document (syntax, linking, engine lint), sorted. */
    problems(): Diagnostic[] {
        return this.shared.workspace.LangiumDocuments.all
            .toArray()
            .flatMap((document: LangiumDocument) => diagnosticsOf(document))
            .sort(compareDiagnostics);
    }

    names(): NamesResult {
        const model = this.model;
        const index = this.engine().index;
        const collections = model.institutions.flatMap((institution) =>
            institution.divisions.flatMap((division) =>
                division.disciplines.flatMap((discipline) =>
                    discipline.collections.map((collection) => ({
                        ...named(collection.name, collection.title, collection.nameSource ?? collection.source),
                        division: division.name,
                        discipline: discipline.name
                    }))
                )
            )
        );
        return {
            users: model.users.map((user) => ({
                ...named(user.name, user.title, user.nameSource ?? user.source),
                collections: unique(user.collections.map((grant) => grant.collection.name)),
                roles: user.collections.flatMap((grant) => grant.roles.map((ref) => ({ role: ref.name, collection: grant.collection.name }))),
                institutionAdmin: index.isInstitutionAdmin(user)
            })),
            collections,
            roles: model.roles.map((role) => ({
                ...named(role.name, role.title, role.nameSource ?? role.source),
                collections: role.collections.map((ref) => ref.name),
                templates: role.templates.map((ref) => ref.name)
            })),
            libraryRoles: model.libraryRoles.map((role) => named(role.name, role.title, role.nameSource ?? role.source)),
            divisions: model.institutions.flatMap((institution) =>
                institution.divisions.map((division) => named(division.name, division.title, division.nameSource ?? division.source))
            ),
            resources: [...registry.resources.values()].map((info) => ({ resource: info.resource, actions: info.actions, description: info.description }))
        };
    }

    profile(params: ProfileParams): ProfileResult {
        const refused = this.blocked('a permission profile');
        if (refused) return refused;
        return answering(() => {
            const where = params.institution === true ? { institution: true as const } : { collection: String(params.collection) };
            const answer = profile(this.engine(), { user: String(params.user), ...where });
            const user = this.model.users.find((u) => u.name === answer.user);
            const warnings = this.problems().filter((d) => d.severity === 'warning').length;
            return { kind: 'profile', profile: profileView(answer, user?.title, location(user?.nameSource ?? user?.source)), warnings };
        });
    }

    whoCan(params: WhoCanParams): WhoCanResult {
        const refused = this.blocked('a who-can answer');
        if (refused) return refused;
        return answering(() => {
            const where = params.institution === true ? { institution: true as const } : { collection: String(params.collection) };
            const answer = whoCan(this.engine(), { action: String(params.action), resource: String(params.resource), ...where }, { blocked: true });
            const users = new Map(this.model.users.map((user) => [user.name, user]));
            const view = (entry: { user: string; decision: { matches: readonly StoredPolicy[] } }): WhoCanUserView => {
                const user = users.get(entry.user);
                const loc = location(user?.nameSource ?? user?.source);
                return {
                    user: entry.user,
                    ...(user?.title !== undefined ? { title: user.title } : {}),
                    ...(loc ? { location: loc } : {}),
                    grants: grantViews([{ action: answer.query.action, matches: entry.decision.matches }])
                };
            };
            return {
                kind: 'answer',
                action: answer.query.action,
                resource: answer.resource,
                where,
                level: answer.level,
                users: answer.users,
                allowed: answer.allowed.map(view),
                blocked: (answer.blocked ?? []).map(view),
                notes: answer.notes
            };
        });
    }

    exportRoles(params: ExportTargetParams): ExportResult {
        const errors = this.problems().filter((d) => d.severity === 'error');
        if (errors.length > 0) {
            return {
                kind: 'blocked',
                message: `The workspace has ${errors.length} error${errors.length === 1 ? '' : 's'}; Specify could reject or mis-read what would be exported, so nothing was exported.`,
                problems: errors.slice(0, MAX_PROBLEMS).map(problemView)
            };
        }
        return answering(() => {
            const index = new ModelIndex(this.model);
            if ('all' in params) {
                const files = exportInstitution(index).map((file) => ({ path: file.path, content: file.content }));
                return { kind: 'files', files, warnings: lossyFindings(index).map(lossyView) };
            }
            const target =
                'library' in params
                    ? { library: true as const, rest: params.rest === true }
                    : 'role' in params
                      ? { role: String(params.role), ...(params.collection !== undefined ? { collection: String(params.collection) } : {}) }
                      : { collection: String(params.collection), rest: params.rest === true };
            const { content, findings } = exportFor(index, target);
            return { kind: 'files', files: [{ path: exportFileName(params), content }], warnings: findings.map(lossyView) };
        });
    }

    /** What `spol/workspaceChanged` says after a rebuild. */
    changed(version: number): WorkspaceChangedParams {
        return { version, blockingErrors: blockingDiagnostics(this.problems()).length };
    }

    private blocked(what: string): NoAnswer | undefined {
        const blocking = blockingDiagnostics(this.problems());
        if (blocking.length === 0) return undefined;
        const n = blocking.length;
        return {
            kind: 'blocked',
            message: `The workspace has ${n} error${n === 1 ? '' : 's'} (syntax or unresolved names) that make ${what} meaningless; fix ${n === 1 ? 'it' : 'them'} first.`,
            problems: blocking.slice(0, MAX_PROBLEMS).map(problemView)
        };
    }
}

/** Binds the requests to the connection and announces every rebuild. */
export function registerSpolRequests(connection: Connection, services: SpolServices): SpolRequests {
    const requests = new SpolRequests(services);
    const handle =
        <P, R>(answer: (params: P) => R) =>
        async (params: P, token: CancellationToken): Promise<R> => {
            await requests.ready(token);
            return answer(params);
        };
    connection.onRequest(SpolMethods.names, handle(() => requests.names()));
    connection.onRequest(SpolMethods.profile, handle((params: ProfileParams) => requests.profile(params)));
    connection.onRequest(SpolMethods.whoCan, handle((params: WhoCanParams) => requests.whoCan(params)));
    connection.onRequest(SpolMethods.exportRoles, handle((params: ExportTargetParams) => requests.exportRoles(params)));
    let version = 0;
    services.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, () => {
        version += 1;
        void connection.sendNotification(SpolMethods.workspaceChanged, requests.changed(version));
    });
    return requests;
}

// ---------------------------------------------------------------------------------------------
// Views

const GROUP_TITLES: Readonly<Record<ProfileGroupView['kind'], string>> = {
    operation: 'Operations',
    tool: 'Tools',
    table: 'Tables',
    'system-table': 'System tables',
    preference: 'Preferences'
};

function profileView(answer: PermissionProfile, userTitle: string | undefined, userLocation: SpolLocation | undefined) {
    const gate = answer.collectionAccess;
    const tables = answer.tables;
    const groups: ProfileGroupView[] = [
        group('operation', answer.operations),
        group('tool', answer.tools),
        group('table', tables.filter((entry) => !entry.system)),
        group('system-table', tables.filter((entry) => entry.system)),
        group('preference', answer.preferences)
    ];
    return {
        user: answer.user,
        ...(userTitle !== undefined ? { userTitle } : {}),
        ...(userLocation ? { userLocation } : {}),
        ...(answer.collection !== undefined ? { collection: answer.collection } : { institution: true as const }),
        ...(gate ? { collectionAccess: { allowed: gate.allowed, grants: grantViews([{ action: 'access', matches: gate.matches }]) } } : {}),
        summary: { cells: answer.summary.cells, allowed: answer.summary.allowed, blocked: answer.summary.blocked },
        groups
    };
}

function group(kind: ProfileGroupView['kind'], entries: readonly ProfileEntry[]): ProfileGroupView {
    return { kind, title: GROUP_TITLES[kind], entries: entries.map(entryView) };
}

function entryView(entry: ProfileEntry): EntryView {
    return {
        resource: entry.resource,
        description: entry.description,
        level: entry.level,
        institutionOnly: entry.institutionOnly,
        ...(entry.kind === 'table' ? { scope: entry.scope, model: entry.model } : {}),
        cells: (entry.cells as readonly ProfileCell[]).map(cellView)
    };
}

function cellView(cell: ProfileCell): CellView {
    const blocked = !cell.allowed && cell.reason === 'no-collection-access' && grantedByPolicy(cell);
    const missing = (cell as Partial<ToolCell>).missingTables;
    return {
        action: cell.action,
        allowed: cell.allowed,
        reason: cell.reason,
        blocked,
        ...(missing && missing.length > 0 ? { missingTables: missing } : {}),
        grants: cell.allowed || blocked ? grantViews([cell]) : []
    };
}

function grantViews(cells: readonly { readonly action: string; readonly matches: readonly StoredPolicy[] }[]): GrantView[] {
    return grantsOf(cells).map((grant) => {
        const loc = location(grant.source);
        return { label: grant.label, ...(loc ? { location: loc } : {}), actions: grant.actions };
    });
}

function problemView(diagnostic: Diagnostic): ProblemView {
    const loc = location(diagnostic.source);
    return { code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message, ...(loc ? { location: loc } : {}) };
}

function lossyView(finding: LossyFinding): ProblemView {
    const loc = location(finding.source);
    return { code: 'lossy-export', severity: 'warning', message: finding.message, ...(loc ? { location: loc } : {}) };
}

function location(source: Source | undefined): SpolLocation | undefined {
    return source ? { uri: source.file, range: source.range } : undefined;
}

function named(name: string, title: string | undefined, source: Source | undefined) {
    const loc = location(source);
    return { name, ...(title !== undefined ? { title } : {}), ...(loc ? { location: loc } : {}) };
}

function unique(names: readonly string[]): string[] {
    return [...new Set(names)];
}

/** A file name for one export, as an admin would keep it beside the Specify export files. */
function exportFileName(params: ExportTargetParams): string {
    const safe = (name: string) => name.replace(/[^\w.-]+/g, '_');
    if ('library' in params) return params.rest ? 'library-roles.rest.json' : 'library-roles.json';
    if ('role' in params) return `${safe(params.role)}${params.collection !== undefined ? `-${safe(params.collection)}` : ''}.json`;
    if ('collection' in params) return `${safe(params.collection)}-roles${params.rest ? '.rest' : ''}.json`;
    return 'specify-export';
}

/** An engine answer, or the question's own mistake (an unknown name) as a `unknown` answer. */
function answering<R>(compute: () => R): R | NoAnswer {
    try {
        return compute();
    } catch (error) {
        if (error instanceof QueryError) {
            const declarations = error.places.map((place) => location(place)!);
            return { kind: 'unknown', message: error.message, suggestions: error.suggestions, ...(declarations.length > 0 ? { declarations } : {}) };
        }
        throw error;
    }
}
