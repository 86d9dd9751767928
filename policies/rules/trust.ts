/**
 * Trust rules: roles AWS IoT assumes are guarded against the confused deputy (a condition naming
 * one account), and that account is the stack's own.
 */
import type {
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { accountOf } from "./access";
import { arnOf } from "./preview";
import { SERVICE_PRINCIPAL } from "../../components/facts";
import {
    actionsOf,
    AWS,
    asArray,
    ConditionTest,
    conditionTests,
    forTypes,
    isAllow,
    isObject,
    ofType,
    Statement,
    statements,
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

/**
 * Roles of one provider whose account preview does not know are still in one account: when their
 * IoT trusts name different accounts, at most one is their own. Reports each role naming an account
 * other than the one most of them name (every role, on a tie).
 */
function reportSplitAccounts(
    roles: readonly { role: PolicyResource; accounts: string[] }[],
    report: (message: string, urn?: string) => void,
): void {
    const byProvider = new Map<string, { role: PolicyResource; accounts: string[] }[]>();
    for (const r of roles) {
        const key = r.role.provider?.urn ?? "";
        byProvider.set(key, [...(byProvider.get(key) ?? []), r]);
    }
    for (const group of byProvider.values()) {
        const named = [...new Set(group.flatMap(r => r.accounts))];
        if (named.length < 2) continue;
        const count = (a: string) => group.filter(r => r.accounts.includes(a)).length;
        const most = Math.max(...named.map(count));
        const majority = named.filter(a => count(a) === most);
        const own = majority.length === 1 ? majority[0] : undefined;
        for (const { role, accounts } of group) {
            const others = accounts.filter(a => a !== own);
            if (others.length === 0) continue;
            report(
                `role ${role.name} lets ${SERVICE_PRINCIPAL} assume it for account ${others.join(", ")}, while roles created with it in one account (the same provider) name ${named.filter(a => !others.includes(a)).join(", ") || "other accounts"}: at most one of these is their own account, which its ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition must name`,
                role.urn,
            );
        }
    }
}

export const iotTrustOwnAccount: StackValidationPolicy = {
    name: "iam-iot-trust-own-account",
    description: `The ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition of every ${SERVICE_PRINCIPAL} trust statement names the role's own account: naming another account lets AWS IoT in that account use the role (and breaks it for this one).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const unknowns = new Unknowns();
        let checked = 0;
        const accountUnknown: { role: PolicyResource; accounts: string[] }[] = [];
        for (const role of ofType(args.resources, AWS.Role)) {
            const trust = unknowns.get(() => statements(role.props.assumeRolePolicy)) ?? [];
            const tests = trust
                .filter(s => trustsService(s, SERVICE_PRINCIPAL))
                .flatMap(s => conditionTests(s))
                .filter(t => DEPUTY_KEYS.includes(t.key.toLowerCase()) && limitsToAccount(t));
            if (tests.length === 0) continue;
            checked++;
            const named = [...new Set(tests.flatMap(accountsNamed))];
            // In preview the role's ARN is a stand-in: its account is known when the provider's is.
            const arn = arnOf(role, args.resources);
            const own = arn ? accountOf(arn) : undefined;
            if (own === undefined) {
                unknowns.get(() => role.props.arn); // remembered: checked at `pulumi up`
                accountUnknown.push({ role, accounts: named });
                continue;
            }
            const others = named.filter(a => a !== own);
            if (others.length > 0)
                report(
                    `role ${role.name} (account ${own}) lets ${SERVICE_PRINCIPAL} assume it for account ${others.join(", ")}: its ${CONFUSED_DEPUTY_KEYS.join(" or ")} condition must name ${own}`,
                    role.urn,
                );
        }
        reportSplitAccounts(accountUnknown, report);
        if (checked === 0 && !unknowns.any)
            args.notApplicable(`no role trusted by ${SERVICE_PRINCIPAL} with an account condition`);
        unknowns.rethrow();
    },
};

export const trustPolicies = [iotTrustConfusedDeputy, iotTrustOwnAccount];
