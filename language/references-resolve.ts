/**
 * Whether linking a workspace would find every name: the question the CLI's commands that only
 * decide (`can`, `profile`, `who-can`, `test`, `diff`) need answered before they may trust a model.
 * The model never reads what a reference resolves to (to-model.ts takes the name written), so on a
 * workspace whose every reference names a declaration of its kind, Langium's three linking passes
 * (exports, local symbols, linking) and its validation walk produce nothing those commands read:
 * they are a third of a question's time on a large institution. Where this says no, the caller
 * builds the workspace as always, and the linker's own messages are reported.
 *
 * The answer is Langium's (SpolLinker over SpolScopeProvider): a reference resolves when a
 * declaration of its target type (or a subtype) with exactly the name written is in scope. The
 * global scope holds every exported declaration of the workspace (SpolScopeComputation exports every
 * named node of the kinds `isExported` lists), and the local scopes hold named nodes of the same
 * document, which are all exported too for every type a reference can target; so a name resolves
 * exactly when some exported declaration of the right type bears it. The answer errs only towards
 * "no": a reference without text, any doubt, and the caller links. model-references-resolve.ts asks
 * the same of the model's parts, for the question path that reads files without Langium.
 */
import type { AstNode, AstReflection, LangiumDocument, Reference } from 'langium';
import { isExported } from './spol-scope-computation.js';

/** Where a node of one type keeps its references (with their target type) and its other properties. */
interface Shape {
    /** Whether its document exports it (`isExported`, asked once per type: it reads only the type). */
    readonly exported: boolean;
    readonly references: readonly { readonly property: string; readonly target: string }[];
    readonly others: readonly string[];
}

/**
 * True when linking `documents` (the whole workspace, parsed) would leave no reference unresolved.
 * The walk reads each node's properties as the grammar declares them (the reflection's metadata),
 * which reaches the nodes and references Langium's streams reach from each root; every node it
 * reaches is in its document.
 */
export function referencesResolve(documents: readonly LangiumDocument[], reflection: AstReflection): boolean {
    const declared = new Map<string, Set<string>>();
    const written: { readonly name: unknown; readonly target: string }[] = [];
    const shapes = new Map<string, Shape>();
    const pending: AstNode[] = [];
    for (const document of documents) {
        const root = document.parseResult.value;
        pending.push(root);
        while (pending.length > 0) {
            const node = pending.pop()!;
            let shape = shapes.get(node.$type);
            if (!shape) shapes.set(node.$type, (shape = shapeOf(reflection, node.$type)));
            if (node !== root && shape.exported) {
                const name = (node as { name?: unknown }).name;
                if (typeof name === 'string') {
                    let names = declared.get(node.$type);
                    if (!names) declared.set(node.$type, (names = new Set()));
                    names.add(name);
                }
            }
            const values = node as unknown as Record<string, unknown>;
            for (const { property, target } of shape.references) {
                const value = values[property];
                if (Array.isArray(value)) for (const item of value) written.push({ name: (item as Reference | undefined)?.$refText, target });
                else if (value !== undefined) written.push({ name: (value as Reference).$refText, target });
            }
            for (const property of shape.others) {
                const value = values[property];
                if (Array.isArray(value)) {
                    for (const item of value) if (isNode(item)) pending.push(item);
                } else if (isNode(value)) {
                    pending.push(value);
                }
            }
        }
    }
    const byTarget = new Map<string, readonly ReadonlySet<string>[]>();
    for (const { name, target } of written) {
        if (typeof name !== 'string' || name.length === 0) return false;
        let sets = byTarget.get(target);
        if (!sets) {
            sets = [...declared].filter(([type]) => reflection.isSubtype(type, target)).map(([, names]) => names);
            byTarget.set(target, sets);
        }
        if (!sets.some((names) => names.has(name))) return false;
    }
    return true;
}

function shapeOf(reflection: AstReflection, type: string): Shape {
    const references: { property: string; target: string }[] = [];
    const others: string[] = [];
    for (const property of Object.values(reflection.getTypeMetaData(type).properties)) {
        if (property.referenceType !== undefined) references.push({ property: property.name, target: property.referenceType });
        else others.push(property.name);
    }
    return { exported: isExported({ $type: type } as AstNode), references, others };
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
