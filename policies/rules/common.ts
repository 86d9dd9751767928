/**
 * Shared pieces of the rules: resource type tokens, config defaults, unknown-aware reads, IAM
 * policy-document parsing and matching. Facts about Device Defender come from components/facts.
 *
 * Only types are imported from @pulumi/policy, so the rules behave the same whichever copy of the
 * package (the pack's own or the project's) loads them.
 */
import type {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import { AlertTargetArns, alertTargetProblems, DYNAMIC_TYPES } from "../../components/facts";
import { checkedConfig, ConfigCheck, register } from "./config";

/** AWS resource type tokens the rules look at (a test checks them against @pulumi/aws). */
export const AWS = {
    Provider: "pulumi:providers:aws",
    Topic: "aws:sns/topic:Topic",
    TopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    TopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
    KmsKey: "aws:kms/key:Key",
    KmsAlias: "aws:kms/alias:Alias",
    Role: "aws:iam/role:Role",
    RolePolicy: "aws:iam/rolePolicy:RolePolicy",
    RolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    Policy: "aws:iam/policy:Policy",
    PolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    UserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    GroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    UserPolicy: "aws:iam/userPolicy:UserPolicy",
    GroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    MetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    Dashboard: "aws:cloudwatch/dashboard:Dashboard",
    LogGroup: "aws:cloudwatch/logGroup:LogGroup",
    EventRule: "aws:cloudwatch/eventRule:EventRule",
    Queue: "aws:sqs/queue:Queue",
    Function: "aws:lambda/function:Function",
    Table: "aws:dynamodb/table:Table",
    ThingGroup: "aws:iot/thingGroup:ThingGroup",
    IotPolicy: "aws:iot/policy:Policy",
    TopicRule: "aws:iot/topicRule:TopicRule",
    ContributorInsightRule: "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
    ProductSubscription: "aws:securityhub/productSubscription:ProductSubscription",
} as const;

/** AWS resource types that take `tags` (and get the provider's defaultTags). */
export const TAGGABLE_AWS_TYPES: readonly string[] = [
    AWS.Topic,
    AWS.KmsKey,
    AWS.Role,
    AWS.Policy,
    AWS.MetricAlarm,
    AWS.LogGroup,
    AWS.EventRule,
    AWS.Queue,
    AWS.Function,
    AWS.Table,
    AWS.ThingGroup,
    AWS.IotPolicy,
    AWS.TopicRule,
    AWS.ContributorInsightRule,
];

/** Dynamic resources whose API takes `tags` as [{Key, Value}] (the account audit's go on its scheduled audits). */
export const TAGGABLE_DYNAMIC_TYPES: readonly string[] = [
    DYNAMIC_TYPES.SecurityProfile,
    DYNAMIC_TYPES.AccountAudit,
    DYNAMIC_TYPES.MitigationAction,
    DYNAMIC_TYPES.CustomMetric,
    DYNAMIC_TYPES.Dimension,
];

// ---------------------------------------------------------------------------------------------
// Config

/**
 * A policy's config: its schema defaults, overridden by what `getConfig()` returns, checked against
 * the policy's schema and checks (config.ts): a bad value stops the run, never weakens the rule.
 */
export function configOf<T extends object>(
    args: ResourceValidationArgs | StackValidationArgs,
    defaults: T,
): T {
    return checkedConfig(defaults, args.getConfig<Partial<T>>());
}

/**
 * A config schema whose every property's `default` comes from one defaults object; `configOf`
 * checks given values against it, and against `check` for what a schema cannot say.
 */
export function schemaWithDefaults(
    defaults: Record<string, unknown>,
    properties: PolicyConfigSchema["properties"],
    check?: ConfigCheck,
): PolicyConfigSchema {
    const withDefaults: PolicyConfigSchema["properties"] = {};
    for (const [k, p] of Object.entries(properties)) {
        withDefaults[k] = { ...p, default: defaults[k] as never };
    }
    const schema = { properties: withDefaults };
    register(defaults, schema, check);
    return schema;
}

// ---------------------------------------------------------------------------------------------
// Unknown values (preview)

/** Whether an error is the UnknownValueError the props proxy throws (duck-typed: any copy of @pulumi/policy). */
export function isUnknownValueError(e: unknown): boolean {
    return (
        e instanceof Error &&
        e.constructor.name === "UnknownValueError" &&
        Array.isArray((e as { props?: unknown }).props)
    );
}

export type Read<T> = { known: true; value: T } | { known: false; error: Error };

/** Runs a read that may touch an unknown value; other errors propagate. */
export function read<T>(fn: () => T): Read<T> {
    try {
        return { known: true, value: fn() };
    } catch (e) {
        if (isUnknownValueError(e)) return { known: false, error: e as Error };
        throw e;
    }
}

/**
 * A deep plain copy of a (proxied) value: reading it all throws UnknownValueError if any part is
 * unknown, which is what the server turns into a "can't run during preview" note.
 */
export function plain(value: unknown): Props[string] {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value))
        return Array.from({ length: value.length }, (_, i) => plain(value[i]));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = plain((value as Record<string, unknown>)[k]);
    return out;
}

