/**
 * The import side of Specify's role JSON: read (shape, schema and Specify's own checks, with JSON
 * pointers and line:column), turn into model roles, and compare with a workspace as Specify's Import
 * dialog does. Printing the result as spol is language/print-model.ts.
 */
export {
    readDiagnostics,
    readRoles,
    READ_CODES,
    ROLES_SHAPES,
    SHAPE_DESCRIPTIONS,
    type ImportedFileRole,
    type ImportedRole,
    type ImportedServerRole,
    type PolicyLocation,
    type ReadCode,
    type ReadFailure,
    type ReadOptions,
    type ReadProblem,
    type ReadResult,
    type ReadSuccess,
    type RolesShape
} from './read-roles.js';
export {
    compareWithWorkspace,
    importRoles,
    spolIdentifier,
    uniqueIdentifier,
    type ComparisonStatus,
    type ImportedElement,
    type ImportNote,
    type ImportRolesOptions,
    type ImportRolesResult,
    type ImportTarget,
    type RoleComparison
} from './import-roles.js';
export {
    formatPointer,
    JsonDocument,
    LineIndex,
    parseJson,
    parsePointer,
    type JsonLocation,
    type JsonNode,
    type JsonParseResult
} from './json-locations.js';
