/**
 * Audit rules: the account audit configuration enables the checks that matter and notifies; audits
 * are scheduled, often enough, and only run enabled checks. One resource (DYNAMIC_TYPES.AccountAudit)
 * holds the configuration and its scheduled audits (`scheduledAudits`: name → settings).
 */
import type {
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    ALERT_TARGET_TYPE,
    AUDIT_CHECK_NAMES,
    AUDIT_CHECKS,
    AUDIT_FREQUENCIES,
    AuditFrequency,
    DYNAMIC_TYPES,
} from "../../components/facts";
import {
    ArnField,
    checkArnFields,
    configOf,
    forTypes,
    isObject,
    ofType,
    plain,
    Props,
    schemaWithDefaults,
} from "./common";
import { regionsOf } from "./regions";

const CONFIG = DYNAMIC_TYPES.AccountAudit;

/** Checks a configuration enables (`auditCheckConfigurations[check].enabled === true`). */
export function enabledChecks(props: Props): string[] {
    const checks = props.auditCheckConfigurations;
    if (!isObject(checks)) return [];
    return Object.keys(checks).filter(c => isObject(checks[c]) && checks[c].enabled === true);
}

const CHECK_DEFAULTS = {
    /** Default: every CRITICAL-severity check. */
    requiredChecks: AUDIT_CHECK_NAMES.filter(c => AUDIT_CHECKS[c].severity === "CRITICAL"),
};

export const auditRequiredChecks: ResourceValidationPolicy = {
    name: "iot-audit-required-checks",
    description:
        "The account audit configuration enables every check in requiredChecks (default: every CRITICAL-severity check).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(CHECK_DEFAULTS, {
        requiredChecks: {
            type: "array",
            items: { type: "string", enum: [...AUDIT_CHECK_NAMES] },
            uniqueItems: true,
            minItems: 1,
        },
    }),
    validateResource: forTypes([CONFIG], (props, args, report) => {
        const { requiredChecks } = configOf(args, CHECK_DEFAULTS);
        const enabled = new Set(enabledChecks(props));
        const missing = requiredChecks.filter(c => !enabled.has(c));
        if (missing.length > 0)
            report(`audit configuration does not enable required checks: ${missing.join(", ")}`);
    }),
};

const NOTIFICATION_ARNS: readonly ArnField[] = [
    {
        field: "targetArn",
        holds: "topicArn",
        missing: "(the SNS topic) is missing",
        malformed: "is not an SNS topic ARN",
    },
    {
        field: "roleArn",
        holds: "roleArn",
        missing: "is missing",
        malformed: "is not an IAM role ARN",
    },
];

