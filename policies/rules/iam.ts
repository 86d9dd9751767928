/**
 * IAM rules: roles AWS IoT assumes are guarded against the confused deputy, and identity policies
 * grant nothing wholesale.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SERVICE_PRINCIPAL } from "../../components/facts";
import {
    actionsOf,
    AWS,
    asArray,
    ConditionTest,
    conditionTests,
    configOf,
    forTypes,
    isAllow,
    isObject,
    nonEmptyString,
    Props,
    resourcesOf,
    schemaWithDefaults,
    Statement,
    statements,
    trustsService,
    wildcardMatch,
} from "./common";

const CONFUSED_DEPUTY_KEYS = ["aws:SourceAccount", "aws:SourceArn"];
const DEPUTY_KEYS = CONFUSED_DEPUTY_KEYS.map(k => k.toLowerCase());
/** Operators that limit a key to the values listed (Not…, Null, …IfExists and ForAllValues: let other requests through). */
const LIMITING_OPERATORS = [
    "stringequals",
    "stringequalsignorecase",
    "stringlike",
    "arnequals",
    "arnlike",
];
const ACCOUNT_ID = /^\d{12}$/;

/** Whether a condition value names one account: a 12-digit aws:SourceAccount, or an aws:SourceArn whose account field is one. */
function namesOneAccount(key: string, value: unknown): boolean {
    if (typeof value !== "string") return false;
    if (key.toLowerCase() === "aws:sourceaccount") return ACCOUNT_ID.test(value);
    const parts = value.split(":");
    return parts[0] === "arn" && parts.length >= 6 && ACCOUNT_ID.test(parts[4]);
}

/** Whether a condition test limits the trust to a named account (so no other account can make IoT assume the role). */
export function limitsToAccount(t: ConditionTest): boolean {
    const operator = t.operator.toLowerCase().replace(/^foranyvalue:/, "");
    return (
        LIMITING_OPERATORS.includes(operator) &&
        t.values.length > 0 &&
        t.values.every(v => namesOneAccount(t.key, v))
    );
}

