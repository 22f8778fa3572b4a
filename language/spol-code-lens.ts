/**
 * Code lenses: above each user, "Show permission profile" (in the first collection the user has
 * anything in, else at institution level); above each collection role, who holds it ("3 users in 2
 * collections", which opens the holders) and "Export JSON". The counts come from the workspace's
 * PolicyModel, so a user in another file counts too. The commands are the client's (SpolCommands).
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { PolicyModel } from '../engine/model/policy-model.js';
import * as ast from './generated/ast.js';
import { SpolCommands, type SpolWhere } from './protocol.js';
import type { SpolServices } from './spol-module.js';
import type { SpolWorkspaceModel } from './spol-workspace-model.js';

export class SpolCodeLensProvider implements CodeLensProvider {
    private readonly workspaceModel: SpolWorkspaceModel;

    constructor(services: SpolServices) {
        this.workspaceModel = services.workspace.PolicyModel;
    }

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[] | undefined> {
        const root = document.parseResult.value;
        if (!ast.isDocument(root)) return [];
        const model = this.workspaceModel.model;
        const lenses: CodeLens[] = [];
        for (const element of root.elements) {
            const range = element.$cstNode?.range;
            if (!range || !element.name) continue;
            const at = { start: range.start, end: range.start };
            if (ast.isUser(element)) {
                const where = whereOf(model, element.name);
                const place = where.collection !== undefined ? `in ${where.collection}` : 'at institution level';
                lenses.push({ range: at, command: { title: `Show permission profile (${place})`, command: SpolCommands.showProfile, arguments: [element.name, where] } });
            } else if (ast.isRole(element)) {
                const { users, collections } = holdersOf(model, element.name);
                const title =
                    users === 0 ? 'held by no user' : `held by ${users} user${users === 1 ? '' : 's'} in ${collections} collection${collections === 1 ? '' : 's'}`;
                lenses.push({ range: at, command: { title, command: SpolCommands.showRoleHolders, arguments: [element.name] } });
                lenses.push({ range: at, command: { title: 'Export JSON', command: SpolCommands.exportRole, arguments: [element.name] } });
            }
        }
        return lenses;
    }
}

/** The first collection the user has anything in, else institution level. */
function whereOf(model: PolicyModel, userName: string): SpolWhere {
    const user = model.users.find((u) => u.name === userName);
    const first = user?.collections.find((grant) => grant.access !== undefined) ?? user?.collections[0];
    return first ? { collection: first.collection.name } : { institution: true };
}

/** How many users hold the role, in how many distinct collections. */
export function holdersOf(model: PolicyModel, role: string): { users: number; collections: number } {
    const users = new Set<string>();
    const collections = new Set<string>();
    for (const user of model.users) {
        for (const grant of user.collections) {
            if (grant.roles.some((ref) => ref.name === role)) {
                users.add(user.name);
                collections.add(grant.collection.name);
            }
        }
    }
    return { users: users.size, collections: collections.size };
}
