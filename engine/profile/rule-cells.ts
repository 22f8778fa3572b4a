/**
 * The catalog cells a fast rule covers (policy-ability.ts `createPolicyAbility`: a rule's subject
 * types are the vocabulary resources its row's pattern matches, or CASL's any-subject; its actions
 * likewise, or CASL's any-action). CASL files such a rule under every (subject type, action) pair
 * it names and merges the any-action and any-subject rules in on lookup, so `rulesFor(action,
 * resource)` is every rule whose subjects hold the resource (or any) and whose actions hold the
 * action (or any). Those pairs, among the profile's cells, are listed here once per pair of
 * expansions: the expansions are the vocabulary's shared frozen arrays, so rules of the same
 * patterns, in any ability, find their cells with one lookup.
 */
import { grantRule, VOCABULARY_RULES } from '../decision/grant-ability.js';
import { RESERVED } from '../decision/reserved-names.js';
import { vocabulary } from '../decision/vocabulary.js';
import type { PolicyRawRule } from '../decision/policy-ability.js';
import { catalog } from './catalog.js';

/** The canonical keys of a rule's any-subject and any-action (each rule has its own array). */
const ANY: readonly string[] = Object.freeze([]);

/** The catalog cell of each vocabulary resource and action, by the pair's rule (grant-ability.ts `grantRule`), or -1. */
let cellTable: Int32Array | undefined;

function cellAt(): Int32Array {
    if (!cellTable) {
        const table = new Int32Array(VOCABULARY_RULES).fill(-1);
        for (const entry of catalog().entries) {
            entry.actionKeys.forEach((key, i) => {
                const at = grantRule(entry.route.id, key);
                if (table[at] !== -1) throw new Error(`catalog has two cells for ${entry.route.key} ${key}`);
                table[at] = entry.firstCell + i;
            });
        }
        cellTable = table;
    }
    return cellTable;
}

const bySubjects = new WeakMap<readonly string[], Map<readonly string[], Int32Array>>();

/** The catalog cells (numbers, ascending) that a fast rule is among CASL's rules for. */
export function cellsOfRule(rule: PolicyRawRule): Int32Array {
    const subjects = expansion(rule.subject, RESERVED.anyResource);
    const actions = expansion(rule.action, RESERVED.anyAction);
    let byActions = bySubjects.get(subjects);
    if (!byActions) bySubjects.set(subjects, (byActions = new Map()));
    let cells = byActions.get(actions);
    if (!cells) byActions.set(actions, (cells = coveredCells(subjects, actions)));
    return cells;
}

/** A rule's subjects or actions as the cache keys them: the shared expansion, or ANY. */
function expansion(names: string | readonly string[] | undefined, any: string): readonly string[] {
    if (names === undefined || typeof names === 'string') throw new Error('rule was not compiled by createPolicyAbility');
    return names.length === 1 && names[0] === any ? ANY : names;
}

function coveredCells(subjects: readonly string[], actions: readonly string[]): Int32Array {
    const table = cellAt();
    const routeIds = subjects === ANY ? Array.from({ length: vocabulary.size }, (_, id) => id) : subjects.map((key) => vocabulary.route(key)!.id);
    const actionKeys = actions === ANY ? vocabulary.actionsMatching('%') : actions;
    const cells: number[] = [];
    for (const route of routeIds) {
        for (const action of actionKeys) {
            const cell = table[grantRule(route, action)]!;
            if (cell >= 0) cells.push(cell);
        }
    }
    return Int32Array.from(cells.sort((a, b) => a - b));
}
