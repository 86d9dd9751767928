/**
 * Input checks of the stack's scheduled audits (`scheduledAudits`): names, frequency and the day
 * field it uses, and target checks, each of which the configuration must enable. Values unknown in
 * preview are skipped.
 */
import {
    AUDIT_FREQUENCIES,
    AuditFrequency,
    DAY_OF_MONTH_PATTERN,
    DAYS_OF_WEEK,
    FREQUENCY_DAY_FIELD,
    LIMITS,
    NAME_RULES,
} from "../../facts";
import { CheckFailure } from "../inputChecks";
import { isObject, UNKNOWN } from "../inputs";

const P = "scheduledAudits";
export const DAY_FIELDS = ["dayOfWeek", "dayOfMonth"] as const;

/** A map of scheduled audit name → settings, each running only checks `checks` enables. */
export function checkSchedules(value: unknown, checks: unknown): CheckFailure[] {
    if (value === UNKNOWN) return [];
    if (!isObject(value))
        return [
            {
                property: P,
                reason: `${P} must be a map of scheduled audit name to {frequency, dayOfWeek?, dayOfMonth?, targetCheckNames}; got ${JSON.stringify(value)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    const count = Object.keys(value).length;
    if (count > LIMITS.scheduledAudits)
        failures.push({
            property: P,
            reason: `${P} has ${count} scheduled audits; an account has at most ${LIMITS.scheduledAudits} per region`,
        });
    const rule = NAME_RULES.scheduledAuditName;
    for (const [name, s] of Object.entries(value)) {
        if (!rule.pattern.test(name))
            failures.push({
                property: P,
                reason: `${P} keys must be scheduled audit names (${rule.allowed}); got ${JSON.stringify(name)}`,
            });
        if (s === UNKNOWN) continue;
        if (!isObject(s)) {
            failures.push({
                property: `${P}.${name}`,
                reason: `${P}.${name} must be {frequency, dayOfWeek?, dayOfMonth?, targetCheckNames}; got ${JSON.stringify(s)}`,
            });
            continue;
        }
        failures.push(...checkDays(s, `${P}.${name}`));
        failures.push(...checkTargetChecks(s.targetCheckNames, checks, `${P}.${name}`));
    }
    return failures;
}

/** The frequency, the day field it uses (required) and no other. */
function checkDays(s: Record<string, unknown>, at: string): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const frequency = s.frequency;
    const known = (AUDIT_FREQUENCIES as readonly unknown[]).includes(frequency);
    if (frequency !== UNKNOWN && !known)
        failures.push({
            property: `${at}.frequency`,
            reason: `${at}.frequency must be one of ${AUDIT_FREQUENCIES.join(", ")}; got ${JSON.stringify(frequency)}`,
        });
    const needed = known ? FREQUENCY_DAY_FIELD[frequency as AuditFrequency] : undefined;
    for (const field of DAY_FIELDS) {
        const value = s[field];
        const p = `${at}.${field}`;
        if (known && field === needed && value === undefined) {
            failures.push({
                property: p,
                reason: `${p} is required when frequency is ${frequency}`,
            });
        } else if (known && field !== needed && value !== undefined && value !== UNKNOWN) {
            const uses = needed ? `it uses ${needed}` : "it takes no day";
            failures.push({
                property: p,
                reason: `${p} cannot be set when frequency is ${frequency} (${uses}); got ${JSON.stringify(value)}`,
            });
        } else if (value !== undefined) {
            failures.push(...checkDay(field, value, p));
        }
    }
    return failures;
}

function checkDay(field: (typeof DAY_FIELDS)[number], value: unknown, p: string): CheckFailure[] {
    if (value === UNKNOWN) return [];
    if (field === "dayOfWeek" && !(DAYS_OF_WEEK as readonly unknown[]).includes(value))
        return [
            {
                property: p,
                reason: `${p} must be one of ${DAYS_OF_WEEK.join(", ")}; got ${JSON.stringify(value)}`,
            },
        ];
    if (field === "dayOfMonth" && (typeof value !== "string" || !DAY_OF_MONTH_PATTERN.test(value)))
        return [
            {
                property: p,
                reason: `${p} must be a string "1".."31" or "LAST"; got ${JSON.stringify(value)}`,
            },
        ];
    return [];
}

/** At least one check, each named once and enabled by the configuration's checks. */
function checkTargetChecks(targets: unknown, checks: unknown, at: string): CheckFailure[] {
    const p = `${at}.targetCheckNames`;
    if (targets === UNKNOWN) return [];
    if (!Array.isArray(targets) || targets.length === 0)
        return [
            {
                property: p,
                reason: `${p} must list the checks the scheduled audit runs (at least one); got ${JSON.stringify(targets)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    const enabled = isObject(checks) ? checks : undefined;
    targets.forEach((check: unknown, i: number) => {
        if (check === UNKNOWN) return;
        if (typeof check !== "string" || check.trim().length === 0) {
            failures.push({
                property: p,
                reason: `${p} must be non-empty check names; got ${JSON.stringify(check)}`,
            });
            return;
        }
        if (targets.indexOf(check) !== i)
            failures.push({ property: p, reason: `${p} lists ${check} more than once` });
        const c = enabled?.[check];
        if (enabled && (c === undefined || (isObject(c) && c.enabled === false)))
            failures.push({
                property: p,
                reason: `${p} lists ${JSON.stringify(check)}, which auditCheckConfigurations does not enable; a scheduled audit may only run enabled checks`,
            });
    });
    return failures;
}
