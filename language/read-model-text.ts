/**
 * spol text → its part of the model, read directly: what `documentToModel` (to-model.ts) makes of
 * Langium's parse of the same text, without Langium. The CLI's questions (`can`, `profile`,
 * `who-can`, …) read a large institution this way in a fraction of the parse's time and garbage
 * (no CST, no AST, no Chevrotain): workspace.ts takes the model from here when every file reads and
 * every name resolves (model-references-resolve.ts), and builds with Langium otherwise. A load with
 * lint (`spol check`) reads the same way, and takes from here too what the lint reads of the text
 * besides the model (`readModelFile`): the inline suppressions in the line comments, and whether a
 * user repeats a setting (which only the validator of Langium's parse reports).
 *
 * It reads only what it can read exactly: text without a single lexical or syntax error (the
 * tokens are Langium's, model-text-lexer.ts; the parser below follows spol.langium rule by rule,
 * accepting what the grammar accepts and nothing else), every value converted as Langium's
 * DefaultValueConverter converts it (STRING by `ValueConverter.convertString`, ID, WILDCARD,
 * RESOURCE and keywords as written), every range as the CST gives it (a node from its first token's
 * start to its last token's end). For anything else it returns `undefined`, never a guess, and the
 * caller goes through Langium, which reports the problem where it always has. So does any name or
 * reference written as `""`: documentToModel leaves such an element out with all it holds, and the
 * model would then no longer show every name written, which the check of references relies on.
 *
 * The elements are made as documentToModel makes them: the same fields in the same order, absent
 * optional parts left out, empty actions and policies without a resource left out, the last
 * `institution admin` and `specify6 { … }` of a user kept (a later one replaces an earlier), the
 * first `without` of a block, one grant per collection named with the rest shared.
 */
import { ValueConverter } from 'langium';
import type { Suppression } from '../engine/config/suppressions.js';
import type * as model from '../engine/model/policy-model.js';
import { Kind, ModelTextLexer, type LineComment } from './model-text-lexer.js';
import { parseSuppression, SUPPRESSION_DIRECTIVE } from './suppressions.js';
import type { ModelPart } from './to-model.js';

/** The part of the model that `text`, the file `file` (a URI string), holds; `undefined` when only Langium may read it. */
export function readModelText(text: string, file: string): ModelPart | undefined {
    return readModelFile(text, file)?.part;
}

/** What a file read directly holds besides its part of the model: what the lint of a workspace reads of its text. */
export interface ModelFile {
    readonly part: ModelPart;
    /** Its inline suppressions, in text order: what suppressions.ts's `suppressionsOf` reads of Langium's parse. */
    readonly suppressions: Suppression[];
    /**
     * Whether a user writes `institution admin` or `specify6 { … }` more than once (the part keeps
     * the last): the validator's `repeated-setting` warning, which only Langium's parse reports.
     */
    readonly repeatsSetting: boolean;
}

/** `readModelText` with the file's suppressions and whether it repeats a user's setting; `undefined` when only Langium may read it. */
export function readModelFile(text: string, file: string): ModelFile | undefined {
    // As suppressionsOf: a text without the directive holds no suppression, and its comments are not read.
    const comments: LineComment[] | undefined = text.includes(SUPPRESSION_DIRECTIVE) ? [] : undefined;
    let reader: Reader;
    let part: ModelPart;
    try {
        reader = new Reader(text, file, comments);
        part = reader.document();
    } catch {
        // Text it does not read (NOT_READ: a syntax error, an empty name) or, should there be one, a
        // bug here: either way Langium reads the file instead, and reports what there is to report.
        return undefined;
    }
    const suppressions: Suppression[] = [];
    for (const comment of comments ?? []) {
        const suppression = parseSuppression(text.slice(comment.start, comment.end), file, comment.line, comment.character);
        if (suppression) suppressions.push(suppression);
    }
    return { part, suppressions, repeatsSetting: reader.repeatsSetting };
}

/** Thrown where the text leaves what the reader reads exactly. */
const NOT_READ = new Error('not read directly');

