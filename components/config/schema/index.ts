/**
 * The stack configuration as one typed, validated object. Every key has a default except
 * `environment` and the alert recipients; every check reads its facts from `../../facts`.
 * Each section has its own file here; this one assembles them.
 */
import { z } from "zod";
import { TAG_LIMITS } from "../../facts";
import { checkWrittenResponses } from "../responses";
import { mlWithLogsIssue, withEngineDefaults } from "../logsEngine";
import { alerting } from "./alerting";
import { audit } from "./audit";
import { DEFAULT_RULE_BEHAVIORS } from "./behaviors";
import { detect } from "./detect";
import { fleetAlarms } from "./fleetAlarms";
import { tagKey } from "./fields";
import { regionOverrides, regions } from "./regions";
import { remediation } from "./remediation";
import { securityHub } from "./securityHub";

export { DEFAULT_ML_METRICS, DEFAULT_RULE_BEHAVIORS } from "./behaviors";
export type { CustomMetricSetting, DimensionSetting, RuleBehavior } from "./behaviors";
export type { AuditSchedule } from "./audit";
export type { SuppressionSetting } from "./suppressions";
export type { FleetMetricAlarm } from "./fleetAlarms";
export type { RemediationSettings } from "./remediation";
export type { RegionOverride } from "./regions";

/** The regions one stack covers and what differs per region: validated once, before the regions' settings. */
export const regionsSection = z.strictObject({ regions, regionOverrides });
export type RegionsSection = z.output<typeof regionsSection>;
/** Everything under the project's config namespace. Keys are those of `Pulumi.<stack>.yaml`. */
export const settingsSchema = z
    .strictObject({
        /** Environment name, used in resource names and tags: the stack's name (stackChecks.ts). */
        environment: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, {
            message: "must be 1 to 20 lowercase letters, digits or hyphens, starting with a letter",
        }),
        /** Prefix of every physical name. */
        namePrefix: z
            .string()
            .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,29}$/)
            .default("iot-defender"),
        /** Owner tag (team or person accountable for the stack). */
        owner: z.string().min(1).max(TAG_LIMITS.valueMax).default("platform-security"),
        /** Extra tags for every taggable resource. */
        tags: z.record(tagKey, z.string().max(TAG_LIMITS.valueMax)).default({}),
        alerting,
        audit: audit.prefault({}),
        detect: z
            .preprocess((raw, ctx) => {
                const issue = mlWithLogsIssue(raw);
                if (issue) ctx.addIssue({ code: "custom", ...issue });
                return withEngineDefaults(raw, DEFAULT_RULE_BEHAVIORS);
            }, detect)
            .prefault({}),
        dashboard: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
        remediation: remediation.prefault({}),
        securityHub: securityHub.prefault({}),
        fleetAlarms: fleetAlarms.prefault({}),
        /** `npm run ops -- drill`: a misbehaving test device in this stack's account. Off unless a stack opts in. */
        drill: z.strictObject({ enabled: z.boolean().default(false) }).prefault({}),
        ...regionsSection.shape,
    })
    .superRefine((s, ctx) => {
        checkWrittenResponses(s, ctx);
        const deviceDefender =
            s.audit.enabled || (s.detect.enabled && s.detect.engine === "device-defender");
        if (s.securityHub.enabled && !deviceDefender)
            ctx.addIssue({
                code: "custom",
                path: ["securityHub", "enabled"],
                input: true,
                message:
                    "is true but the stack makes no Device Defender findings (audit.enabled is false and detect.engine is not device-defender): nothing to send to Security Hub",
            });
        if (!s.audit.enabled && !s.detect.enabled) {
            ctx.addIssue({
                code: "custom",
                path: ["audit", "enabled"],
                input: false,
                message:
                    "and detect.enabled are both false: the stack would deploy nothing; enable at least one",
            });
        }
    });

export type SettingsInput = z.input<typeof settingsSchema>;
export type ProjectSettings = z.output<typeof settingsSchema>;
