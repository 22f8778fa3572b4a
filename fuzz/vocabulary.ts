/**
 * The pieces the fuzzer builds documents from: names, titles, resource and action patterns, the
 * grammar's keywords and stray characters. In one place so that the grammar's growth (quoted names,
 * new LIKE pattern forms) is one edit here: add the new forms to NAMES / RESOURCE_PATTERNS /
 * ACTION_PATTERNS and the grammar-based generator (grammar-document.ts) writes them.
 */

/** Names as the grammar's `Name` accepts them: identifiers, and keywords that may be names. */
export const NAMES: readonly string[] = [
    'KU', 'Ichthyology', 'Herpetology', 'Fish', 'FishVoucher', 'FishTissue', 'jdoe', 'rmartin', 'a', '_x', 'A.b-c', 'x1',
    'access', 'admin', 'type', 'code', 'description', 'roles', 'group', 'collections'
];

/** Strings (titles, agent names, descriptions), quotes included. */
export const STRINGS: readonly string[] = ['"KU"', '""', '"Doe, Jane"', '"a \\"quoted\\" title"', '"é 😀"', '"back\\\\slash"'];

/** Resource patterns (the RESOURCE and WILDCARD terminals). */
export const RESOURCE_PATTERNS: readonly string[] = [
    '/table/collectionobject', '/table/%', '/tree/edit/taxon', '/querybuilder/query', '/system/sp7/collection', '/field/%',
    '/tools/%', '/workbench/dataset', '/report', '/admin/user/password', '/attachment_import/dataset', '/', '/%', '%', '/table/_gent', '/x%y_z'
];

/** Action patterns (ID, WILDCARD and the keywords an action may be). */
export const ACTION_PATTERNS: readonly string[] = [
    'read', 'create', 'update', 'delete', 'execute', 'export_csv', 'create_recordset', 'access', 'upload', 'validate', '%', 'export_%', 'r_ad', 'admin', 'type'
];

/** Tokens inserted by the mutator: keywords, punctuation and a sample of every terminal. */
export const TOKENS: readonly string[] = [
    'institution', 'division', 'discipline', 'collection', 'library', 'role', 'in', 'from', 'allow', 'user', 'agent', 'specify6',
    'access', 'admin', 'type', 'code', 'description', 'roles', 'group', 'collections',
    '{', '}', ':', ',', '"', '//', '/*', '*/', '%', '_', '/', ...NAMES.slice(0, 6), ...STRINGS.slice(0, 3), ...RESOURCE_PATTERNS.slice(0, 4)
];

/** Characters worth inserting besides random ones. */
export const ODD_CHARACTERS: readonly string[] = [
    '"', '\\', '#', ';', '\n', '\r', '\r\n', '\t', '\u0000', '\u00a0', '\u2028', '\ufeff', '\ud800', 'é', '😀', '{', '}', ':', ','
];
