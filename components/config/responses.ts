/**
 * The responder's response maps. What the user wrote must respond to something the stack deploys;
 * what they did not write defaults to the responses that fit what is enabled, so a default never
 * causes an error about a key the user cannot see.
 */
import { profileSettings } from "./profiles";
import { z } from "zod";
import { AUDIT_CHECKS, METRICS, RemediationAction, ViolationResponse } from "../facts";
import type { ProjectSettings } from "./schema";

/** Detect: metric -> response, for violations entering alarm. */
export type ViolationResponses = Record<string, ViolationResponse>;
/** Audit: check -> mitigation actions started for its non-compliant findings. */
export type AuditResponses = Record<string, RemediationAction[]>;

/** Both maps, always present once settings are loaded. */
export interface Responses {
    readonly violationResponses: ViolationResponses;
    readonly auditResponses: AuditResponses;
}

/** Quarantine a device that keeps failing authorization. */
export const DEFAULT_VIOLATION_RESPONSES: Readonly<ViolationResponses> = {
    "aws:num-authorization-failures": "quarantine",
};
/** Each check's natural mitigation. */
export const DEFAULT_AUDIT_RESPONSES: Readonly<AuditResponses> = {
    DEVICE_CERTIFICATE_SHARED_CHECK: ["quarantine"],
    REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK: ["deactivate-device-certificate"],
    LOGGING_DISABLED_CHECK: ["enable-iot-logging"],
};

/** Metrics a behavior of a deployed profile watches: only their violations can reach the responder. */
export function watchedMetrics(detect: ProjectSettings["detect"]): string[] {
    if (!detect.enabled) return [];
    // The logs engine watches detect.rules.behaviors; ML Detect and named profiles are Device Defender's.
    if (detect.engine !== "device-defender")
        return detect.rules.enabled ? [...new Set(detect.rules.behaviors.map(b => b.metric))] : [];
    const profiles = profileSettings(detect);
    return [
        ...new Set(
            profiles.flatMap(p => [...p.behaviors.map(b => b.metric), ...(p.ml?.metrics ?? [])]),
        ),
    ];
}

/** The maps the stack deploys: the user's where written, else the defaults that fit what is enabled. */
export function resolveResponses(s: ProjectSettings): Responses {
    const r = s.remediation;
    const watched = watchedMetrics(s.detect);
    const detectDefaults = Object.entries(DEFAULT_VIOLATION_RESPONSES).filter(
        ([metric, response]) =>
            watched.includes(metric) &&
            (response !== "quarantine" || r.actions.includes("quarantine")),
    );
    const auditDefaults = Object.entries(DEFAULT_AUDIT_RESPONSES)
        .filter(([check]) => s.audit.enabled && s.audit.checks.includes(check))
        .map(([check, actions]) => [check, actions.filter(a => r.actions.includes(a))] as const)
        .filter(([, actions]) => actions.length > 0);
    const on = r.enabled;
    return {
        violationResponses: r.violationResponses ?? (on ? Object.fromEntries(detectDefaults) : {}),
        auditResponses: r.auditResponses ?? (on ? Object.fromEntries(auditDefaults) : {}),
    };
}

/** Responses the user wrote that nothing deployed would ever trigger. */
export function checkWrittenResponses(s: ProjectSettings, ctx: z.RefinementCtx): void {
    const r = s.remediation;
    const at = (...path: string[]) => ["remediation", ...path];
    const off = (key: keyof Responses, map: object | undefined, why: string | undefined) => {
        if (map === undefined || why === undefined) return false;
        ctx.addIssue({
            code: "custom",
            path: at(key),
            input: map,
            message: `would never run: ${why}; remove it, or enable what it responds to`,
        });
        return true;
    };
    const remediationOff = r.enabled ? undefined : "remediation.enabled is false";
    const detectOff = remediationOff ?? (s.detect.enabled ? undefined : "detect.enabled is false");
    const auditOff = remediationOff ?? (s.audit.enabled ? undefined : "audit.enabled is false");

    if (!off("violationResponses", r.violationResponses, detectOff)) {
        const watched = watchedMetrics(s.detect);
        for (const metric of Object.keys(r.violationResponses ?? {})) {
            // An unknown metric has its own error (remediation's checks).
            if (METRICS[metric] && !watched.includes(metric)) {
                ctx.addIssue({
                    code: "custom",
                    path: at("violationResponses", metric),
                    input: metric,
                    message: `no behavior of a deployed profile watches ${metric}, so this response never runs; watched: ${watched.join(", ") || "none"}`,
                });
            }
        }
    }
    if (!off("auditResponses", r.auditResponses, auditOff)) {
        for (const check of Object.keys(r.auditResponses ?? {})) {
            if (AUDIT_CHECKS[check] && !s.audit.checks.includes(check)) {
                ctx.addIssue({
                    code: "custom",
                    path: at("auditResponses", check),
                    input: check,
                    message:
                        "responds to a check that is not enabled; add it to audit.checks or remove the response",
                });
            }
        }
    }
}
