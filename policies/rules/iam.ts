/**
 * IAM rules: roles AWS IoT assumes are guarded against the confused deputy, and identity policies
 * grant nothing wholesale.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { accountOf } from "./access";
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
    ofType,
    Props,
    resourcesOf,
    schemaWithDefaults,
    Statement,
    statements,
    statementsWithUnknownArns,
    trustsService,
    Unknowns,
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

/** Whether a principal value names every AWS principal (`"*"`, `{"AWS": "*"}`, or `"*"` in a list). */
function isEveryone(p: unknown): boolean {
    return p === "*" || (isObject(p) && asArray(p.AWS).includes("*"));
}

/**
 * Whether a trust statement lets anyone assume the role: it allows sts:AssumeRole (or all of sts)
 * to every AWS principal and no condition limits the caller to a named account.
 */
export function trustsAnyone(s: Statement): boolean {
    if (!isAllow(s) || !isEveryone(s.Principal)) return false;
    const assumes =
        actionsOf(s).length === 0 ||
        actionsOf(s).some(a => wildcardMatch(a, "sts:AssumeRole", true));
    const limited = conditionTests(s).some(
        t =>
            ["aws:principalaccount", "aws:sourceaccount"].includes(t.key.toLowerCase()) &&
            limitsToAccount({ ...t, key: "aws:SourceAccount" }),
    );
    return assumes && !limited;
}

export const iotTrustConfusedDeputy: ResourceValidationPolicy = {
    name: "iam-iot-trust-confused-deputy",
    description: `IAM roles trusted by ${SERVICE_PRINCIPAL} restrict every such trust statement to a named account with ${CONFUSED_DEPUTY_KEYS.join(" or ")} (a 12-digit account id, or an ARN whose account is one; "*" does not count), so AWS IoT cannot be made to use them on behalf of another account (confused deputy), and trust no other statement to every AWS principal ("*", {"AWS": "*"}) without a condition naming an account.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Role], (props, args, report) => {
        const trust = statements(props.assumeRolePolicy);
        const trusting = trust.filter(s => trustsService(s, SERVICE_PRINCIPAL));
        if (trusting.length === 0)
            args.notApplicable(`role is not assumable by ${SERVICE_PRINCIPAL}`);
        for (const s of trust.filter(trustsAnyone)) {
            report(
                `trust statement${s.Sid ? ` ${s.Sid}` : ""} lets any AWS principal assume the role (Principal ${JSON.stringify(s.Principal)}) without a condition naming an account: anyone could act with the role's permissions`,
            );
        }
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

/** The account ids a condition test names (aws:SourceAccount values, the account field of aws:SourceArn values). */
function accountsNamed(t: ConditionTest): string[] {
    return t.values
        .filter((v): v is string => typeof v === "string")
        .map(v => (t.key.toLowerCase() === "aws:sourceaccount" ? v : v.split(":")[4]))
        .filter((a): a is string => a !== undefined && ACCOUNT_ID.test(a));
}

export const iotTrustOwnAccount: StackValidationPolicy = {
    name: "iam-iot-trust-own-account",
    description: `The ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition of every ${SERVICE_PRINCIPAL} trust statement names the role's own account: naming another account lets AWS IoT in that account use the role (and breaks it for this one).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const unknowns = new Unknowns();
        let checked = 0;
        for (const role of ofType(args.resources, AWS.Role)) {
            const trust = unknowns.get(() => statements(role.props.assumeRolePolicy)) ?? [];
            const tests = trust
                .filter(s => trustsService(s, SERVICE_PRINCIPAL))
                .flatMap(s => conditionTests(s))
                .filter(t => DEPUTY_KEYS.includes(t.key.toLowerCase()) && limitsToAccount(t));
            if (tests.length === 0) continue;
            checked++;
            const arn = unknowns.get(() => role.props.arn);
            const own = typeof arn === "string" ? accountOf(arn) : undefined;
            if (own === undefined) continue; // unknown until deploy: remembered, checked at `pulumi up`
            const others = [...new Set(tests.flatMap(accountsNamed))].filter(a => a !== own);
            if (others.length > 0)
                report(
                    `role ${role.name} (account ${own}) lets ${SERVICE_PRINCIPAL} assume it for account ${others.join(", ")}: its ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition must name ${own}`,
                    role.urn,
                );
        }
        if (checked === 0 && !unknowns.any)
            args.notApplicable(`no role trusted by ${SERVICE_PRINCIPAL} with an account condition`);
        unknowns.rethrow();
    },
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

export const iamNoWildcards: ResourceValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description:
        'No IAM identity-policy statement (role inline policies, RolePolicy, iam.Policy, user and group policies) allows "*" actions, actions of every service ("*:Get*"), every action of one service ("iam:*"), NotAction, write actions of privilegedServices (iam, organizations) on any resource, or write actions on every resource (Resource "*", an ARN whose resource part is only wildcards such as arn:aws:s3:::*, or NotResource) except allowedActionsOnAnyResource (which may hold wildcards); no forbiddenManagedPolicies are attached (to roles, users or groups). KMS key policies, SNS topic policies and other resource policies are out of scope: there "*" means the resource itself.',
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: schemaWithDefaults(WILDCARD_DEFAULTS, {
        allowedActionsOnAnyResource: {
            type: "array",
            items: { type: "string", pattern: "^[a-zA-Z0-9-]+:[A-Za-z0-9*]+$" },
        },
        forbiddenManagedPolicies: { type: "array", items: { type: "string" } },
        privilegedServices: { type: "array", items: { type: "string", pattern: "^[a-z0-9-]+$" } },
    }),
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

export const iamPolicies = [iotTrustConfusedDeputy, iotTrustOwnAccount, iamNoWildcards];
