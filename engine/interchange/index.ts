/**
 * Specify's role JSON interchange: the Security and Accounts Export/Import file shape, the REST
 * shapes, the lossy parts of Specify's policy conversions, and POST /permissions/query/ answers.
 */

// ---- Export side -------------------------------------------------------------------------------
export { actionPrefix, getAllActions } from './specify-actions.js';
export {
    ANY,
    COLLECTION_ACCESS,
    decompressPolicies,
    FIELD_WILDCARD,
    PolicyConversionError,
    processPolicies,
    toolOfTableResource,
    type FilePolicy,
    type ServerPolicies
} from './policy-converter.js';
export {
    numberModel,
    numberingToJson,
    specifyName,
    type ModelNumbering,
    type NumberedCollection,
    type NumberedDivision,
    type NumberedLibraryRole,
    type NumberedUser,
    type NumberingJson,
    type RoleCopy
} from './numbering.js';
export {
    exportCollectionRoles,
    exportLibraryRoles,
    exportRole,
    libraryRoleServerPolicies,
    roleServerPolicies,
    serverPoliciesOf,
    stringifyExport,
    type ExportedRole,
    type ServerRow
} from './export-file.js';
export {
    collectionRoleBodies,
    exportInstitution,
    libraryRoleBodies,
    SPECIFY_VERSION,
    userBodies,
    type CollectionRoleBodies,
    type Endpoint,
    type HttpMethod,
    type InterchangeFile,
    type ManifestJson,
    type RoleBody,
    type UserBodies,
    type UserCollectionBodies,
    type UserRolesBody
} from './rest-shapes.js';
export {
    describeHolder,
    lossyConversions,
    lossyFindings,
    lossyLibraryRole,
    lossyRoleCopy,
    type LossyFinding,
    type LossyHolder,
    type LossyKind,
    type LossyRow
} from './lossy.js';
export {
    specifyQueryResponse,
    type MatchingRolePolicy,
    type MatchingUserPolicy,
    type PermissionQuery,
    type QueryDetail,
    type QueryRequest,
    type QueryResponse
} from './query-response.js';

export { exportFor, type ExportResult, type ExportTarget } from './export-target.js';

// ---- Import side ---------------------------------------------------------------------------------
export * from './import/index.js';

// ---- An export --all folder read back ----------------------------------------------------------
export { EXPORT_FORMAT, MANIFEST, readInstitution, storedAs, type ReadInstitutionOptions, type ReadInstitutionResult } from './read-institution.js';
export { workspaceDetails, type WorkspaceDetailsJson } from './workspace-details.js';
export { rolesOfCopies, type RoleCopy as StoredRoleCopy, type RolesOfCopies } from './role-copies.js';
