/**
 * Rename, with the new name written as spol must write it: bare when it can be (`FishVoucher`),
 * quoted otherwise (`"Fish Voucher"`, `"a.b@museum.org"`, `"user"`), at the declaration and at every
 * reference. A new name typed already quoted is taken as written; an empty one renames nothing.
 */
import type { LangiumDocument, Lexer } from 'langium';
import { ValueConverter } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { DefaultRenameProvider } from 'langium/lsp';
import type { CancellationToken, RenameParams, WorkspaceEdit } from 'vscode-languageserver';
import { writeToken } from './name-syntax.js';

const QUOTED = /^"(\\.|[^"\\])*"$/;

export class SpolRenameProvider extends DefaultRenameProvider {
    private readonly spolLexer: Lexer;

    constructor(services: LangiumServices) {
        super(services);
        this.spolLexer = services.parser.Lexer;
    }

    override async rename(document: LangiumDocument, params: RenameParams, cancelToken?: CancellationToken): Promise<WorkspaceEdit | undefined> {
        const name = QUOTED.test(params.newName) ? ValueConverter.convertString(params.newName) : params.newName;
        const written = writeToken(this.spolLexer, name, 'name');
        if (written === undefined) return undefined;
        return super.rename(document, { ...params, newName: written }, cancelToken);
    }
}
