/**
 * Whether a policy statement applies to one request, as IAM evaluates it: Action or NotAction,
 * Resource or NotResource, Principal or NotPrincipal (resource policies) and a Condition that can
 * hold for the request. Pure functions over parsed statements, used for identity, KMS key and SNS
 * topic policies alike, so a Deny written with NotAction, a resource policy's grant and an Allow
 * whose condition can never hold are read the way AWS reads them.
 */
import {
    actionsOf,
    asArray,
    conditionTests,
    ConditionTest,
    isObject,
    nonEmptyString,
    resourcesOf,
    Statement,
    wildcardMatch,
} from "./common";
import { arnMatches, isStandIn, sameArn, undecided } from "./standIn";

/** The caller of a request: a role (by ARN) or an AWS service principal. */
export type Caller = { readonly roleArn: string } | { readonly service: string };

/** One request: who asks for which action on which resource, and the condition keys known for it. */
export interface Request {
    readonly caller: Caller;
    readonly action: string;
    readonly resource: string;
    /**
     * Condition keys whose value is known for every such request (lower case). A key absent here
     * may hold any value: a test on it can hold.
     */
    readonly context: Readonly<Record<string, string>>;
}

/** Whether a condition holds for every request, for none, or only for some. */
export type Holds = "always" | "never" | "maybe";

const ACCOUNT = /^arn:([^:]+):[^:]*:[^:]*:(\d{12}):/;

/** The account of an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`). */
export function accountOf(arn: string): string | undefined {
    return ACCOUNT.exec(arn)?.[2];
}

/**
 * The condition keys every request of `caller` on `resource` carries: AWS services call AWS over
 * TLS, a role's requests carry its ARN and account, the resource's account is in its ARN, and
 * `now` is the evaluation time.
 */
export function requestContext(
    caller: Caller,
    resource: string,
    now: Date,
    extra: Record<string, string> = {},
): Record<string, string> {
    const context: Record<string, string> = {
        "aws:securetransport": "true",
        "aws:currenttime": now.toISOString(),
        "aws:epochtime": String(Math.floor(now.getTime() / 1000)),
    };
    const resourceAccount = accountOf(resource);
    if (resourceAccount) context["aws:resourceaccount"] = resourceAccount;
    if ("roleArn" in caller) {
        // A stand-in (preview) is no value a condition can be compared with: the key may hold anything.
        if (!isStandIn(caller.roleArn)) context["aws:principalarn"] = caller.roleArn;
        const account = accountOf(caller.roleArn);
        if (account) context["aws:principalaccount"] = account;
    }
    for (const [k, v] of Object.entries(extra)) context[k.toLowerCase()] = v;
    return context;
}

export function matchesAction(s: Statement, action: string): boolean {
    if (s.NotAction !== undefined)
        return !asArray(s.NotAction).some(
            a => typeof a === "string" && wildcardMatch(a, action, true),
        );
    return actionsOf(s).some(a => wildcardMatch(a, action, true));
}

function matchesResource(s: Statement, resource: string): boolean {
    if (s.NotResource !== undefined)
        return !asArray(s.NotResource).some(r => typeof r === "string" && arnMatches(r, resource));
    if (s.Resource === undefined) return true; // resource policies may leave it out: the resource itself
    return resourcesOf(s).some(r => arnMatches(r, resource));
}

/** Principals a statement names, by kind (`"*"` is every AWS principal). */
function principals(p: unknown): { aws: string[]; service: string[] } {
    if (p === "*") return { aws: ["*"], service: [] };
    if (!isObject(p)) return { aws: [], service: [] };
    return {
        aws: asArray(p.AWS).filter(nonEmptyString),
        service: asArray(p.Service).filter(nonEmptyString),
    };
}

/**
 * Whether a resource-policy principal names the caller itself. An account (its id or root ARN)
 * does not: in a key or topic policy it delegates to the account's IAM policies (see `delegates`).
 */
function namesCaller(p: unknown, caller: Caller): boolean {
    const { aws, service } = principals(p);
    if ("service" in caller) return aws.includes("*") || service.includes(caller.service);
    return aws.some(a => a === "*" || sameArn(a, caller.roleArn));
}

/** Whether a resource-policy statement names the caller's account (root ARN or id): access is then up to IAM. */
export function namesAccountOf(s: Statement, caller: Caller): boolean {
    if (!("roleArn" in caller)) return false;
    const m = ACCOUNT.exec(caller.roleArn);
    const named = principals(s.Principal).aws;
    if (!m) {
        // A role created by the stack, in an account preview does not know: maybe this one.
        const namesAnAccount = named.some(a => /^\d{12}$/.test(a) || /:root$/.test(a));
        return namesAnAccount && isStandIn(caller.roleArn) ? undecided(caller.roleArn) : false;
    }
    const [, partition, account] = m;
    return named.some(a => a === account || a === `arn:${partition}:iam::${account}:root`);
}

