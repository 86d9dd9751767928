/**
 * IAM rules: roles AWS IoT assumes are guarded against the confused deputy, and identity policies
 * grant nothing wholesale.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SERVICE_PRINCIPAL } from "../../components/facts";
import { actionsOf, AWS, asArray, conditionKeys, configOf, forTypes, isAllow, isObject, nonEmptyString, Props, resourcesOf, schemaWithDefaults, Statement, statements, trustsService } from "./common";

const CONFUSED_DEPUTY_KEYS = ["aws:SourceAccount", "aws:SourceArn"];

export const iotTrustConfusedDeputy: ResourceValidationPolicy = {
    name: "iam-iot-trust-confused-deputy",
    description: `IAM roles trusted by ${SERVICE_PRINCIPAL} restrict every such trust statement with ${CONFUSED_DEPUTY_KEYS.join(" or ")}, so AWS IoT cannot be made to use them on behalf of another account (confused deputy).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Role], (props, args, report) => {
        const trusting = statements(props.assumeRolePolicy).filter(s => trustsService(s, SERVICE_PRINCIPAL));
        if (trusting.length === 0) args.notApplicable(`role is not assumable by ${SERVICE_PRINCIPAL}`);
        const wanted = CONFUSED_DEPUTY_KEYS.map(k => k.toLowerCase());
        trusting.forEach(s => {
            if (!conditionKeys(s).some(k => wanted.includes(k))) {
                report(`trust statement${s.Sid ? ` ${s.Sid}` : ""} lets ${SERVICE_PRINCIPAL} assume the role without an ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition (confused deputy)`);
            }
        });
    }),
};

const WILDCARD_DEFAULTS = {
    /**
     * Actions AWS only grants on Resource "*" (no resource-level permissions). Mitigation tasks name
     * violations, audit tasks and findings, never a resource an ARN could name: the responder Lambda
     * can start them only on "*".
     */
    allowedActionsOnAnyResource: [
        "cloudwatch:PutMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
        "iot:StartDetectMitigationActionsTask", "iot:StartAuditMitigationActionsTask",
    ],
    /** AWS-managed policies that must not be attached (by name). */
    forbiddenManagedPolicies: ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"],
};

/** Read-only verbs: anything else (including `service:*`) is treated as a write. */
const READ_ONLY = /^(Get|List|Describe|BatchGet|Query|Scan|Search|Lookup|Select|View|Read|Head)[A-Za-z]*\*?$/;

export function isReadOnlyAction(action: string): boolean {
    const [service, verb] = action.split(":");
    return !!service && !!verb && READ_ONLY.test(verb);
}

/** The problems of one identity-policy statement. */
export function statementProblems(s: Statement, allowed: readonly string[]): string[] {
    if (!isAllow(s)) return [];
    const sid = s.Sid ? `statement ${s.Sid}` : "a statement";
    if (s.NotAction !== undefined) return [`${sid} allows NotAction ${JSON.stringify(s.NotAction)}: it grants every other action`];
    const actions = actionsOf(s);
    if (actions.some(a => a === "*" || a === "*:*")) return [`${sid} allows every action ("*")`];
    const anyResource = resourcesOf(s).includes("*") || s.NotResource !== undefined;
    const lowered = allowed.map(a => a.toLowerCase());
    const writes = actions.filter(a => !isReadOnlyAction(a) && !lowered.includes(a.toLowerCase()));
    if (anyResource && writes.length > 0) return [`${sid} allows ${writes.join(", ")} on every resource ("*"): name the resources`];
    return [];
}

/** Resources that attach a managed policy by `policyArn` (to a role, user, group, or several). */
const ATTACHMENT_TYPES: readonly string[] = [AWS.RolePolicyAttachment, AWS.UserPolicyAttachment, AWS.GroupPolicyAttachment, AWS.PolicyAttachment];
const POLICY_TYPES = [AWS.Role, AWS.RolePolicy, AWS.Policy, AWS.UserPolicy, AWS.GroupPolicy, ...ATTACHMENT_TYPES];

/** Identity-policy documents a resource defines, with where they are. */
function documents(type: string, props: Props): { where: string; doc: unknown }[] {
    if (type === AWS.Role) {
        return asArray(props.inlinePolicies).filter(isObject).map((p, i) => ({ where: `inlinePolicies[${i}] ${p.name ?? ""}`.trim(), doc: p.policy }));
    }
    if (ATTACHMENT_TYPES.includes(type)) return [];
    return props.policy === undefined ? [] : [{ where: "policy", doc: props.policy }];
}

function attachedManagedPolicies(type: string, props: Props): string[] {
    if (type === AWS.Role) return asArray(props.managedPolicyArns).filter(nonEmptyString);
    if (ATTACHMENT_TYPES.includes(type)) return nonEmptyString(props.policyArn) ? [props.policyArn] : [];
    return [];
}

export const iamNoWildcards: ResourceValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description: "No IAM identity-policy statement (role inline policies, RolePolicy, iam.Policy, user and group policies) allows \"*\" actions or NotAction, or write actions on Resource \"*\" (except allowedActionsOnAnyResource); no forbiddenManagedPolicies are attached (to roles, users or groups). KMS key policies, SNS topic policies and other resource policies are out of scope: there \"*\" means the resource itself.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: schemaWithDefaults(WILDCARD_DEFAULTS, {
        allowedActionsOnAnyResource: { type: "array", items: { type: "string", pattern: "^[a-zA-Z0-9-]+:[A-Za-z0-9*]+$" } },
        forbiddenManagedPolicies: { type: "array", items: { type: "string" } },
    }),
    validateResource: forTypes(POLICY_TYPES, (props, args, report) => {
        const cfg = configOf(args, WILDCARD_DEFAULTS);
        const docs = documents(args.type, props);
        const managed = attachedManagedPolicies(args.type, props);
        if (docs.length === 0 && managed.length === 0) args.notApplicable("no identity policy");
        for (const { where, doc } of docs) {
            for (const s of statements(doc)) for (const p of statementProblems(s, cfg.allowedActionsOnAnyResource)) report(`${where}: ${p}`);
        }
        for (const arn of managed) {
            const m = /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
            if (m && cfg.forbiddenManagedPolicies.includes(m[1])) report(`attaches the AWS-managed ${m[1]} policy`);
        }
    }),
};

export const iamPolicies = [iotTrustConfusedDeputy, iamNoWildcards];
