/**
 * Random valid spol documents written from the grammar's shape: an institution tree, library roles,
 * roles and users, with names, strings and patterns drawn from vocabulary.ts. Names refer to one
 * shared universe so that most references resolve, and a few do not.
 */
import { Random } from './random.js';
import { ACTION_PATTERNS, NAMES, RESOURCE_PATTERNS, STRINGS } from './vocabulary.js';

/** The names a generated workspace declares and refers to. */
export interface Universe {
    readonly divisions: readonly string[];
    readonly collections: readonly string[];
    readonly libraryRoles: readonly string[];
    readonly roles: readonly string[];
    readonly users: readonly string[];
}

export function universe(random: Random): Universe {
    const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => (random.chance(0.15) ? random.pick(NAMES) : `${prefix}${i}`));
    return {
        divisions: names('Div', random.between(1, 3)),
        collections: names('Coll', random.between(1, 5)),
        libraryRoles: names('Lib', random.between(1, 4)),
        roles: names('Role', random.between(1, 5)),
        users: names('user', random.between(1, 6))
    };
}

/** What a generated file holds: the institution, library roles, roles, users, or a mix of all. */
export type Part = 'institution' | 'library' | 'roles' | 'users' | 'all';

const title = (random: Random) => (random.chance(0.5) ? ` ${random.pick(STRINGS)}` : '');

function list(random: Random, items: readonly string[], max = 3): string {
    const n = random.between(1, Math.min(max, items.length));
    return Array.from({ length: n }, () => random.pick(items)).join(', ');
}

/** A reference: usually a declared name, sometimes an unknown one. */
function ref(random: Random, names: readonly string[]): readonly string[] {
    return random.chance(0.05) ? [random.pick(NAMES)] : names;
}

function policy(random: Random, indent: string): string {
    const actions = random.chance(0.1) ? '' : random.chance(0.1) ? ':' : `: ${list(random, ACTION_PATTERNS, 4)}`;
    return `${indent}allow ${random.pick(RESOURCE_PATTERNS)}${actions}\n`;
}

function policies(random: Random, indent: string, max = 4): string {
    return Array.from({ length: random.int(max + 1) }, () => policy(random, indent)).join('');
}

function institution(random: Random, u: Universe): string {
    let collections = [...u.collections];
    let out = `institution ${random.pick(NAMES.slice(0, 1).concat(['Inst']))}${title(random)} {\n`;
    u.divisions.forEach((division, d) => {
        out += `    division ${division}${title(random)} {\n`;
        const take = d === u.divisions.length - 1 ? collections.length : random.int(collections.length + 1);
        const mine = collections.slice(0, take);
        collections = collections.slice(take);
        out += `        discipline Disc${d}${title(random)}${random.chance(0.5) ? ' type fish' : ''} {\n`;
        for (const c of mine) out += `            collection ${c}${title(random)}${random.chance(0.4) ? ` code ${random.pick(STRINGS)}` : ''}\n`;
        out += '        }\n    }\n';
    });
    return `${out}}\n`;
}

function libraryRole(random: Random, name: string): string {
    return `library role ${name}${title(random)} {\n${random.chance(0.5) ? `    description ${random.pick(STRINGS)}\n` : ''}${policies(random, '    ')}}\n`;
}

function role(random: Random, u: Universe, name: string): string {
    const from = random.chance(0.5) ? `    from library ${list(random, ref(random, u.libraryRoles))}\n` : '';
    const description = random.chance(0.3) ? `    description ${random.pick(STRINGS)}\n` : '';
    return `role ${name}${title(random)} in ${list(random, ref(random, u.collections))} {\n${description}${from}${policies(random, '    ')}}\n`;
}

function user(random: Random, u: Universe, name: string): string {
    let out = `user ${name}${title(random)} {\n`;
    const parts = random.between(0, 5);
    for (let i = 0; i < parts; i++) {
        switch (random.int(5)) {
            case 0:
                out += `    agent ${random.pick(STRINGS)} in ${random.pick(ref(random, u.divisions))}\n`;
                break;
            case 1:
                out += '    institution admin\n';
                break;
            case 2:
                out += `    institution {\n${policies(random, '        ', 2)}    }\n`;
                break;
            case 3: {
                const roles = random.chance(0.6) ? `        roles ${list(random, ref(random, u.roles))}\n` : '';
                out += `    in ${list(random, ref(random, u.collections))} {\n${random.chance(0.7) ? '        access\n' : ''}${roles}${policies(random, '        ', 2)}    }\n`;
                break;
            }
            default:
                out += `    specify6 {${random.chance(0.5) ? ' admin' : ''}${random.chance(0.5) ? ' group Manager' : ''}${random.chance(0.5) ? ` collections ${list(random, u.collections)}` : ''} }\n`;
        }
    }
    return `${out}}\n`;
}

/** One file of a generated workspace; comments sprinkled in between declarations. */
export function grammarDocument(random: Random, u: Universe, part: Part = 'all'): string {
    const pieces: string[] = [];
    if (part === 'institution' || (part === 'all' && random.chance(0.7))) pieces.push(institution(random, u));
    if (part === 'library' || part === 'all') for (const name of u.libraryRoles) if (part === 'library' || random.chance(0.5)) pieces.push(libraryRole(random, name));
    if (part === 'roles' || part === 'all') for (const name of u.roles) if (part === 'roles' || random.chance(0.5)) pieces.push(role(random, u, name));
    if (part === 'users' || part === 'all') for (const name of u.users) if (part === 'users' || random.chance(0.5)) pieces.push(user(random, u, name));
    return pieces.map((piece) => (random.chance(0.2) ? `// ${random.pick(STRINGS)}\n${piece}` : random.chance(0.05) ? `/* block\n comment */ ${piece}` : piece)).join('\n');
}