export const isObject = (v: unknown): v is Props =>
    v !== null && typeof v === "object" && !Array.isArray(v);
export const asArray = <T>(v: T | T[] | undefined | null): T[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
export const nonEmptyString = (v: unknown): v is string =>
    typeof v === "string" && v.trim().length > 0;

// ---------------------------------------------------------------------------------------------
// IAM documents

export interface Statement {
    Sid?: string;
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document given as JSON text or as an object (reads every part). */
export function statements(doc: unknown): Statement[] {
    const value = typeof doc === "string" ? parseJson(doc) : plain(doc);
    if (!isObject(value)) return [];
    return asArray(value.Statement).filter(isObject) as Statement[];
}

/** Stands for an ARN unknown until deploy (a resource the stack creates): set, its format waits for `pulumi up`. */
export const UNKNOWN_ARN = "(ARN unknown until deploy)";

/** Statement keys whose leaves are ARNs or principals: an unknown one there names a resource, never every resource. */
const ARN_KEYS = new Set(["Resource", "NotResource", "Principal", "NotPrincipal"]);

/**
 * The statements of a policy document as a resource rule reads them in preview: an unknown leaf
 * under Resource or Principal becomes UNKNOWN_ARN (a named, non-wildcard value); an unknown
 * anywhere else (Effect, Action, Condition) still stops the rule, since it could change the verdict.
 */
export function statementsWithUnknownArns(doc: unknown): Statement[] {
    if (typeof doc === "string" || !isObject(doc)) return statements(doc);
    return asArray(doc.Statement)
        .filter(isObject)
        .map(s =>
            Object.fromEntries(
                Object.keys(s).map(k => [k, ARN_KEYS.has(k) ? arnLeaves(() => s[k]) : plain(s[k])]),
            ),
        ) as Statement[];
}

/** A plain copy of an ARN-holding value (read through `get`) with each unknown leaf as UNKNOWN_ARN. */
function arnLeaves(get: () => unknown): unknown {
    const r = read(get);
    if (!r.known) return UNKNOWN_ARN;
    const v = r.value;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => arnLeaves(() => v[i]));
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).map(k => [k, arnLeaves(() => o[k])]));
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** IAM-style wildcard match (`*` and `?`), case-insensitive for actions. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
    const re = new RegExp(
        `^${pattern
            .split("")
            .map(c => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
            .join("")}$`,
        caseInsensitive ? "i" : "",
    );
    return re.test(value);
}

export const actionsOf = (s: Statement): string[] =>
    asArray(s.Action).filter((a): a is string => typeof a === "string");
export const resourcesOf = (s: Statement): string[] =>
    asArray(s.Resource).filter((r): r is string => typeof r === "string");
export const isAllow = (s: Statement) => s.Effect === "Allow";

/** Whether a statement's Action covers `action` (NotAction statements are not counted as grants). */
export function coversAction(s: Statement, action: string): boolean {
    return actionsOf(s).some(a => wildcardMatch(a, action, true));
}

export function coversResource(s: Statement, arn: string): boolean {
    return resourcesOf(s).some(r => wildcardMatch(r, arn));
}

/** Service principals a (trust) statement names. */
export function servicePrincipals(s: Statement): string[] {
    const p = s.Principal;
    if (!isObject(p)) return [];
    return asArray(p.Service).filter((x): x is string => typeof x === "string");
}

/** Whether a trust statement lets `service` assume the role. */
export function trustsService(s: Statement, service: string): boolean {
    return (
        isAllow(s) &&
        servicePrincipals(s).includes(service) &&
        (actionsOf(s).length === 0 || coversAction(s, "sts:AssumeRole"))
    );
}

