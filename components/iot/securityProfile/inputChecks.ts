/** The provider check: a security profile's inputs validated before any AWS call. */
import {
    ALERT_TARGET_TYPE,
    DESCRIPTION_MAX,
    DESCRIPTION_PATTERN,
    MQTT_TOPIC_LENGTH,
    NAME_RULES,
    TARGET_ARN_PATTERN,
    alertTargetProblems,
} from "../../facts";
import { checkBehaviors, checkMetricsToRetain } from "../behaviors";
import {
    CheckFailure,
    arnFailure,
    checkRegionAndName,
    checkRoleArn,
    checkString,
    checkTags,
} from "../inputChecks";
import { UNKNOWN } from "../inputs";
import { SecurityProfileInputs } from "./types";

const REQUIRED = {
    topicArn: "(the SNS topic ARN) is required",
    roleArn: "(the role Device Defender uses to publish) is required",
} as const;

function checkAlertTargets(targets: unknown): CheckFailure[] {
    if (targets === undefined || targets === UNKNOWN) return [];
    if (!targets || typeof targets !== "object" || Array.isArray(targets)) {
        return [
            {
                property: "alertTargets",
                reason: `alertTargets must be a map like { ${ALERT_TARGET_TYPE}: { alertTargetArn, roleArn } }`,
            },
        ];
    }
    const failures: CheckFailure[] = [];
    for (const [key, target] of Object.entries(targets as Record<string, unknown>)) {
        const at = `alertTargets.${key}`;
        if (key !== ALERT_TARGET_TYPE)
            failures.push({
                property: at,
                reason: `alertTargets keys must be "${ALERT_TARGET_TYPE}" (the only alert target type); got ${JSON.stringify(key)}`,
            });
        if (target === UNKNOWN) continue;
        const t = (target && typeof target === "object" ? target : {}) as Record<string, unknown>;
        const arns = { topicArn: t.alertTargetArn, roleArn: t.roleArn };
        for (const { field, problem, rule } of alertTargetProblems(arns, v => v === UNKNOWN)) {
            const key = field === "topicArn" ? "alertTargetArn" : "roleArn";
            failures.push(
                t[key] === undefined
                    ? { property: `${at}.${key}`, reason: `${at}.${key} ${REQUIRED[field]}` }
                    : arnFailure(`${at}.${key}`, t[key], problem, rule),
            );
        }
    }
    return failures;
}

/** The description's length, then its characters (printable ASCII and spaces, as the API allows). */
function checkDescription(value: unknown): CheckFailure[] {
    const property = "securityProfileDescription";
    const length = checkString(value, property, { min: 0, max: DESCRIPTION_MAX, optional: true });
    if (
        length.length > 0 ||
        typeof value !== "string" ||
        value === UNKNOWN ||
        DESCRIPTION_PATTERN.test(value)
    )
        return length;
    return [
        {
            property,
            reason: `${property} may hold only printable ASCII characters and spaces (API pattern [\\p{Graph}\\x20]*), no newlines or tabs; got ${JSON.stringify(value)}`,
        },
    ];
}

function checkExportConfig(config: unknown): CheckFailure[] {
    if (config === undefined || config === UNKNOWN) return [];
    if (!config || typeof config !== "object" || Array.isArray(config)) {
        return [
            {
                property: "metricsExportConfig",
                reason: "metricsExportConfig must be { mqttTopic, roleArn }",
            },
        ];
    }
    const c = config as Record<string, unknown>;
    return [
        ...checkString(c.mqttTopic, "metricsExportConfig.mqttTopic", MQTT_TOPIC_LENGTH),
        ...checkRoleArn(c.roleArn, "metricsExportConfig.roleArn"),
    ];
}

function checkTargets(targets: unknown): CheckFailure[] {
    if (targets === undefined || targets === UNKNOWN) return [];
    if (!Array.isArray(targets))
        return [
            {
                property: "targets",
                reason: "targets must be a list of security profile target ARNs",
            },
        ];
    const failures: CheckFailure[] = [];
    targets.forEach((t: unknown, i: number) => {
        if (t !== UNKNOWN && (typeof t !== "string" || !TARGET_ARN_PATTERN.test(t))) {
            failures.push({
                property: `targets[${i}]`,
                reason: `targets[${i}] must be a thing group ARN (arn:aws:iot:<region>:<account>:thinggroup/<name>) or an all/registered-things, all/unregistered-things or all/things ARN; got ${JSON.stringify(t)}`,
            });
        }
    });
    return failures;
}

export async function check(_olds: SecurityProfileInputs, news: SecurityProfileInputs) {
    const n = news as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = [
        ...checkRegionAndName(n, "securityProfileName", NAME_RULES.securityProfileName),
        ...checkDescription(n.securityProfileDescription),
        ...checkBehaviors(n.behaviors),
        ...checkAlertTargets(n.alertTargets),
        ...checkMetricsToRetain(n.additionalMetricsToRetainV2),
        ...checkExportConfig(n.metricsExportConfig),
        ...checkTags(n.tags),
        ...checkTargets(n.targets),
    ];
    return { inputs: news, failures };
}
