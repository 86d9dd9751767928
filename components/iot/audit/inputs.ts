/**
 * Input checks of the account audit resource's configuration part: account, role, notification
 * targets, checks and their thresholds. Values unknown in preview are skipped. Scheduled audits
 * are checked in `scheduleInputs`.
 */
import { ALERT_TARGET_TYPE, AUDIT_CHECKS, TOPIC_ARN } from "../../facts";
import { CheckFailure, checkArn, checkRegionAndName, checkRoleArn } from "../inputChecks";
import { isObject, UNKNOWN } from "../inputs";

const ACCOUNT_ID = /^\d{12}$/;

/** A region and a 12-digit account id. */
export function checkAccount(inputs: Record<string, unknown>): CheckFailure[] {
    return checkRegionAndName(inputs, "accountId", {
        pattern: ACCOUNT_ID,
        allowed: "a 12-digit AWS account id",
    });
}

export function checkTargets(value: unknown): CheckFailure[] {
    const p = "auditNotificationTargetConfigurations";
    if (value === undefined || value === UNKNOWN) return [];
    if (!isObject(value))
        return [
            {
                property: p,
                reason: `${p} must be a map keyed by "${ALERT_TARGET_TYPE}"; got ${JSON.stringify(value)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    for (const [type, t] of Object.entries(value)) {
        if (type !== ALERT_TARGET_TYPE) {
            failures.push({
                property: `${p}.${type}`,
                reason: `${p} key must be "${ALERT_TARGET_TYPE}" (the only notification target type); got ${JSON.stringify(type)}`,
            });
            continue;
        }
        if (t === UNKNOWN) continue;
        if (!isObject(t)) {
            failures.push({
                property: `${p}.${type}`,
                reason: `${p}.${type} must be {targetArn, roleArn, enabled}; got ${JSON.stringify(t)}`,
            });
            continue;
        }
        failures.push(...checkArn(t.targetArn, `${p}.${type}.targetArn`, TOPIC_ARN));
        failures.push(...checkRoleArn(t.roleArn, `${p}.${type}.roleArn`));
        if (t.enabled !== undefined && t.enabled !== UNKNOWN && typeof t.enabled !== "boolean") {
            failures.push({
                property: `${p}.${type}.enabled`,
                reason: `${p}.${type}.enabled must be true or false; got ${JSON.stringify(t.enabled)}`,
            });
        }
    }
    return failures;
}

export function checkChecks(value: unknown): CheckFailure[] {
    const p = "auditCheckConfigurations";
    if (value === UNKNOWN) return [];
    if (!isObject(value))
        return [
            {
                property: p,
                reason: `${p} must be a map of check name to {enabled, configuration?}; got ${JSON.stringify(value)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    let enabled = 0;
    let unknown = false;
    for (const [name, c] of Object.entries(value)) {
        if (name.trim().length === 0)
            failures.push({ property: p, reason: `${p} has an empty check name` });
        if (c === UNKNOWN) {
            unknown = true;
            continue;
        }
        if (!isObject(c)) {
            failures.push({
                property: `${p}.${name}`,
                reason: `${p}.${name} must be {enabled, configuration?}; got ${JSON.stringify(c)}`,
            });
            continue;
        }
        if (c.enabled === UNKNOWN) unknown = true;
        else if (typeof c.enabled !== "boolean")
            failures.push({
                property: `${p}.${name}.enabled`,
                reason: `${p}.${name}.enabled must be true or false; got ${JSON.stringify(c.enabled)}`,
            });
        else if (c.enabled) enabled++;
        failures.push(...checkThreshold(name, c.configuration, `${p}.${name}.configuration`));
    }
    if (enabled === 0 && !unknown)
        failures.push({ property: p, reason: `${p} must enable at least one audit check` });
    return failures;
}

/** A check's configuration: only its own threshold key, days as a string within the check's range. */
function checkThreshold(name: string, configuration: unknown, p: string): CheckFailure[] {
    if (configuration === undefined || configuration === UNKNOWN) return [];
    if (!isObject(configuration))
        return [
            { property: p, reason: `${p} must be a map; got ${JSON.stringify(configuration)}` },
        ];
    const threshold = AUDIT_CHECKS[name]?.threshold;
    const failures: CheckFailure[] = [];
    for (const [key, v] of Object.entries(configuration)) {
        const prop = `${p}.${key}`;
        if (!threshold || key !== threshold.configName) {
            const allowed = threshold
                ? `the only configuration key is ${threshold.configName}`
                : "it takes no configuration";
            failures.push({
                property: prop,
                reason: `${key} is not a configuration of ${name}: ${allowed}`,
            });
            continue;
        }
        if (v === UNKNOWN) continue;
        const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(n >= threshold.min && n <= threshold.max)) {
            failures.push({
                property: prop,
                reason: `${key} must be a string holding a whole number of days from ${threshold.min} to ${threshold.max}; got ${JSON.stringify(v)}`,
            });
        }
    }
    return failures;
}

export function checkAdoptExisting(value: unknown): CheckFailure[] {
    if (value === undefined || value === UNKNOWN || typeof value === "boolean") return [];
    return [
        {
            property: "adoptExisting",
            reason: `adoptExisting must be true or false; got ${JSON.stringify(value)}`,
        },
    ];
}
