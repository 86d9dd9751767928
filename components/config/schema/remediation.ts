/** Responses: mitigation actions, the responder and its response maps (the `remediation` section). */
import { z } from "zod";
import {
    AUDIT_CHECK_NAMES,
    AUDIT_CHECKS,
    LIMITS,
    METRIC_NAMES,
    METRICS,
    MITIGATION_LOG_LEVELS,
    REMEDIATION_ACTION_NAMES,
    REMEDIATION_ACTIONS,
    RemediationAction,
    VIOLATION_RESPONSES,
} from "../../facts";

const remediationAction = z.enum(
    REMEDIATION_ACTION_NAMES as [RemediationAction, ...RemediationAction[]],
);
/** Detect violation responses: what the responder does when a behavior on this metric is violated. */
const violationResponse = z.enum(VIOLATION_RESPONSES);

export const remediation = z
    .strictObject({
        /** Mitigation actions, quarantine group and the responder Lambda. */
        enabled: z.boolean().default(true),
        /** Log each decision without acting. Default on; turn off per stack once the response map is trusted. */
        dryRun: z.boolean().default(true),
        /** Mitigation actions to create (each with a role holding only its managed policy). */
        actions: z
            .array(remediationAction)
            .min(1)
            .default([...REMEDIATION_ACTION_NAMES]),
        /** Log level set by the enable-iot-logging action. */
        loggingLevel: z.enum(MITIGATION_LOG_LEVELS).default("ERROR"),
        /** Detect: metric -> response. Unset: the defaults that fit what is enabled (responses.ts). */
        violationResponses: z.record(z.string(), violationResponse).optional(),
        /** Audit: check -> mitigation actions (1-5 each). Unset: the defaults that fit (responses.ts). */
        auditResponses: z
            .record(
                z.string(),
                z.array(remediationAction).min(1).max(LIMITS.actionsPerMitigationTask),
            )
            .optional(),
        /** Alarm on messages in the dead-letter queue (any is a lost alert until handled). */
        dlqAlarmThreshold: z.number().int().min(1).default(1),
    })
    .superRefine((r, ctx) => {
        for (const [metric, response] of Object.entries(r.violationResponses ?? {})) {
            if (!METRICS[metric]) {
                ctx.addIssue({
                    code: "custom",
                    path: ["violationResponses", metric],
                    input: metric,
                    message: `is not a Device Defender metric; allowed: ${METRIC_NAMES.join(", ")}`,
                });
            } else if (response === "quarantine" && !r.actions.includes("quarantine")) {
                ctx.addIssue({
                    code: "custom",
                    path: ["violationResponses", metric],
                    input: response,
                    message: "needs the quarantine action; add quarantine to remediation.actions",
                });
            }
        }
        for (const [check, actions] of Object.entries(r.auditResponses ?? {})) {
            const fact = AUDIT_CHECKS[check];
            if (!fact) {
                ctx.addIssue({
                    code: "custom",
                    path: ["auditResponses", check],
                    input: check,
                    message: `is not an audit check; allowed: ${AUDIT_CHECK_NAMES.join(", ")}`,
                });
                continue;
            }
            actions.forEach((action, i) => {
                const allowed = REMEDIATION_ACTION_NAMES.filter(a =>
                    fact.actions.includes(REMEDIATION_ACTIONS[a]),
                );
                if (!fact.actions.includes(REMEDIATION_ACTIONS[action])) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["auditResponses", check, i],
                        input: action,
                        message: `cannot mitigate ${check} findings; allowed: ${allowed.join(", ")}`,
                    });
                } else if (!r.actions.includes(action)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["auditResponses", check, i],
                        input: action,
                        message: `is not created; add it to remediation.actions (${r.actions.join(", ")})`,
                    });
                }
            });
        }
    });
export type RemediationSettings = z.output<typeof remediation>;
