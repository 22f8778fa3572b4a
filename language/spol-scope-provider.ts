/**
 * Langium's scopes with the local levels looked up by name instead of searched.
 *
 * Langium's DefaultScopeProvider puts each container's local symbols in a StreamScope, whose
 * `getElement` filters and scans them for every reference: a file of 150 users, each naming roles
 * and collections, scanned the file's top-level elements once per name, which made linking a large
 * workspace quadratic in the size of its files. Here each container's symbols of one reference type
 * are read once into a map from name to the first of that name (what the scan found first), kept as
 * long as the document's local symbols are, and every answer is the same as Langium's: the same
 * element for a name, the same elements in the same order for `getElements` and `getAllElements`.
 */
import type { AstNode, AstNodeDescription, LocalSymbols, ReferenceInfo, Scope, Stream } from 'langium';
import { AstUtils, DefaultScopeProvider, stream } from 'langium';

/** One container's symbols of one reference type: in order, and the first of each name. */
interface Level {
    readonly list: readonly AstNodeDescription[];
    readonly first: ReadonlyMap<string, AstNodeDescription>;
}

export class SpolScopeProvider extends DefaultScopeProvider {
    private readonly levels = new WeakMap<LocalSymbols, WeakMap<AstNode, Map<string, Level>>>();

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const localSymbols = AstUtils.getDocument(context.container).localSymbols;
        const levels: Level[] = [];
        if (localSymbols) {
            for (let node: AstNode | undefined = context.container; node; node = node.$container) {
                if (localSymbols.has(node)) levels.push(this.level(localSymbols, node, referenceType));
            }
        }
        let result = this.getGlobalScope(referenceType, context);
        for (let i = levels.length - 1; i >= 0; i--) result = new LevelScope(levels[i]!, result);
        return result;
    }

    private level(localSymbols: LocalSymbols, node: AstNode, referenceType: string): Level {
        let byNode = this.levels.get(localSymbols);
        if (!byNode) this.levels.set(localSymbols, (byNode = new WeakMap()));
        let byType = byNode.get(node);
        if (!byType) byNode.set(node, (byType = new Map()));
        let level = byType.get(referenceType);
        if (!level) {
            const list = localSymbols
                .getStream(node)
                .filter((description) => this.reflection.isSubtype(description.type, referenceType))
                .toArray();
            const first = new Map<string, AstNodeDescription>();
            for (const description of list) if (!first.has(description.name)) first.set(description.name, description);
            level = { list, first };
            byType.set(referenceType, level);
        }
        return level;
    }
}

/** A StreamScope over one level (case-sensitive, outer scope concatenated), with lookups by name. */
class LevelScope implements Scope {
    constructor(
        private readonly level: Level,
        private readonly outer: Scope
    ) {}

    getElement(name: string): AstNodeDescription | undefined {
        return this.level.first.get(name) ?? this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const local = this.level.first.has(name) ? this.level.list.filter((description) => description.name === name) : [];
        return stream(local).concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.level.list).concat(this.outer.getAllElements());
    }
}
