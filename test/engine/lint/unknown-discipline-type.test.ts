import { DISCIPLINE_TYPES, unknownDisciplineType } from '../../../engine/lint/rules/unknown-discipline-type.js';
import { at, collection, discipline, division, institution, world } from './builders.js';
import { ruleTester } from './rule-tester.js';

const N = at(3, 19, 23);
const N2 = at(4, 19, 23);

function withTypes(...types: (string | undefined)[]) {
    return world({
        institutions: [
            institution('NHM', [
                division(
                    'D',
                    types.map((type, i) => discipline(`Disc${i}`, [collection(`C${i}`)], { ...(type !== undefined ? { type } : {}), ...(i === 0 ? { nameAt: N } : i === 1 ? { nameAt: N2 } : {}) }))
                )
            ])
        ]
    });
}

ruleTester(unknownDisciplineType, {
    valid: [
        { name: "every one of Specify's types", model: withTypes(...DISCIPLINE_TYPES) },
        { name: 'no type', model: withTypes(undefined) }
    ],
    invalid: [
        { name: 'a type in the wrong case, at the discipline name', model: withTypes('Fish'), errors: [{ at: N, data: { suggestions: ['fish'] } }] },
        { name: 'a misspelt type', model: withTypes('herpetolgy'), errors: [{ at: N, data: { suggestions: ['herpetology'] } }] },
        { name: 'a type Specify does not have at this version', model: withTypes('botany', 'anthropology'), errors: [{ at: N2 }] }
    ]
});
