/**
 * The responder's configuration in specs: the valid environment and settings file the deploying
 * component would set, edits of them, and setting them for the function (restored after).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ResponderConfig, ResponderSettings } from "../../lambda/responder/config";
import type { InsightAlarm } from "../../lambda/responder/insightConfig";
import {
    forgetSettings,
    SETTINGS_FILE,
    type SettingsRead,
    settingsLocation,
} from "../../lambda/responder/settings";

export const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:iot-defender-dev-alerts";

export const DLQ_URL =
    "https://sqs.eu-west-1.amazonaws.com/123456789012/iot-defender-dev-responder-dlq";
export const QUARANTINE_ACTION = "iot-defender-dev-quarantine";
export const QUARANTINE_GROUP = "iot-defender-dev-quarantine";

/** The stack's security profiles, whose violations the fixtures are. */
export const SECURITY_PROFILES = ["iot-defender-dev-rules", "iot-defender-dev-ml"] as const;

/** The logs engine's alarms of the dev stack: one quarantining behaviour, one notify-only. */
export const INSIGHT_ALARMS: Readonly<Record<string, InsightAlarm>> = {
    "iot-defender-dev-logs-AuthorizationFailures": {
        ruleName: "iot-defender-dev-AuthorizationFailures",
        behaviorName: "AuthorizationFailures",
        metric: "aws:num-authorization-failures",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 5,
        comparisonOperator: "GreaterThanThreshold",
    },
    "iot-defender-dev-logs-ExcessiveMessages": {
        ruleName: "iot-defender-dev-ExcessiveMessages",
        behaviorName: "ExcessiveMessages",
        metric: "aws:num-messages-sent",
        periodSeconds: 300,
        evaluationPeriods: 1,
        threshold: 100,
        comparisonOperator: "GreaterThanThreshold",
    },
};

/** A valid environment, as the function runs with it: what the deploying component sets, plus the
 * log format Lambda sets from the function's loggingConfig. */
export function validEnv(): Record<string, string> {
    return {
        AWS_LAMBDA_LOG_FORMAT: "JSON",
        DRY_RUN: "false",
        DEAD_LETTER_QUEUE_URL: DLQ_URL,
        QUARANTINE_GROUP,
        ALERT_TOPIC_ARN: TOPIC_ARN,
        AWS_REGION: "eu-west-1",
    };
}

/** The dev stack's response maps: one metric quarantined, one noted; three audit checks. */
const VIOLATION_RESPONSES: ResponderSettings["VIOLATION_RESPONSES"] = {
    "aws:num-authorization-failures": "quarantine",
    "aws:num-messages-sent": "notify-only",
};
const AUDIT_RESPONSES: ResponderSettings["AUDIT_RESPONSES"] = {
    DEVICE_CERTIFICATE_SHARED_CHECK: [
        "iot-defender-dev-publish-finding",
        "iot-defender-dev-deactivate-device-certificate",
    ],
    LOGGING_DISABLED_CHECK: ["iot-defender-dev-enable-iot-logging"],
    REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK: [
        "iot-defender-dev-deactivate-device-certificate",
    ],
};

/** The valid settings file's content, as the deploying component writes it. */
export function validSettings(): ResponderSettings {
    return {
        VIOLATION_RESPONSES,
        QUARANTINE_ACTION_NAME: QUARANTINE_ACTION,
        AUDIT_RESPONSES,
        SECURITY_PROFILES,
        INSIGHT_ALARMS,
    };
}

/** The valid settings with edits (undefined removes a setting), as readConfig gets them read. */
export function settingsWith(edit: Record<string, unknown> = {}): SettingsRead {
    const values: Record<string, unknown> = { ...validSettings(), ...edit };
    for (const key of Object.keys(edit)) if (edit[key] === undefined) delete values[key];
    return { ok: true, values };
}

export const ENV_KEYS = [
    "DRY_RUN",
    "DEAD_LETTER_QUEUE_URL",
    "QUARANTINE_GROUP",
    "ALERT_TOPIC_ARN",
    "AWS_REGION",
    "AWS_LAMBDA_LOG_FORMAT",
] as const;

const packaged = settingsLocation.file;
let settingsDir: string | undefined;

/**
 * Writes the function's settings file (an object as JSON, a string as it is) where a fresh
 * container reads it; `restoreSettings` points the function back at its package.
 */
export function setSettings(content: object | string): void {
    settingsDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "responder-settings-"));
    const file = path.join(settingsDir, SETTINGS_FILE);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    settingsLocation.file = file;
    forgetSettings();
}

/** The function has no settings file (nothing at the place it reads). */
export function removeSettings(): void {
    setSettings("");
    fs.rmSync(settingsLocation.file);
}

export function restoreSettings(): void {
    settingsLocation.file = packaged;
    forgetSettings();
}

const saved = new Map<string, string | undefined>();

/** Sets the responder's variables (undefined deletes one); `restoreEnv` puts the originals back. */
export function setEnv(vars: Record<string, string | undefined>): void {
    for (const key of new Set([...ENV_KEYS, ...Object.keys(vars)])) {
        if (!saved.has(key)) saved.set(key, process.env[key]);
        if (vars[key] === undefined) delete process.env[key];
        else process.env[key] = vars[key];
    }
}

export function restoreEnv(): void {
    for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
    saved.clear();
}

/** The configuration `validEnv()` and `validSettings()` describe. */
export const VALID_CONFIG: ResponderConfig = {
    dryRun: false,
    violationResponses: VIOLATION_RESPONSES,
    quarantineActionName: QUARANTINE_ACTION,
    auditResponses: AUDIT_RESPONSES,
    deadLetterQueueUrl: DLQ_URL,
    securityProfiles: new Set(SECURITY_PROFILES),
    region: "eu-west-1",
    insightAlarms: INSIGHT_ALARMS,
    quarantineGroup: QUARANTINE_GROUP,
    alertTopicArn: TOPIC_ARN,
};
