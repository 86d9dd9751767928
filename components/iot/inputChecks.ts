/**
 * Provider checks shared by the Device Defender providers: Pulumi's input validation before any
 * AWS call (regions, names, ARNs, bounded strings, tags), each failure naming the property, the
 * value and what is allowed.
 */
import {
    ArnProblem,
    ArnRule,
    arnProblem,
    isReservedTagKey,
    REGION_PATTERN,
    ROLE_ARN,
    TAG_LIMITS,
} from "../facts";
import { UNKNOWN } from "./inputs";

/** A property failure, as `check` reports it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** Basic checks shared by every resource: a region and a name matching the API's rule. */
export function checkRegionAndName(
    inputs: Record<string, unknown>,
    nameKey: string,
    rule: { pattern: RegExp; allowed: string },
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const region = inputs.region;
    if (region !== UNKNOWN && (typeof region !== "string" || !REGION_PATTERN.test(region))) {
        failures.push({
            property: "region",
            reason: `region must be an AWS region name like eu-west-1; got ${JSON.stringify(region)}`,
        });
    }
    const name = inputs[nameKey];
    if (name !== UNKNOWN && (typeof name !== "string" || !rule.pattern.test(name))) {
        failures.push({
            property: nameKey,
            reason: `${nameKey} must be ${rule.allowed}; got ${JSON.stringify(name)}`,
        });
    }
    return failures;
}

/** A problem the facts' ARN validator found, worded for `check`. */
export function arnFailure(
    property: string,
    value: unknown,
    problem: ArnProblem,
    rule: ArnRule,
): CheckFailure {
    const allowed =
        problem === "format"
            ? `${rule.what} (${rule.shape})`
            : `a string of ${rule.min}-${rule.max} characters`;
    return { property, reason: `${property} must be ${allowed}; got ${JSON.stringify(value)}` };
}

/** A failure unless the value is unknown or an ARN the rule accepts. */
export function checkArn(value: unknown, property: string, rule: ArnRule): CheckFailure[] {
    const problem = value === UNKNOWN ? undefined : arnProblem(value, rule);
    return problem ? [arnFailure(property, value, problem, rule)] : [];
}

/** A failure unless the value is unknown or an IAM role ARN. */
export function checkRoleArn(value: unknown, property: string): CheckFailure[] {
    return checkArn(value, property, ROLE_ARN);
}

/** A failure unless the value is unknown, absent (when optional) or a string within the bounds. */
export function checkString(
    value: unknown,
    property: string,
    rule: { min?: number; max: number; pattern?: RegExp; optional?: boolean },
): CheckFailure[] {
    if (value === UNKNOWN || (value === undefined && rule.optional)) return [];
    const min = rule.min ?? 1;
    if (
        typeof value !== "string" ||
        value.length < min ||
        value.length > rule.max ||
        (rule.pattern && !rule.pattern.test(value))
    ) {
        const shape = rule.pattern ? ` matching ${rule.pattern}` : "";
        return [
            {
                property,
                reason: `${property} must be a string of ${min}-${rule.max} characters${shape}; got ${JSON.stringify(value)}`,
            },
        ];
    }
    return [];
}

/** Checks `[{Key, Value}]` tags against the API limits; unknown values are skipped. */
export function checkTags(tags: unknown, property = "tags"): CheckFailure[] {
    if (tags === undefined || tags === UNKNOWN) return [];
    if (!Array.isArray(tags))
        return [
            {
                property,
                reason: `${property} must be a list of {Key, Value}; got ${JSON.stringify(tags)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    if (tags.length > TAG_LIMITS.perResource) {
        failures.push({
            property,
            reason: `${property} has ${tags.length} tags; at most ${TAG_LIMITS.perResource} tags are allowed`,
        });
    }
    const seen = new Set<string>();
    tags.forEach((tag: unknown, i: number) => {
        if (tag === UNKNOWN) return;
        const t = tag as { Key?: unknown; Value?: unknown };
        if (!t || typeof t !== "object") {
            failures.push({
                property: `${property}[${i}]`,
                reason: `${property}[${i}] must be {Key, Value}; got ${JSON.stringify(tag)}`,
            });
            return;
        }
        failures.push(...checkString(t.Key, `${property}[${i}].Key`, { max: TAG_LIMITS.keyMax }));
        failures.push(
            ...checkString(t.Value, `${property}[${i}].Value`, {
                min: 0,
                max: TAG_LIMITS.valueMax,
                optional: true,
            }),
        );
        if (typeof t.Key === "string" && t.Key !== UNKNOWN) {
            failures.push(...checkTagKey(t.Key, `${property}[${i}].Key`));
            if (seen.has(t.Key))
                failures.push({
                    property: `${property}[${i}].Key`,
                    reason: `tag key ${JSON.stringify(t.Key)} appears more than once`,
                });
            seen.add(t.Key);
        }
    });
    return failures;
}

/** A tag key's characters (the API's TagKey pattern) and AWS's reserved prefix. */
function checkTagKey(key: string, property: string): CheckFailure[] {
    if (!TAG_LIMITS.keyPattern.test(key)) {
        return [
            {
                property,
                reason: `${property} may hold only letters, digits, spaces and _ . : / = + - @; got ${JSON.stringify(key)}`,
            },
        ];
    }
    if (isReservedTagKey(key)) {
        return [
            {
                property,
                reason: `${property} must not start with "${TAG_LIMITS.reservedPrefix}" in any letter case (reserved for AWS); got ${JSON.stringify(key)}`,
            },
        ];
    }
    return [];
}