const NEGATED = /^(StringNot|ArnNot|NumericNot)/i;

/** Whether one condition test holds for a request whose known keys are `context`. */
export function testHolds(t: ConditionTest, context: Readonly<Record<string, string>>): Holds {
    const operator = t.operator
        .replace(/^(ForAnyValue|ForAllValues):/i, "")
        .replace(/IfExists$/i, "");
    const values = t.values
        .filter((v): v is string | number | boolean =>
            ["string", "number", "boolean"].includes(typeof v),
        )
        .map(String);
    const actual = context[t.key.toLowerCase()];
    if (/^Null$/i.test(operator)) {
        if (actual === undefined || values.length !== 1) return "maybe";
        return values[0].toLowerCase() === "true" ? "never" : "always";
    }
    // No value can match an empty list: a positive test never holds, a negated one always does.
    if (values.length === 0) return NEGATED.test(operator) ? "always" : "never";
    if (actual === undefined) return "maybe";
    const compare = comparison(operator, actual);
    if (!compare) return "maybe";
    const any = values.some(compare);
    return NEGATED.test(operator) ? (any ? "never" : "always") : any ? "always" : "never";
}

/** How an operator compares the request's value with one value of the test; undefined if unknown. */
function comparison(operator: string, actual: string): ((v: string) => boolean) | undefined {
    switch (operator.replace(NEGATED, m => m.replace(/Not$/i, "")).toLowerCase()) {
        case "stringequals":
        case "arnequals":
            return v => v === actual;
        case "stringequalsignorecase":
            return v => v.toLowerCase() === actual.toLowerCase();
        case "stringlike":
        case "arnlike":
            return v => wildcardMatch(v, actual);
        case "bool":
            return v => v.toLowerCase() === actual.toLowerCase();
        case "datelessthan":
            return v => time(actual) < time(v);
        case "datelessthanequals":
            return v => time(actual) <= time(v);
        case "dategreaterthan":
            return v => time(actual) > time(v);
        case "dategreaterthanequals":
            return v => time(actual) >= time(v);
        default:
            return undefined;
    }
}

/** A date condition value: ISO 8601 or epoch seconds. */
function time(v: string): number {
    return /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
}

/** Whether a statement's whole condition (every test must hold) holds for the request. */
export function conditionHolds(s: Statement, context: Readonly<Record<string, string>>): Holds {
    const results = conditionTests(s).map(t => testHolds(t, context));
    if (results.includes("never")) return "never";
    return results.every(r => r === "always") ? "always" : "maybe";
}

/**
 * Whether a statement can apply to the request. `resourcePolicy`: the statement's Principal or
 * NotPrincipal must name the caller; identity-policy statements apply to their own principal.
 */
export function applies(s: Statement, request: Request, resourcePolicy: boolean): boolean {
    if (!matchesAction(s, request.action) || !matchesResource(s, request.resource)) return false;
    if (resourcePolicy) {
        const raw = s as Statement & { NotPrincipal?: unknown };
        const named =
            raw.NotPrincipal !== undefined
                ? !namesCaller(raw.NotPrincipal, request.caller)
                : namesCaller(s.Principal, request.caller);
        if (!named) return false;
    }
    return conditionHolds(s, request.context) !== "never";
}

/** The statements of one policy and whether it is a resource policy (Principal read). */
export interface PolicySet {
    readonly statements: readonly Statement[];
    readonly resourcePolicy: boolean;
}

/** Whether any Deny statement of the sets can apply to the request (a Deny that might hold counts). */
export function denied(request: Request, sets: readonly PolicySet[]): boolean {
    return sets.some(set =>
        set.statements.some(s => s.Effect === "Deny" && applies(s, request, set.resourcePolicy)),
    );
}

/** Whether some Allow statement of the sets can apply to the request. */
export function allowedBy(request: Request, sets: readonly PolicySet[]): boolean {
    return sets.some(set =>
        set.statements.some(s => s.Effect === "Allow" && applies(s, request, set.resourcePolicy)),
    );
}

/**
 * Same-account access: allowed by the identity policies or by the resource policy, and denied by
 * neither (a Deny that might hold wins).
 */
export function permits(
    request: Request,
    identity: readonly Statement[],
    resource: readonly Statement[] = [],
): boolean {
    const sets: PolicySet[] = [
        { statements: identity, resourcePolicy: false },
        { statements: resource, resourcePolicy: true },
    ];
    return !denied(request, sets) && allowedBy(request, sets);
}