type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/** The fields every declaration starts with. */
interface Declaration {
    name: string;
    source: model.Source;
    nameSource: model.Source;
    title?: string;
}

/** A declaration's head as read: where it starts, its name, title, and where the head ends. */
interface Head {
    readonly start: model.Position;
    readonly name: string;
    readonly nameSource: model.Source;
    readonly title: string | undefined;
    readonly end: model.Position;
}

/** The token kinds a `Name` is written with: ID, STRING and the keywords that may be names. */
function isName(kind: Kind): boolean {
    switch (kind) {
        case Kind.Id:
        case Kind.String:
        case Kind.Access:
        case Kind.Admin:
        case Kind.Type:
        case Kind.Code:
        case Kind.Description:
        case Kind.Roles:
        case Kind.Group:
        case Kind.Collections:
            return true;
        default:
            return false;
    }
}

/** An `ActionPattern`: a `Name`'s kinds and WILDCARD. */
function isAction(kind: Kind): boolean {
    return kind === Kind.Wildcard || isName(kind);
}

/** A `ResourcePattern`: RESOURCE, WILDCARD or STRING. */
function isResource(kind: Kind): boolean {
    return kind === Kind.Resource || kind === Kind.Wildcard || kind === Kind.String;
}

class Reader {
    private readonly lexer: ModelTextLexer;
    /** Set when a user writes `institution admin` or `specify6 { … }` a second time. */
    repeatsSetting = false;

    constructor(
        text: string,
        private readonly file: string,
        lineComments?: LineComment[]
    ) {
        this.lexer = new ModelTextLexer(text, lineComments);
        this.lexer.next();
    }

    document(): ModelPart {
        const institutions: model.Institution[] = [];
        const libraryRoles: model.LibraryRole[] = [];
        const roles: model.Role[] = [];
        const users: model.User[] = [];
        const lexer = this.lexer;
        for (;;) {
            switch (lexer.kind) {
                case Kind.End:
                    return { institutions, libraryRoles, roles, users };
                case Kind.Institution:
                    institutions.push(this.institution());
                    break;
                case Kind.Library:
                    libraryRoles.push(this.libraryRole());
                    break;
                case Kind.Role:
                    roles.push(this.role());
                    break;
                case Kind.User:
                    users.push(this.user());
                    break;
                default:
                    throw NOT_READ;
            }
        }
    }

    // ------------------------------------------------------------ tokens

    /** Where the current token starts, to open a node's range. */
    private startPosition(): model.Position {
        return { line: this.lexer.line, character: this.lexer.character };
    }

    /** The current token's range. */
    private tokenSource(): model.Source {
        const { line, character, start, end } = this.lexer;
        return { file: this.file, range: { start: { line, character }, end: { line, character: character + end - start } } };
    }

    /** Passes the current token, which must be of `kind`, and returns where it ends. */
    private expect(kind: Kind): model.Position {
        if (this.lexer.kind !== kind) throw NOT_READ;
        const end = this.tokenEnd();
        this.lexer.next();
        return end;
    }

    /** A node from `start` to the end of the token just passed (given by `expect` or a value's source). */
    private source(start: model.Position, end: model.Position): model.Source {
        return { file: this.file, range: { start, end } };
    }

    /** The current token's value as Langium converts it. */
    private value(): string {
        const lexer = this.lexer;
        const image = lexer.image();
        return lexer.kind === Kind.String ? ValueConverter.convertString(image) : image;
    }

    /** A `Name`, of a declaration or in a reference: its value, which may not be empty, and its range. */
    private name(): model.Ref & { readonly source: model.Source } {
        if (!isName(this.lexer.kind)) throw NOT_READ;
        const source = this.tokenSource();
        const name = this.value();
        if (name.length === 0) throw NOT_READ;
        this.lexer.next();
        return { name, source };
    }

    /** A reference: the name written and its range (a model Ref, fields in to-model.ts's order). */
    private ref(): model.Ref {
        return this.name();
    }

    /** `ref (',' ref)*`. */
    private refs(): model.Ref[] {
        const out = [this.ref()];
        while (this.passComma()) out.push(this.ref());
        return out;
    }