export const iotTrustConfusedDeputy: ResourceValidationPolicy = {
    name: "iam-iot-trust-confused-deputy",
    description: `IAM roles trusted by ${SERVICE_PRINCIPAL} restrict every such trust statement to a named account with ${CONFUSED_DEPUTY_KEYS.join(" or ")} (a 12-digit account id, or an ARN whose account is one; "*" does not count), so AWS IoT cannot be made to use them on behalf of another account (confused deputy).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Role], (props, args, report) => {
        const trusting = statements(props.assumeRolePolicy).filter(s =>
            trustsService(s, SERVICE_PRINCIPAL),
        );
        if (trusting.length === 0)
            args.notApplicable(`role is not assumable by ${SERVICE_PRINCIPAL}`);
        trusting.forEach(s => {
            const which = `trust statement${s.Sid ? ` ${s.Sid}` : ""}`;
            const tests = conditionTests(s).filter(t => DEPUTY_KEYS.includes(t.key.toLowerCase()));
            if (tests.length === 0) {
                report(
                    `${which} lets ${SERVICE_PRINCIPAL} assume the role without an ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition (confused deputy)`,
                );
            } else if (!tests.some(limitsToAccount)) {
                const shown = tests
                    .map(
                        t =>
                            `${t.operator} ${t.key} ${JSON.stringify(t.values.length === 1 ? t.values[0] : t.values)}`,
                    )
                    .join("; ");
                report(
                    `${which} lets ${SERVICE_PRINCIPAL} assume the role for any account: its condition (${shown}) names no account; use StringEquals aws:SourceAccount with a 12-digit account id, or ArnLike/ArnEquals aws:SourceArn with an ARN whose account is one (confused deputy)`,
                );
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
        "cloudwatch:PutMetricData",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "iot:StartDetectMitigationActionsTask",
        "iot:StartAuditMitigationActionsTask",
    ],
    /** AWS-managed policies that must not be attached (by name). */
    forbiddenManagedPolicies: ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"],
};

/** Read-only verbs: anything else (including `service:*`) is treated as a write. */
const READ_ONLY =
    /^(Get|List|Describe|BatchGet|Query|Scan|Search|Lookup|Select|View|Read|Head)[A-Za-z]*\*?$/;

export function isReadOnlyAction(action: string): boolean {
    const [service, verb] = action.split(":");
    return !!service && !!verb && READ_ONLY.test(verb);
}

/** An action whose service part has a wildcard (`*`, `*:Get*`) spans every service. */
export function isAnyServiceAction(action: string): boolean {
    const colon = action.indexOf(":");
    return /[*?]/.test(colon < 0 ? action : action.slice(0, colon));
}

/**
 * A resource that means every resource: `*`, or an ARN whose resource part (after the fifth colon)
 * is wildcards only (`arn:aws:s3:::*`, `arn:aws:iot:*:*:*`); a trailing `*` before the fifth colon
 * (`arn:aws:s3:*`) spans the resource part too.
 */
export function isAnyResource(resource: string): boolean {
    if (resource === "*") return true;
    const parts = resource.split(":");
    if (parts[0] !== "arn") return false;
    const rest = parts.length >= 6 ? parts.slice(5).join(":") : resource.endsWith("*") ? "*" : "";
    return /^[*/:]*\*[*/:]*$/.test(rest);
}

/** The problems of one identity-policy statement. `allowed` may hold wildcards (`iot:Start*MitigationActionsTask`). */
export function statementProblems(s: Statement, allowed: readonly string[]): string[] {
    if (!isAllow(s)) return [];
    const sid = s.Sid ? `statement ${s.Sid}` : "a statement";
    if (s.NotAction !== undefined)
        return [
            `${sid} allows NotAction ${JSON.stringify(s.NotAction)}: it grants every other action`,
        ];
    const actions = actionsOf(s);
    if (actions.some(a => a === "*" || a === "*:*")) return [`${sid} allows every action ("*")`];
    const anyService = actions.filter(isAnyServiceAction);
    if (anyService.length > 0)
        return [
            `${sid} allows ${anyService.join(", ")} in every service: name the service (service:Action)`,
        ];
    const everything = [
        ...resourcesOf(s)
            .filter(isAnyResource)
            .map(r => JSON.stringify(r)),
        ...(s.NotResource !== undefined ? ["NotResource"] : []),
    ];
    const writes = actions.filter(
        a => !isReadOnlyAction(a) && !allowed.some(p => wildcardMatch(p, a, true)),
    );
    if (everything.length > 0 && writes.length > 0)
        return [
            `${sid} allows ${writes.join(", ")} on every resource (${everything.join(", ")}): name the resources`,
        ];
    return [];
}

/** Resources that attach a managed policy by `policyArn` (to a role, user, group, or several). */
const ATTACHMENT_TYPES: readonly string[] = [
    AWS.RolePolicyAttachment,
    AWS.UserPolicyAttachment,
    AWS.GroupPolicyAttachment,
    AWS.PolicyAttachment,
];
const POLICY_TYPES = [
    AWS.Role,
    AWS.RolePolicy,
    AWS.Policy,
    AWS.UserPolicy,
    AWS.GroupPolicy,
    ...ATTACHMENT_TYPES,
];

/** Identity-policy documents a resource defines, with where they are. */
function documents(type: string, props: Props): { where: string; doc: unknown }[] {
    if (type === AWS.Role) {
        return asArray(props.inlinePolicies)
            .filter(isObject)
            .map((p, i) => ({
                where: `inlinePolicies[${i}] ${p.name ?? ""}`.trim(),
                doc: p.policy,
            }));
    }
    if (ATTACHMENT_TYPES.includes(type)) return [];
    return props.policy === undefined ? [] : [{ where: "policy", doc: props.policy }];
}

function attachedManagedPolicies(type: string, props: Props): string[] {
    if (type === AWS.Role) return asArray(props.managedPolicyArns).filter(nonEmptyString);
    if (ATTACHMENT_TYPES.includes(type))
        return nonEmptyString(props.policyArn) ? [props.policyArn] : [];
    return [];
}

export const iamNoWildcards: ResourceValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description:
        'No IAM identity-policy statement (role inline policies, RolePolicy, iam.Policy, user and group policies) allows "*" actions, actions of every service ("*:Get*") or NotAction, or write actions on every resource (Resource "*", an ARN whose resource part is only wildcards such as arn:aws:s3:::*, or NotResource) except allowedActionsOnAnyResource (which may hold wildcards); no forbiddenManagedPolicies are attached (to roles, users or groups). KMS key policies, SNS topic policies and other resource policies are out of scope: there "*" means the resource itself.',
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: schemaWithDefaults(WILDCARD_DEFAULTS, {
        allowedActionsOnAnyResource: {
            type: "array",
            items: { type: "string", pattern: "^[a-zA-Z0-9-]+:[A-Za-z0-9*]+$" },
        },
        forbiddenManagedPolicies: { type: "array", items: { type: "string" } },
    }),
    validateResource: forTypes(POLICY_TYPES, (props, args, report) => {
        const cfg = configOf(args, WILDCARD_DEFAULTS);
        const docs = documents(args.type, props);
        const managed = attachedManagedPolicies(args.type, props);
        if (docs.length === 0 && managed.length === 0) args.notApplicable("no identity policy");
        for (const { where, doc } of docs) {
            for (const s of statements(doc))
                for (const p of statementProblems(s, cfg.allowedActionsOnAnyResource))
                    report(`${where}: ${p}`);
        }
        for (const arn of managed) {
            const m = /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
            if (m && cfg.forbiddenManagedPolicies.includes(m[1]))
                report(`attaches the AWS-managed ${m[1]} policy`);
        }
    }),
};

export const iamPolicies = [iotTrustConfusedDeputy, iamNoWildcards];
