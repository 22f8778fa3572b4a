/**
 * A plan as a file (`spol plan --out plan.json`) and back (`spol apply --plan plan.json`): the Plan
 * object as JSON, two-space indented, with the database it was read from (its URL without the
 * password) beside it. Reading checks the shape, so that apply never acts on a file it does not
 * understand: a wrong format, a missing list or a row without its ids is a PlanFileError naming the
 * file and the field.
 */
import { redactUrl } from './connect.js';
import { PLAN_FORMAT, type Plan } from './plan-types.js';

export interface PlanFile {
    readonly plan: Plan;
    /** The database URL, password replaced by `***` (connect.ts redactUrl). */
    readonly database?: string;
}

export class PlanFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'PlanFileError';
    }
}

export function planToJson(plan: Plan, databaseUrl?: string): string {
    const { format, digest, ...rest } = plan;
    return JSON.stringify({ format, digest, ...(databaseUrl !== undefined && { database: redactUrl(databaseUrl) }), ...rest }, null, 2) + '\n';
}

export function planFromJson(text: string, file: string): PlanFile {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new PlanFileError(`${file} is not JSON: ${(error as Error).message}.`);
    }
    const fail = (field: string, what: string): never => {
        throw new PlanFileError(`${file}: ${field} ${what}; write the plan again with spol plan --out.`);
    };
    if (!isObject(value)) return fail('the file', 'is not a JSON object');
    if (value['format'] !== PLAN_FORMAT) fail('format', `is ${JSON.stringify(value['format'])}, not "${PLAN_FORMAT}"`);
    if (typeof value['digest'] !== 'string' || !/^[0-9a-f]{64}$/.test(value['digest'])) fail('digest', 'is not a sha256 in hex');
    const lists: Record<string, readonly string[]> = {
        roles: ['create', 'update', 'delete'],
        libraryRoles: ['create', 'update', 'delete'],
        insert: ['spuserpolicy', 'sprolepolicy', 'spuserrole', 'splibraryrolepolicy'],
        delete: ['spuserpolicy', 'sprolepolicy', 'spuserrole', 'splibraryrolepolicy']
    };
    for (const [group, names] of Object.entries(lists)) {
        const part = value[group];
        if (!isObject(part)) fail(group, 'is missing');
        for (const name of names) {
            const list = (part as Record<string, unknown>)[name];
            if (!Array.isArray(list)) fail(`${group}.${name}`, 'is not a list');
            (list as unknown[]).forEach((item, i) => checkItem(item, `${group}.${name}[${i}]`, group, name, fail));
        }
    }
    const { database, ...plan } = value;
    if (database !== undefined && typeof database !== 'string') fail('database', 'is not a string');
    return { plan: plan as unknown as Plan, ...(typeof database === 'string' && { database }) };
}

function checkItem(item: unknown, at: string, group: string, name: string, fail: (field: string, what: string) => never): void {
    if (!isObject(item)) fail(at, 'is not an object');
    const o = item as Record<string, unknown>;
    const int = (field: string, value: unknown, nullable = false) => {
        if (nullable && value === null) return;
        if (!Number.isSafeInteger(value)) fail(`${at}.${field}`, 'is not an id');
    };
    const text = (field: string, value: unknown) => {
        if (typeof value !== 'string') fail(`${at}.${field}`, 'is not text');
    };
    const ref = (field: string, value: unknown) => {
        if (isObject(value) && Number.isSafeInteger(value['id'])) return;
        if (isObject(value) && typeof value['new'] === 'string') return;
        fail(`${at}.${field}`, 'is neither {"id": n} nor {"new": key}');
    };
    if (group === 'delete' || ((group === 'roles' || group === 'libraryRoles') && name === 'delete')) {
        if (!isObject(o['row'])) fail(`${at}.row`, 'is missing');
        int('row.id', (o['row'] as Record<string, unknown>)['id']);
        return;
    }
    if (name === 'create') {
        text('key', o['key']);
        text('name', o['name']);
        text('description', o['description']);
        if (group === 'roles') int('collection_id', o['collection_id']);
        return;
    }
    if (name === 'update') {
        int('id', o['id']);
        for (const side of ['from', 'to']) {
            const v = o[side];
            if (!isObject(v)) fail(`${at}.${side}`, 'is missing');
            text(`${side}.name`, (v as Record<string, unknown>)['name']);
            text(`${side}.description`, (v as Record<string, unknown>)['description']);
        }
        return;
    }
    if (name === 'spuserpolicy') {
        int('collection_id', o['collection_id'], true);
        int('specifyuser_id', o['specifyuser_id']);
    } else if (name === 'spuserrole') {
        int('specifyuser_id', o['specifyuser_id']);
        ref('role_id', o['role_id']);
        return;
    } else ref('role_id', o['role_id']);
    text('resource', o['resource']);
    text('action', o['action']);
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
