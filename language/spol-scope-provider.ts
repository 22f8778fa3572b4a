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
 *
 * Most levels hold nothing of the type a reference wants (the agents of a user, for a reference to
 * a role), and a level with nothing adds nothing to a scope: it is left out. A container with a
 * handful of symbols is read afresh rather than remembered: that costs less than the lookups.
 */
import type { AstNode, AstNodeDescription, LocalSymbols, ReferenceInfo, Scope, Stream } from 'langium';
import { AstUtils, DefaultScopeProvider, MultiMap, stream } from 'langium';

/** Containers with at most this many local symbols are read for each reference, not remembered. */
const FEW = 8;

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
                if (!localSymbols.has(node)) continue;
                const level = this.level(localSymbols, node, referenceType);
                if (level.list.length > 0) levels.push(level);
            }
        }
        let result = this.getGlobalScope(referenceType, context);
        for (let i = levels.length - 1; i >= 0; i--) result = new LevelScope(levels[i]!, result);
        return result;
    }

    private level(localSymbols: LocalSymbols, node: AstNode, referenceType: string): Level {
        if (localSymbols instanceof MultiMap) {
            const symbols = localSymbols.get(node);
            if (symbols.length <= FEW) return this.levelOf(symbols, referenceType);
        }
        let byNode = this.levels.get(localSymbols);
        if (!byNode) this.levels.set(localSymbols, (byNode = new WeakMap()));
        let byType = byNode.get(node);
        if (!byType) byNode.set(node, (byType = new Map()));
        let level = byType.get(referenceType);
        if (!level) {
            level = this.levelOf(localSymbols.getStream(node).toArray(), referenceType);
            byType.set(referenceType, level);
        }
        return level;
    }

    /** The level of these symbols (one container's, in order) for the reference type. */
    private levelOf(symbols: readonly AstNodeDescription[], referenceType: string): Level {
        let list: AstNodeDescription[] | undefined;
        for (const description of symbols) if (this.reflection.isSubtype(description.type, referenceType)) (list ??= []).push(description);
        if (!list) return NO_LEVEL;
        const first = new Map<string, AstNodeDescription>();
        for (const description of list) if (!first.has(description.name)) first.set(description.name, description);
        return { list, first };
    }
}

/** A level with no symbols of the type. */
const NO_LEVEL: Level = Object.freeze({ list: Object.freeze([]), first: new Map() });

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