    /** Passes a `,` if there is one. */
    private passComma(): boolean {
        if (this.lexer.kind !== Kind.Comma) return false;
        this.lexer.next();
        return true;
    }

    /** An optional STRING (a title, a description, a code): its converted value. */
    private optionalString(): string | undefined {
        if (this.lexer.kind !== Kind.String) return undefined;
        const value = this.value();
        this.lexer.next();
        return value;
    }

    /** A STRING that must be there. */
    private string(): string {
        if (this.lexer.kind !== Kind.String) throw NOT_READ;
        return this.optionalString()!;
    }

    /** An ID that must be there (a discipline's type, a Specify 6 group). */
    private id(): string {
        if (this.lexer.kind !== Kind.Id) throw NOT_READ;
        const value = this.lexer.image();
        this.lexer.next();
        return value;
    }

    /** `'keyword' Name (title=STRING)?`, the head of every declaration. */
    private head(keyword: Kind): Head {
        const start = this.startPosition();
        this.expect(keyword);
        if (keyword === Kind.Library) this.expect(Kind.Role);
        const { name, source: nameSource } = this.name();
        let end = nameSource.range.end;
        let title: string | undefined;
        if (this.lexer.kind === Kind.String) {
            end = this.tokenEnd();
            title = this.optionalString();
        }
        return { start, name, nameSource, title, end };
    }

    /**
     * A declaration, made once its end is known, with its first fields in to-model.ts's order (name,
     * source, nameSource, title when written); the caller adds the rest in order. Each object is made
     * with its fields' final values, never a placeholder replaced later, which V8 keeps cheap.
     */
    private named<T>(head: Head, end: model.Position): Draft<T> {
        const out: Draft<Declaration> = { name: head.name, source: this.source(head.start, end), nameSource: head.nameSource };
        if (head.title !== undefined) out.title = head.title;
        return out as Draft<T>;
    }

    /** Where the current token ends. */
    private tokenEnd(): model.Position {
        const { line, character, start, end } = this.lexer;
        return { line, character: character + end - start };
    }

    // ------------------------------------------------------------ institution tree

    private institution(): model.Institution {
        const head = this.head(Kind.Institution);
        this.expect(Kind.LeftBrace);
        const divisions: model.Division[] = [];
        while (this.lexer.kind === Kind.Division) divisions.push(this.division());
        const out = this.named<model.Institution>(head, this.expect(Kind.RightBrace));
        out.divisions = divisions;
        return out as model.Institution;
    }

    private division(): model.Division {
        const head = this.head(Kind.Division);
        this.expect(Kind.LeftBrace);
        const disciplines: model.Discipline[] = [];
        while (this.lexer.kind === Kind.Discipline) disciplines.push(this.discipline(head.name));
        const out = this.named<model.Division>(head, this.expect(Kind.RightBrace));
        out.disciplines = disciplines;
        return out as model.Division;
    }

    private discipline(divisionName: string): model.Discipline {
        const head = this.head(Kind.Discipline);
        let type: string | undefined;
        if (this.lexer.kind === Kind.Type) {
            this.lexer.next();
            type = this.id();
        }
        this.expect(Kind.LeftBrace);
        const collections: model.Collection[] = [];
        while (this.lexer.kind === Kind.Collection) collections.push(this.collection(divisionName, head.name));
        const out = this.named<model.Discipline>(head, this.expect(Kind.RightBrace));
        if (type !== undefined) out.type = type;
        out.division = divisionName;
        out.collections = collections;
        return out as model.Discipline;
    }

    private collection(divisionName: string, disciplineName: string): model.Collection {
        const head = this.head(Kind.Collection);
        let end = head.end;
        let code: string | undefined;
        if (this.lexer.kind === Kind.Code) {
            this.lexer.next();
            end = this.tokenEnd();
            code = this.string();
        }
        const out = this.named<model.Collection>(head, end);
        if (code !== undefined) out.code = code;
        out.division = divisionName;
        out.discipline = disciplineName;
        return out as model.Collection;
    }

