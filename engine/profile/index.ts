/**
 * Profiles: every resource and action of Specify's permission preview for one user, and every user
 * allowed one action on one resource, each with the stored rows that made it so.
 */
export { profile, profileEntries } from './profile.js';
export { grantedByPolicy } from './tally.js';
export { whoCan } from './who-can.js';
export { grantLabel, grantSource, grantsOf, type Grant } from './grants.js';
export type {
    KindSummary,
    OperationEntry,
    PermissionProfile,
    PreferenceEntry,
    ProfileCell,
    ProfileEntry,
    ProfileKind,
    ProfileOptions,
    ProfileSummary,
    ProfileWhere,
    TableEntry,
    ToolCell,
    ToolEntry,
    WhoCanAnswer,
    WhoCanEntry,
    WhoCanOptions,
    WhoCanQuery
} from './types.js';
