/**
 * PolicyModel → spol text, in exactly the formatter's canonical layout (spol-formatter.ts), so that
 * formatting printed text changes nothing: one element per line, four spaces per level of braces,
 * `allow /res: a, b`, `{}` for an empty block, one blank line between top-level elements, one
 * newline at the end. Strings are escaped so that Langium's STRING conversion gives them back.
 *
 * Names, resources and actions are written bare when spol's own lexer reads them as one token of
 * the kind the grammar expects there, else quoted (name-syntax.ts). Discipline types and Specify 6
 * groups have no quoted form; a value the grammar cannot hold (a group with a space, an empty name)
 * is reported, and nothing is printed: text that would parse as something else is never produced.
 */
import { EmptyFileSystem } from 'langium';
import type {
    Collection,
    Discipline,
    Division,
    Institution,
    LibraryRole,
    Policy,
    PolicyModel,
    Ref,
    Role,
    Source,
    User,
    WithoutFieldWildcard
} from '../engine/model/policy-model.js';
import { isBareToken, quoteString, writeToken } from './name-syntax.js';
import { createSpolServices } from './spol-module.js';

/** A value that cannot be written where the grammar needs it. */
export interface PrintProblem {
    /** What kind of value: the grammar position it was meant for. */
    readonly what: 'name' | 'reference' | 'resource' | 'action' | 'discipline type' | 'group';
    readonly value: string;
    /** The element it belongs to, e.g. `role DataEntry`. */
    readonly element: string;
    readonly message: string;
    readonly source?: Source;
}

export type PrintResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: readonly PrintProblem[] };

// ---------------------------------------------------------------- tokens

export { quoteString } from './name-syntax.js';

const EXPECTED: Readonly<Record<PrintProblem['what'], string>> = {
    name: 'a name cannot be empty',
    reference: 'a name cannot be empty',
    resource: 'a resource cannot be empty',
    action: 'an action cannot be empty',
    'discipline type': 'a discipline type is an identifier',
    group: 'a Specify 6 group is an identifier'
};

type Lexer = ReturnType<typeof createSpolServices>['Spol']['parser']['Lexer'];
let lexer: Lexer | undefined;

function spolLexer(): Lexer {
    lexer ??= createSpolServices(EmptyFileSystem).Spol.parser.Lexer;
    return lexer;
}

/** Does spol's lexer read the text as exactly one token of a kind accepted bare for `what`? */
export function isPrintable(value: string, what: PrintProblem['what']): boolean {
    return isBareToken(spolLexer(), value, what);
}

/** The text spol writes for the value: bare when it can be, else quoted; undefined when neither reads back. */
export function writtenAs(value: string, what: PrintProblem['what']): string | undefined {
    return writeToken(spolLexer(), value, what);
}

// ---------------------------------------------------------------- printer

const INDENT = '    ';

class Printer {
    readonly problems: PrintProblem[] = [];
    private readonly lines: string[] = [];
    private depth = 0;
    private element = '';

    text(): string {
        return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
    }

    blank(): void {
        if (this.lines.length > 0) this.lines.push('');
    }

    line(text: string): void {
        this.lines.push(INDENT.repeat(this.depth) + text);
    }

    /** `head {`, the body, `}`; `head {}` when the body writes nothing. */
    block(head: string, body: () => void): void {
        const at = this.lines.length;
        this.line(`${head} {`);
        this.depth++;
        body();
        this.depth--;
        if (this.lines.length === at + 1) this.lines[at] = `${INDENT.repeat(this.depth)}${head} {}`;
        else this.line('}');
    }

    in(element: string, body: () => void): void {
        const outer = this.element;
        this.element = element;
        body();
        this.element = outer;
    }

    /** The value as a bare token or quoted, or a problem (and a placeholder that is never returned). */
    token(value: string, what: PrintProblem['what'], source?: Source): string {
        const written = writtenAs(value, what);
        if (written === undefined) {
            const shown = JSON.stringify(value);
            this.problems.push({
                what,
                value,
                element: this.element,
                message: `${this.element ? `${this.element}: ` : ''}the ${what} ${shown} cannot be written in spol (${EXPECTED[what]}).`,
                ...(source ? { source } : {})
            });
        }
        return written ?? value;
    }

    title(title: string | undefined): string {
        return title === undefined ? '' : ` ${quoteString(title)}`;
    }

    refs(refs: readonly Ref[]): string {
        return refs.map((ref) => this.token(ref.name, 'reference', ref.source)).join(', ');
    }

    /** `without /field/%`, printed as the last line of its block. */
    without(without: WithoutFieldWildcard | undefined): void {
        if (without) this.line(`without ${this.token(without.resource, 'resource', without.resourceSource ?? without.source)}`);
    }

