/**
 * Engine lint: every rule over a PolicyModel, as the CLI and the editor run them. Rules live one per
 * file in `rules/`, each documented in docs/lint/<code>.md.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { PolicyModel } from '../model/policy-model.js';
import { ModelIndex } from '../model/stored.js';
import { runRules, type LintRule } from './rule.js';
import { agentInUse } from './rules/agent-in-use.js';
import { allResource } from './rules/all-resource.js';
import { duplicateName } from './rules/duplicate-name.js';
import { duplicateRoleName } from './rules/duplicate-role-name.js';
import { emptyPolicy } from './rules/empty-policy.js';
import { escalation } from './rules/escalation.js';
import { ineffectiveWithout } from './rules/ineffective-without.js';
import { institutionAdminTwice } from './rules/institution-admin-twice.js';
import { institutionOnlyPolicy } from './rules/institution-only-policy.js';
import { lossyExport } from './rules/lossy-export.js';
import { missingAgent } from './rules/missing-agent.js';
import { multipleAgents } from './rules/multiple-agents.js';
import { noInstitutionAdmin } from './rules/no-institution-admin.js';
import { redundantPolicy } from './rules/redundant-policy.js';
import { roleNotInCollection } from './rules/role-not-in-collection.js';
import { rolesWithoutAccess } from './rules/roles-without-access.js';
import { uncheckedAction } from './rules/unchecked-action.js';
import { unknownAction } from './rules/unknown-action.js';
import { unknownDisciplineType } from './rules/unknown-discipline-type.js';
import { unknownResource } from './rules/unknown-resource.js';
import { unknownSpecify6Group } from './rules/unknown-specify6-group.js';
import { unusedRole } from './rules/unused-role.js';
import { unusedTemplate } from './rules/unused-template.js';

export { createRule, runRules, type LintContext, type LintRule, type Report, type RuleDefinition } from './rule.js';
export { likeContains } from './like-contains.js';

/** Every rule, in the order they run (the output is sorted anyway). */
export const rules: readonly LintRule[] = Object.freeze([
    unknownResource,
    unknownAction,
    uncheckedAction,
    emptyPolicy,
    ineffectiveWithout,
    institutionOnlyPolicy,
    allResource,
    redundantPolicy,
    duplicateName,
    duplicateRoleName,
    noInstitutionAdmin,
    institutionAdminTwice,
    missingAgent,
    multipleAgents,
    agentInUse,
    roleNotInCollection,
    rolesWithoutAccess,
    escalation,
    unusedRole,
    unusedTemplate,
    unknownDisciplineType,
    unknownSpecify6Group,
    lossyExport
]);

/** Runs every rule over the model; diagnostics sorted with compareDiagnostics. */
export function lint(model: PolicyModel): Diagnostic[] {
    return runRules(rules, model, new ModelIndex(model)).sort(compareDiagnostics);
}
