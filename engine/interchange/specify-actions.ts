/**
 * Specify's front-end `getAllActions(resource)` (role-export-format.md, "Catch-all action
 * expansion"): the actions that a `%` action stands for on a resource, used when a role is loaded
 * into the Security UI and when it is exported.
 *
 * Rules, as the spec describes them:
 * - a resource starting with `/tools` always gives the table actions (read, create, update, delete);
 * - otherwise the resource is split on `/`, a last segment that is exactly `%` is dropped, and the
 *   result is the de-duplicated union, in first-seen order, of the actions of every known resource
 *   whose key starts with that prefix (so `%` → every resource, `/tree/%` → `/tree…`);
 * - known resources are, in this order: the operation policies, the front-end-only policies, then
 *   every `/table/<t>`. Front-end-derived, stale, field and tool entries are not part of it.
 * - the match is a plain, case-sensitive `startsWith` against Specify's own spelling of the keys.
 * An empty result means "unknown": callers keep the `%`.
 */
import { registry } from '../registry/registry.js';

/**
 * Specify's UI lists its operation policies in its own order (the front end's `operationPolicies`
 * constant, which `GET /permissions/registry/` mirrors). Our registry data follows resources.json,
 * which is grouped differently (it starts with `/admin/user/invite_link`, whose `create` would come
 * first), so the registry order cannot reproduce the documented 29-action list for `%` (which starts
 * with `access`, `update`, `delete`, `create`, `read`). The order of the union matters: it is the
 * order in which exported files list the actions. So Specify's order is encoded here explicitly.
 * Operation resources of the registry missing from this list (none at 7.12.0.7) follow in registry
 * order; entries listed here but absent from the registry are ignored.
 */
const SPECIFY_OPERATION_ORDER: readonly string[] = [
    '/system/sp7/collection',
    '/admin/user/password',
    '/admin/user/agents',
    '/admin/user/sp6/is_admin',
    '/record/merge',
    '/admin/user/invite_link',
    '/admin/user/oic_providers',
    '/admin/user/sp6/collection_access',
    '/report',
    '/export/dwca',
    '/export/feed',
    '/export/backup',
    '/permissions/list_admins',
    '/permissions/policies/user',
    '/permissions/user/roles',
    '/permissions/roles',
    '/permissions/library/roles',
    '/tree/edit/taxon',
    '/tree/edit/geography',
    '/tree/edit/storage',
    '/tree/edit/geologictimeperiod',
    '/tree/edit/lithostrat',
    '/tree/edit/tectonicunit',
    '/querybuilder/query',
    '/workbench/dataset',
    '/attachment_import/dataset',
    '/batch_edit/dataset'
];

/** `[key, actions]` in the order Specify's getAllActions walks them. */
function buildKnownResources(): ReadonlyArray<readonly [string, readonly string[]]> {
    const operations = [...registry.resources.values()].filter((info) => info.kind === 'operation');
    const byKey = new Map(operations.map((info) => [info.resource, info] as const));
    const ordered: Array<readonly [string, readonly string[]]> = [];
    const placed = new Set<string>();
    for (const key of SPECIFY_OPERATION_ORDER) {
        const info = byKey.get(key);
        if (!info) continue;
        ordered.push([info.resource, info.actions]);
        placed.add(info.resource);
    }
    for (const info of operations) if (!placed.has(info.resource)) ordered.push([info.resource, info.actions]);
    for (const info of registry.resources.values()) {
        if (info.kind === 'frontend-only') ordered.push([info.resource, info.actions]);
    }
    for (const table of registry.tables.keys()) ordered.push([`/table/${table}`, registry.tableActions]);
    return Object.freeze(ordered);
}

const KNOWN_RESOURCES = buildKnownResources();
const cache = new Map<string, readonly string[]>();

/** The prefix Specify matches keys against: `%` segment at the end dropped, `//` collapsed. */
export function actionPrefix(resource: string): string {
    const parts = resource.split('/').filter((part) => part.length > 0);
    const kept = parts.at(-1) === '%' ? parts.slice(0, -1) : parts;
    return kept.length === 1 && kept[0] === '%' ? '%' : `/${kept.join('/')}`;
}

/**
 * Specify's getAllActions: every action a `%` on `resource` stands for, in Specify's order. A new
 * array on every call; empty when Specify knows no resource under that prefix.
 */
export function getAllActions(resource: string): string[] {
    if (resource.startsWith('/tools')) return [...registry.tableActions];
    const prefix = actionPrefix(resource);
    let actions = cache.get(prefix);
    if (!actions) {
        const union: string[] = [];
        const seen = new Set<string>();
        for (const [key, keyActions] of KNOWN_RESOURCES) {
            if (!key.startsWith(prefix)) continue;
            for (const action of keyActions) {
                if (seen.has(action)) continue;
                seen.add(action);
                union.push(action);
            }
        }
        actions = Object.freeze(union);
        cache.set(prefix, actions);
    }
    return [...actions];
}