    policy(policy: Policy): void {
        const resource = this.token(policy.resource, 'resource', policy.resourceSource ?? policy.source);
        const actions = policy.actions.map((action) => this.token(action.name, 'action', action.source ?? policy.source));
        this.line(actions.length === 0 ? `allow ${resource}` : `allow ${resource}: ${actions.join(', ')}`);
    }

    institution(node: Institution): void {
        this.in(`institution ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            this.block(`institution ${name}${this.title(node.title)}`, () => node.divisions.forEach((d) => this.division(d)));
        });
    }

    private division(node: Division): void {
        this.in(`division ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            this.block(`division ${name}${this.title(node.title)}`, () => node.disciplines.forEach((d) => this.discipline(d)));
        });
    }

    private discipline(node: Discipline): void {
        this.in(`discipline ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            const type = node.type === undefined ? '' : ` type ${this.token(node.type, 'discipline type', node.source)}`;
            this.block(`discipline ${name}${this.title(node.title)}${type}`, () => node.collections.forEach((c) => this.collection(c)));
        });
    }

    private collection(node: Collection): void {
        this.in(`collection ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            const code = node.code === undefined ? '' : ` code ${quoteString(node.code)}`;
            this.line(`collection ${name}${this.title(node.title)}${code}`);
        });
    }

    libraryRole(node: LibraryRole): void {
        this.in(`library role ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            this.block(`library role ${name}${this.title(node.title)}`, () => {
                if (node.description !== undefined) this.line(`description ${quoteString(node.description)}`);
                node.policies.forEach((p) => this.policy(p));
                this.without(node.without);
            });
        });
    }

    role(node: Role): void {
        this.in(`role ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            if (node.collections.length === 0) {
                this.problems.push({
                    what: 'reference',
                    value: '',
                    element: this.element,
                    message: `role ${node.name} is declared for no collection; spol writes a role with \`in <collection>\`.`,
                    ...(node.source ? { source: node.source } : {})
                });
            }
            this.block(`role ${name}${this.title(node.title)} in ${this.refs(node.collections)}`, () => {
                if (node.description !== undefined) this.line(`description ${quoteString(node.description)}`);
                if (node.templates.length > 0) this.line(`from library ${this.refs(node.templates)}`);
                node.policies.forEach((p) => this.policy(p));
                this.without(node.without);
            });
        });
    }

    user(node: User): void {
        this.in(`user ${node.name}`, () => {
            const name = this.token(node.name, 'name', node.nameSource);
            this.block(`user ${name}${this.title(node.title)}`, () => {
                for (const agent of node.agents) {
                    this.line(`agent ${quoteString(agent.name)} in ${this.token(agent.division.name, 'reference', agent.division.source)}`);
                }
                if (node.institutionAdmin) this.line('institution admin');
                if (node.institutionPolicies.length > 0) this.block('institution', () => node.institutionPolicies.forEach((p) => this.policy(p)));
                for (const grant of node.collections) {
                    this.block(`in ${this.token(grant.collection.name, 'reference', grant.collection.source)}`, () => {
                        if (grant.access) this.line('access');
                        if (grant.roles.length > 0) this.line(`roles ${this.refs(grant.roles)}`);
                        grant.policies.forEach((p) => this.policy(p));
                        this.without(grant.without);
                    });
                }
                const six = node.specify6;
                if (six) {
                    this.block('specify6', () => {
                        if (six.admin) this.line('admin');
                        if (six.group !== undefined) this.line(`group ${this.token(six.group, 'group', six.source)}`);
                        if (six.collections.length > 0) this.line(`collections ${this.refs(six.collections)}`);
                    });
                }
            });
        });
    }
}

function finish(printer: Printer): PrintResult {
    return printer.problems.length > 0 ? { ok: false, problems: printer.problems } : { ok: true, text: printer.text() };
}

/**
 * A whole model as one spol file: the institution tree, library roles, roles, then users, each
 * element followed by a blank line but the last. An empty model prints as the empty text.
 */
export function printModel(model: PolicyModel): PrintResult {
    const printer = new Printer();
    const elements: (() => void)[] = [
        ...model.institutions.map((node) => () => printer.institution(node)),
        ...model.libraryRoles.map((node) => () => printer.libraryRole(node)),
        ...model.roles.map((node) => () => printer.role(node)),
        ...model.users.map((node) => () => printer.user(node))
    ];
    for (const print of elements) {
        printer.blank();
        print();
    }
    return finish(printer);
}

/** Collection roles only, in the order given. */
export function printRoles(roles: readonly Role[]): PrintResult {
    return printModel({ institutions: [], libraryRoles: [], roles, users: [] });
}

/** Library roles only, in the order given. */
export function printLibraryRoles(roles: readonly LibraryRole[]): PrintResult {
    return printModel({ institutions: [], libraryRoles: roles, roles: [], users: [] });
}
