/**
 * spol's validation: Langium's syntax and linking checks (coded by SpolDocumentValidator), the few
 * checks only the text can make (the model keeps one `institution admin` however often it is written),
 * and, once per document, the engine's workspace-wide lint rules for the diagnostics that point into
 * that document. Code actions switch on the codes, never on messages.
 */
import type { AstNode, ValidationAcceptor, ValidationCategory, ValidationChecks } from 'langium';
import type { Range } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/diagnostic.js';
import type { SpolAstType, User } from './generated/ast.js';
import { nodesForProperty } from './property-nodes.js';
import type { SpolServices } from './spol-module.js';
import type { SpolWorkspaceModel } from './spol-workspace-model.js';

export namespace IssueCodes {
    /** A lexing or parsing error. */
    export const SyntaxError = 'syntax-error';
    /** A name that matches no declaration of the expected kind in the workspace. */
    export const UnresolvedReference = 'unresolved-reference';
    /** `institution admin` or a `specify6` block written twice in one user: only one counts. */
    export const RepeatedSetting = 'repeated-setting';
}

export function registerValidationChecks(services: SpolServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.SpolValidator;
    const checks: ValidationChecks<SpolAstType> = {
        User: validator.checkSettingsWrittenOnce
    };
    registry.register(checks, validator);
    registry.registerAfterDocument(validator.checkWorkspaceLint, validator);
}

export class SpolValidator {
    private readonly workspaceModel: SpolWorkspaceModel;

    constructor(services: SpolServices) {
        this.workspaceModel = services.workspace.PolicyModel;
    }

    checkSettingsWrittenOnce(user: User, accept: ValidationAcceptor): void {
        for (const [property, text] of [
            ['institutionAdmin', 'institution admin'],
            ['specify6', 'specify6 { … }']
        ] as const) {
            const written = nodesForProperty(user.$cstNode, property);
            for (const repeat of written.slice(1)) {
                // A user whose name did not parse is still checked (the syntax error is reported apart).
                const who = typeof user.name === 'string' && user.name.length > 0 ? `User '${user.name}'` : 'This user';
                accept('warning', `${who} has '${text}' more than once; only the last one counts.`, {
                    node: user,
                    range: repeat.range,
                    code: IssueCodes.RepeatedSetting
                });
            }
        }
    }

    /** How many diagnostics the last run of `checkWorkspaceLint` gave each root (none yet: absent). */
    private readonly lintCounts = new WeakMap<AstNode, number>();

    /**
     * The engine's lint, delivered to this document. It belongs to the `fast` category: the rules run
     * once per workspace state (SpolWorkspaceModel caches them), so every keystroke can afford them.
     * It is the only check that runs after the document's nodes, so its diagnostics come last; the
     * document builder reads how many there were (`takeLintCount`) to keep the rest for the next build.
     */
    checkWorkspaceLint(root: AstNode, accept: ValidationAcceptor, categories: ValidationCategory[]): void {
        this.lintCounts.delete(root);
        let count = 0;
        const uri = root.$document?.uri.toString();
        if (uri !== undefined && (categories.length === 0 || categories.includes('fast'))) {
            for (const diagnostic of this.workspaceModel.diagnosticsFor(uri)) {
                accept(diagnostic.severity, diagnostic.message, { node: root, ...lintPlacement(diagnostic) });
                count++;
            }
        }
        this.lintCounts.set(root, count);
    }

    /** The number of diagnostics `checkWorkspaceLint` gave `root` when it last completed, if it did; forgotten once read. */
    takeLintCount(root: AstNode): number | undefined {
        const count = this.lintCounts.get(root);
        this.lintCounts.delete(root);
        return count;
    }
}

/**
 * Where and with what an engine diagnostic of the lint reaches a document: its range, or the
 * document's start; its code; its data with its code, where Langium's helpers and code actions look
 * for it. The validator accepts this; a CLI load that builds no document (workspace.ts) delivers the same.
 */
export function lintPlacement(diagnostic: Diagnostic): { readonly range: Range; readonly code: string; readonly data: Record<string, unknown> } {
    return {
        range: diagnostic.source?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        code: diagnostic.code,
        data: { ...diagnostic.data, code: diagnostic.code }
    };
}