    // ------------------------------------------------------------ roles and policies

    /** `'allow' ResourcePattern (':' (ActionPattern (',' ActionPattern)*)?)?`; undefined when its resource is empty. */
    private policy(): model.Policy | undefined {
        const start = this.startPosition();
        this.expect(Kind.Allow);
        const { resource, resourceSource } = this.resourcePattern();
        let end = resourceSource.range.end;
        const actions: model.PolicyAction[] = [];
        if (this.lexer.kind === Kind.Colon) {
            end = this.expect(Kind.Colon);
            if (isAction(this.lexer.kind)) end = this.actions(actions);
        }
        if (resource.length === 0) return undefined;
        return { resource, actions, source: this.source(start, end), resourceSource };
    }

    /** A `ResourcePattern` (RESOURCE, WILDCARD or STRING): its value and where it is; it passes the token. */
    private resourcePattern(): { readonly resource: string; readonly resourceSource: model.Source } {
        if (!isResource(this.lexer.kind)) throw NOT_READ;
        const resourceSource = this.tokenSource();
        const resource = this.value();
        this.lexer.next();
        return { resource, resourceSource };
    }

    /** `ActionPattern (',' ActionPattern)*` into `actions` (empty ones left out, as documentToModel does); returns where the last ends. */
    private actions(actions: model.PolicyAction[]): model.Position {
        for (;;) {
            if (!isAction(this.lexer.kind)) throw NOT_READ;
            const source = this.tokenSource();
            const name = this.value();
            this.lexer.next();
            if (name.length > 0) actions.push({ name, source });
            if (!this.passComma()) return source.range.end;
        }
    }

    /** `'without' ResourcePattern`; undefined when its resource is empty. */
    private without(): model.WithoutFieldWildcard | undefined {
        const start = this.startPosition();
        this.expect(Kind.Without);
        const { resource, resourceSource } = this.resourcePattern();
        if (resource.length === 0) return undefined;
        return { resource, source: this.source(start, resourceSource.range.end), resourceSource };
    }

    /** `(policies+=Policy | withouts+=Without)*` up to the closing brace, which it passes: the policies, the first `without`, the brace's end. */
    private policiesAndWithout(allowWithout: boolean): { policies: model.Policy[]; without?: model.WithoutFieldWildcard; end: model.Position } {
        const policies: model.Policy[] = [];
        let without: model.WithoutFieldWildcard | undefined;
        for (;;) {
            const kind = this.lexer.kind;
            if (kind === Kind.Allow) {
                const policy = this.policy();
                if (policy) policies.push(policy);
            } else if (kind === Kind.Without && allowWithout) {
                const next = this.without();
                without ??= next;
            } else {
                const end = this.expect(Kind.RightBrace);
                return without ? { policies, without, end } : { policies, end };
            }
        }
    }

    private libraryRole(): model.LibraryRole {
        const head = this.head(Kind.Library);
        this.expect(Kind.LeftBrace);
        const description = this.description();
        const body = this.policiesAndWithout(true);
        const out = this.named<model.LibraryRole>(head, body.end);
        if (description !== undefined) out.description = description;
        out.policies = body.policies;
        if (body.without) out.without = body.without;
        return out as model.LibraryRole;
    }

    /** `('description' description=STRING)?`. */
    private description(): string | undefined {
        if (this.lexer.kind !== Kind.Description) return undefined;
        this.lexer.next();
        return this.string();
    }

    private role(): model.Role {
        const head = this.head(Kind.Role);
        this.expect(Kind.In);
        const collections = this.refs();
        this.expect(Kind.LeftBrace);
        const description = this.description();
        let templates: model.Ref[] = [];
        if (this.lexer.kind === Kind.From) {
            this.lexer.next();
            this.expect(Kind.Library);
            templates = this.refs();
        }
        const body = this.policiesAndWithout(true);
        const out = this.named<model.Role>(head, body.end);
        if (description !== undefined) out.description = description;
        out.collections = collections;
        out.templates = templates;
        out.policies = body.policies;
        if (body.without) out.without = body.without;
        return out as model.Role;
    }