/** One condition test of a statement: operator, key as written (IAM condition keys are case-insensitive) and values. */
export interface ConditionTest {
    operator: string;
    key: string;
    values: unknown[];
}

/** The condition tests of a statement. */
export function conditionTests(s: Statement): ConditionTest[] {
    if (!isObject(s.Condition)) return [];
    return Object.entries(s.Condition)
        .filter(([, block]) => isObject(block))
        .flatMap(([operator, block]) =>
            Object.entries(block).map(([key, value]) => ({
                operator,
                key,
                values: asArray(value),
            })),
        );
}

// ---------------------------------------------------------------------------------------------
// Stack helpers

export const ofType = (resources: readonly PolicyResource[], type: string) =>
    resources.filter(r => r.type === type);

/** The last segment of a role ARN (`arn:aws:iam::123:role/path/name` → `name`). */
export function roleNameFromArn(arn: string): string | undefined {
    const m = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m?.[1];
}

// ---------------------------------------------------------------------------------------------
// Alert targets

/** An ARN field of an alert target, which of its ARNs it holds and what to say when it is missing or malformed. */
export interface ArnField {
    field: string;
    holds: keyof AlertTargetArns;
    missing: string;
    malformed: string;
}

/**
 * Checks the ARN fields of an alert target (`at` is its path, for messages). An ARN unknown until
 * deploy (a new topic or role) is set: only its format waits for `pulumi up`.
 */
export function checkArnFields(
    target: Props,
    at: string,
    fields: readonly ArnField[],
    report: Report,
): void {
    const unknown = Symbol("unknown");
    const arns: Record<string, unknown> = {};
    for (const { field, holds } of fields) {
        const arn = read(() => target[field]);
        arns[holds] = arn.known ? arn.value : unknown;
    }
    for (const { field: holds, problem } of alertTargetProblems(arns, v => v === unknown)) {
        const { field, missing, malformed } = fields.find(f => f.holds === holds)!;
        if (problem === "missing" || problem === "not-a-string")
            report(`${at}.${field} ${missing}`);
        else report(`${at}.${field} ${JSON.stringify(arns[holds])} ${malformed}`);
    }
}

// ---------------------------------------------------------------------------------------------
// Resource validations

/** A resource's properties as CrossGuard hands them over (its `ResourceValidationArgs.props`). */
export type Props = ResourceValidationArgs["props"];
export type Report = (message: string, urn?: string) => void;

/**
 * A resource validation for some types: `args.notApplicable` for every other type. A one-type
 * validation carries `__pulumiType`, as `validateResourceOfType` does, so the server can skip other
 * types without calling it.
 */
export function forTypes(
    types: readonly string[],
    validate: (props: Props, args: ResourceValidationArgs, report: Report) => void | Promise<void>,
): ResourceValidation {
    const fn = (args: ResourceValidationArgs, report: Report) => {
        if (!types.includes(args.type))
            return args.notApplicable(`applies only to ${types.join(", ")}`);
        return validate(args.props, args, report);
    };
    if (types.length === 1) (fn as { __pulumiType?: string }).__pulumiType = types[0];
    return fn;
}

/**
 * Collects unknown reads while a check goes on with what is known; `violation` throws the first
 * unknown instead of reporting when an unknown value could have changed the verdict.
 */
export class Unknowns {
    private readonly errors: Error[] = [];
    /** The value, or undefined (remembered) if it is unknown. */
    get<T>(fn: () => T): T | undefined {
        const r = read(fn);
        if (r.known) return r.value;
        this.errors.push(r.error);
        return undefined;
    }
    get any(): boolean {
        return this.errors.length > 0;
    }
    /** Reports, unless something unknown might have satisfied the rule (then rethrows the unknown). */
    violation(report: Report, message: string, urn?: string): void {
        this.rethrow();
        report(message, urn);
    }
    /** Runs a check; if it stops on an unknown, remembers it and returns, so the next checks still run. */
    run(check: () => void): void {
        const r = read(check);
        if (!r.known) this.errors.push(r.error);
    }
    /** Throws the first unknown remembered, if any: what was not checked becomes the server's preview note. */
    rethrow(): void {
        if (this.errors.length > 0) throw this.errors[0];
    }
}
