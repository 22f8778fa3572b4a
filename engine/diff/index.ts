/**
 * Diffs: the effective-permission changes between two versions of a model (what each user may now
 * do, or no longer do, where, and which grants make it so), never a textual diff.
 */
export { diffModels } from './diff-models.js';
export { escalationsOf, isInstitutionAdmin } from './escalations.js';
export type { CellChange, DiffSummary, DiffWork, EscalationKind, ModelDiff, PlaceDiff, UserDiff } from './types.js';
