import { createRule } from '../rule.js';
import { firstSource } from '../source.js';
import { suggest } from '../../suggest.js';

/**
 * Specify's discipline types at 7.12.0.7 (`DISCIPLINE_DIRS` in specifyweb/backend/context/app_resource.py):
 * the type picks the forms, trees and defaults Specify loads for the discipline.
 */
export const DISCIPLINE_TYPES: readonly string[] = Object.freeze([
    'fish',
    'herpetology',
    'paleobotany',
    'invertpaleo',
    'vertpaleo',
    'bird',
    'mammal',
    'insect',
    'botany',
    'invertebrate',
    'geology'
]);

export const unknownDisciplineType = createRule({
    code: 'unknown-discipline-type',
    severity: 'warning',
    description: "A discipline type that is not one of Specify's discipline types.",
    checkWorld(context) {
        for (const institution of context.model.institutions) {
            for (const division of institution.divisions) {
                for (const discipline of division.disciplines) {
                    const type = discipline.type;
                    if (type === undefined || DISCIPLINE_TYPES.includes(type)) continue;
                    const suggestions = suggest(type, DISCIPLINE_TYPES);
                    const hint = suggestions.length ? `; did you mean ${suggestions[0]}?` : '.';
                    context.report({
                        message: `Discipline ${discipline.name} has type ${type}, which Specify does not know${hint}`,
                        source: firstSource(discipline.nameSource, discipline.source),
                        data: { suggestions }
                    });
                }
            }
        }
    }
});
