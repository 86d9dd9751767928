/**
 * IAM rules: identity policies grant nothing wholesale (no wildcard writes on every resource or
 * every service, no whole-service wildcards). The trust rules are `./trust`.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    actionsOf,
    AWS,
    asArray,
    configOf,
    forTypes,
    isAllow,
    isObject,
    nonEmptyString,
    Props,
    resourcesOf,
    schemaWithDefaults,
    Statement,
    statementsWithUnknownArns,
    wildcardMatch,
} from "./common";
import { trustPolicies } from "./trust";

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
    forbiddenManagedPolicies: [
        "AdministratorAccess",
        "PowerUserAccess",
        "IAMFullAccess",
        "AWSIoTFullAccess",
        "AWSIoTConfigAccess",
    ],
    /** Services none of whose write actions an identity policy may allow, on any resource (privilege escalation). */
    privilegedServices: ["iam", "organizations"],
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

/** A whole-service wildcard (`iam:*`, `iot:*`): every action of one service, present and future. */
export function isWholeServiceAction(action: string): boolean {
    const [service, verb] = action.split(":");
    return !!service && verb !== undefined && /^\*+$/.test(verb);
}

/**
 * The problems of one identity-policy statement. `allowed` may hold wildcards
 * (`iot:Start*MitigationActionsTask`); `privileged` are services whose writes are never allowed.
 */
export function statementProblems(
    s: Statement,
    allowed: readonly string[],
    privileged: readonly string[] = WILDCARD_DEFAULTS.privilegedServices,
): string[] {
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
    const whole = actions.filter(isWholeServiceAction);
    if (whole.length > 0)
        return [
            `${sid} allows ${whole.join(", ")}: every action of the service, whatever the resource; name the actions`,
        ];
    const escalating = actions.filter(
        a =>
            privileged.includes(a.split(":")[0].toLowerCase()) &&
            !isReadOnlyAction(a) &&
            !allowed.some(p => wildcardMatch(p, a, true)),
    );
    if (escalating.length > 0)
        return [
            `${sid} allows ${escalating.join(", ")}: writes of ${privileged.join(", ")} let the role change permissions (privilege escalation), whatever the resource`,
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

/** Writes no exemption may cover: every write of IAM, the service permissions are changed with. */
const ALWAYS_PRIVILEGED = "iam";
/** The managed policy the rule exists to keep off (full access to everything). */
const ALWAYS_FORBIDDEN = "AdministratorAccess";

/**
 * Config values that would void the rule rather than tune it: an exemption spanning a whole
 * service or a privileged service's writes, IAM no longer privileged, AdministratorAccess allowed.
 */
function hollowWildcardConfig(cfg: Record<string, unknown>): string[] {
    const privileged = cfg.privilegedServices as string[];
    const problems = (cfg.allowedActionsOnAnyResource as string[])
        .filter(
            a =>
                isWholeServiceAction(a) ||
                (privileged.includes(a.split(":")[0].toLowerCase()) && !isReadOnlyAction(a)),
        )
        .map(
            a =>
                `allowedActionsOnAnyResource ${JSON.stringify(a)} would exempt every action of its service or a write of a privileged service (${privileged.join(", ")}): name the actions without resource-level permissions`,
        );
    if (!privileged.includes(ALWAYS_PRIVILEGED))
        problems.push(
            `privilegedServices must include ${JSON.stringify(ALWAYS_PRIVILEGED)} (its writes change permissions); got ${JSON.stringify(privileged)}`,
        );
    if (!(cfg.forbiddenManagedPolicies as string[]).includes(ALWAYS_FORBIDDEN))
        problems.push(
            `forbiddenManagedPolicies must include ${JSON.stringify(ALWAYS_FORBIDDEN)}; got ${JSON.stringify(cfg.forbiddenManagedPolicies)}`,
        );
    return problems;
}

export const iamNoWildcards: ResourceValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description:
        'No IAM identity-policy statement (role inline policies, RolePolicy, iam.Policy, user and group policies) allows "*" actions, actions of every service ("*:Get*"), every action of one service ("iam:*"), NotAction, write actions of privilegedServices (iam, organizations) on any resource, or write actions on every resource (Resource "*", an ARN whose resource part is only wildcards such as arn:aws:s3:::*, or NotResource) except allowedActionsOnAnyResource (which may hold wildcards); no forbiddenManagedPolicies are attached (to roles, users or groups). KMS key policies, SNS topic policies and other resource policies are out of scope: there "*" means the resource itself.',
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: schemaWithDefaults(
        WILDCARD_DEFAULTS,
        {
            allowedActionsOnAnyResource: {
                type: "array",
                items: { type: "string", pattern: "^[a-zA-Z0-9-]+:[A-Za-z0-9*]+$" },
            },
            forbiddenManagedPolicies: { type: "array", items: { type: "string", minLength: 1 } },
            privilegedServices: {
                type: "array",
                items: { type: "string", pattern: "^[a-z0-9-]+$" },
            },
        },
        hollowWildcardConfig,
    ),
    validateResource: forTypes(POLICY_TYPES, (props, args, report) => {
        const cfg = configOf(args, WILDCARD_DEFAULTS);
        const docs = documents(args.type, props);
        const managed = attachedManagedPolicies(args.type, props);
        if (docs.length === 0 && managed.length === 0) args.notApplicable("no identity policy");
        for (const { where, doc } of docs) {
            for (const s of statementsWithUnknownArns(doc))
                for (const p of statementProblems(
                    s,
                    cfg.allowedActionsOnAnyResource,
                    cfg.privilegedServices,
                ))
                    report(`${where}: ${p}`);
        }
        for (const arn of managed) {
            const m = /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
            if (m && cfg.forbiddenManagedPolicies.includes(m[1]))
                report(`attaches the AWS-managed ${m[1]} policy`);
        }
    }),
};

export const iamPolicies = [...trustPolicies, iamNoWildcards];