    // ------------------------------------------------------------ users

    private user(): model.User {
        const head = this.head(Kind.User);
        this.expect(Kind.LeftBrace);
        const agents: model.Agent[] = [];
        let institutionAdmin: { source: model.Source } | undefined;
        const institutionPolicies: model.Policy[] = [];
        const grants: model.CollectionGrant[] = [];
        let specify6: model.Specify6Settings | undefined;
        const lexer = this.lexer;
        for (;;) {
            const kind = lexer.kind;
            if (kind === Kind.Agent) {
                agents.push(this.agent());
            } else if (kind === Kind.Institution) {
                const at = this.startPosition();
                const following = lexer.peekKind();
                lexer.next();
                if (following === Kind.Admin) {
                    if (institutionAdmin) this.repeatsSetting = true;
                    institutionAdmin = { source: this.source(at, this.expect(Kind.Admin)) };
                } else {
                    this.expect(Kind.LeftBrace);
                    institutionPolicies.push(...this.policiesAndWithout(false).policies);
                }
            } else if (kind === Kind.In) {
                this.grant(grants);
            } else if (kind === Kind.Specify6) {
                if (specify6) this.repeatsSetting = true;
                specify6 = this.specify6();
            } else {
                break;
            }
        }
        const out = this.named<model.User>(head, this.expect(Kind.RightBrace));
        out.agents = agents;
        if (institutionAdmin) out.institutionAdmin = institutionAdmin;
        out.institutionPolicies = institutionPolicies;
        out.collections = grants;
        if (specify6) out.specify6 = specify6;
        return out as model.User;
    }

    /** `'agent' name=STRING 'in' division=[Division:Name]`. */
    private agent(): model.Agent {
        const start = this.startPosition();
        this.expect(Kind.Agent);
        const name = this.string();
        if (name.length === 0) throw NOT_READ;
        this.expect(Kind.In);
        const division = this.ref();
        return { name, division, source: this.source(start, division.source!.range.end) };
    }

    /** `'in' collections (',' …)* '{' access? ('roles' …)? (policy | without)* '}'`: one grant per collection named, added to `grants`. */
    private grant(grants: model.CollectionGrant[]): void {
        const start = this.startPosition();
        this.expect(Kind.In);
        const collections = this.refs();
        this.expect(Kind.LeftBrace);
        let access: { source: model.Source } | undefined;
        if (this.lexer.kind === Kind.Access) {
            access = { source: this.tokenSource() };
            this.lexer.next();
        }
        let roles: model.Ref[] = [];
        if (this.lexer.kind === Kind.Roles) {
            this.lexer.next();
            roles = this.refs();
        }
        const body = this.policiesAndWithout(true);
        const source = this.source(start, body.end);
        for (const collection of collections) {
            const out: Draft<model.CollectionGrant> = { collection };
            if (access) out.access = access;
            out.roles = roles;
            out.policies = body.policies;
            if (body.without) out.without = body.without;
            out.source = source;
            grants.push(out as model.CollectionGrant);
        }
    }

    /** `'specify6' '{' 'admin'? ('group' ID)? ('collections' …)? '}'`. */
    private specify6(): model.Specify6Settings {
        const start = this.startPosition();
        this.expect(Kind.Specify6);
        this.expect(Kind.LeftBrace);
        let admin = false;
        if (this.lexer.kind === Kind.Admin) {
            this.lexer.next();
            admin = true;
        }
        let group: string | undefined;
        if (this.lexer.kind === Kind.Group) {
            this.lexer.next();
            group = this.id();
        }
        let collections: model.Ref[] = [];
        if (this.lexer.kind === Kind.Collections) {
            this.lexer.next();
            collections = this.refs();
        }
        const source = this.source(start, this.expect(Kind.RightBrace));
        const out: Draft<model.Specify6Settings> = { admin };
        if (group !== undefined) out.group = group;
        out.collections = collections;
        out.source = source;
        return out as model.Specify6Settings;
    }
}