export const auditNotifications: ResourceValidationPolicy = {
    name: "iot-audit-notifications-enabled",
    description: `The account audit configuration sends audit results to SNS: auditNotificationTargetConfigurations.${ALERT_TARGET_TYPE} with enabled: true, an SNS topic targetArn and an IAM role roleArn (an ARN unknown until deploy counts as set; only its format waits for pulumi up).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([CONFIG], (props, _args, report) => {
        const targets = props.auditNotificationTargetConfigurations;
        const sns = isObject(targets) ? targets[ALERT_TARGET_TYPE] : undefined;
        if (!isObject(sns)) {
            report(
                `audit notifications are off: set auditNotificationTargetConfigurations.${ALERT_TARGET_TYPE} = { targetArn, roleArn, enabled: true }`,
            );
            return;
        }
        checkArnFields(
            sns,
            `auditNotificationTargetConfigurations.${ALERT_TARGET_TYPE}`,
            NOTIFICATION_ARNS,
            report,
        );
        if (sns.enabled !== true)
            report(
                `auditNotificationTargetConfigurations.${ALERT_TARGET_TYPE}.enabled is not true: audit results are not sent`,
            );
    }),
};

/** The scheduled audits of an account audit resource, as [name, settings]. */
function schedulesOf(r: PolicyResource): [string, unknown][] {
    const schedules = r.props.scheduledAudits;
    if (!isObject(schedules)) return [];
    return Object.keys(schedules).map(name => [name, schedules[name]]);
}

/** A schedule's checks (an unknown list reads as unknown, so the rule waits for deploy). */
function checksOf(schedule: unknown): unknown[] {
    return isObject(schedule) && Array.isArray(schedule.targetCheckNames)
        ? plain(schedule.targetCheckNames)
        : [];
}

const SCHEDULED_DEFAULTS = {
    /** The stack must have an account audit configuration (false: a stack without audit is not checked). */
    requireAuditConfiguration: false,
};

export const auditScheduled: StackValidationPolicy = {
    name: "iot-audit-scheduled",
    description:
        "Whenever the stack has an account audit configuration, it also has at least one scheduled audit (a configuration alone audits nothing), and every scheduled audit runs only checks that configuration enables; with requireAuditConfiguration, a stack without an audit configuration fails, and so does one without an audit configuration in each region it deploys IoT resources to.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: schemaWithDefaults(SCHEDULED_DEFAULTS, {
        requireAuditConfiguration: { type: "boolean" },
    }),
    validateStack: (args, report) => {
        const { requireAuditConfiguration } = configOf(args, SCHEDULED_DEFAULTS);
        const configs = ofType(args.resources, CONFIG);
        if (configs.length === 0) {
            if (!requireAuditConfiguration)
                args.notApplicable("no audit configuration in the stack");
            report(
                `the stack has no account audit configuration (${CONFIG}), so nothing is audited, and requireAuditConfiguration is on: deploy one (iot-defender:audit.enabled: true)`,
            );
            return;
        }
        if (requireAuditConfiguration) {
            // A stack over several regions is audited in each of them.
            const audited = new Set(configs.map(c => c.props.region));
            for (const region of regionsOf(args.resources).filter(r => !audited.has(r)))
                report(
                    `the stack deploys IoT resources to ${region} but has no account audit configuration there, and requireAuditConfiguration is on: every region the stack covers is audited (iot-defender:audit.enabled: true, in every region)`,
                );
        }
        for (const config of configs) {
            const schedules = schedulesOf(config);
            if (schedules.length === 0) {
                report(
                    `audit configuration ${config.name} has no scheduled audit in ${config.props.region}: no audit will ever run`,
                    config.urn,
                );
                continue;
            }
            const enabled = new Set(enabledChecks(config.props));
            for (const [name, schedule] of schedules) {
                const off = checksOf(schedule).filter(
                    c => typeof c === "string" && !enabled.has(c),
                );
                if (off.length > 0)
                    report(
                        `scheduled audit ${name} runs checks the audit configuration does not enable: ${off.join(", ")}`,
                        config.urn,
                    );
            }
        }
    },
};

const FREQUENCY_DEFAULTS = { maxInterval: "WEEKLY" as AuditFrequency };
const rank = (f: unknown) => AUDIT_FREQUENCIES.indexOf(f as AuditFrequency);

export const auditFrequency: StackValidationPolicy = {
    name: "iot-audit-frequency",
    description:
        "Every check the audit configuration enables runs in a scheduled audit at least every maxInterval (DAILY, WEEKLY, BIWEEKLY or MONTHLY).",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: schemaWithDefaults(FREQUENCY_DEFAULTS, {
        maxInterval: { type: "string", enum: [...AUDIT_FREQUENCIES] },
    }),
    validateStack: (args, report) => {
        const { maxInterval } = configOf(args, FREQUENCY_DEFAULTS);
        const configs = ofType(args.resources, CONFIG);
        if (configs.length === 0) args.notApplicable("no audit configuration in the stack");
        for (const config of configs) {
            /** Check → most frequent schedule running it. */
            const best = new Map<string, AuditFrequency>();
            for (const [, schedule] of schedulesOf(config)) {
                const frequency = (
                    isObject(schedule) ? schedule.frequency : undefined
                ) as AuditFrequency;
                for (const c of checksOf(schedule) as string[]) {
                    const seen = best.get(c);
                    if (seen === undefined || rank(frequency) < rank(seen)) best.set(c, frequency);
                }
            }
            const enabled = enabledChecks(config.props);
            const never = enabled.filter(c => !best.has(c));
            const rare = enabled.filter(c => best.has(c) && rank(best.get(c)) > rank(maxInterval));
            if (never.length > 0)
                report(
                    `${never.length} of ${enabled.length} enabled audit checks are in no scheduled audit: ${never.join(", ")}`,
                    config.urn,
                );
            if (rare.length > 0)
                report(
                    `audit checks run less often than ${maxInterval}: ${rare.map(c => `${c} (${best.get(c)})`).join(", ")}`,
                    config.urn,
                );
        }
    },
};

export const auditPolicies = [
    auditRequiredChecks,
    auditNotifications,
    auditScheduled,
    auditFrequency,
];
