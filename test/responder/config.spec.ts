import * as assert from "assert";
import { readConfig } from "../../lambda/responder/config";
import { DLQ_URL, VALID_CONFIG, validEnv } from "./support";

/** The problems an edit of the valid environment causes; fails if it causes none. */
function problems(edit: Record<string, string | undefined>): string[] {
    const result = readConfig({ ...validEnv(), ...edit });
    assert.ok(!result.ok, `expected ${JSON.stringify(edit)} to be invalid`);
    return [...result.problems];
}

describe("responder: configuration from the environment", () => {
    it("reads the environment the deploying component sets", () => {
        assert.deepStrictEqual(readConfig(validEnv()), { ok: true, config: VALID_CONFIG });
    });

    it("reads DRY_RUN=true, and an empty quarantine action when nothing is quarantined", () => {
        const result = readConfig({
            ...validEnv(),
            DRY_RUN: "true",
            QUARANTINE_ACTION_NAME: "",
            VIOLATION_RESPONSES: JSON.stringify({ "aws:num-messages-sent": "notify-only" }),
            AUDIT_RESPONSES: "{}",
        });
        assert.ok(result.ok);
        assert.strictEqual(result.config.dryRun, true);
        assert.strictEqual(result.config.quarantineActionName, undefined);
        assert.deepStrictEqual(result.config.auditResponses, {});
    });

    it("rejects a missing or invalid DRY_RUN instead of guessing", () => {
        assert.match(
            problems({ DRY_RUN: undefined }).join(),
            /DRY_RUN must be "true" or "false", got nothing/,
        );
        assert.match(
            problems({ DRY_RUN: "yes" }).join(),
            /DRY_RUN must be "true" or "false", got "yes"/,
        );
    });

    it("rejects bad response maps", () => {
        assert.match(
            problems({ VIOLATION_RESPONSES: undefined }).join(),
            /VIOLATION_RESPONSES is missing/,
        );
        assert.match(
            problems({ VIOLATION_RESPONSES: "{quarantine" }).join(),
            /VIOLATION_RESPONSES is not valid JSON/,
        );
        assert.match(
            problems({ VIOLATION_RESPONSES: "[]" }).join(),
            /VIOLATION_RESPONSES must be a JSON object/,
        );
        assert.match(
            problems({
                VIOLATION_RESPONSES: JSON.stringify({ "aws:num-disconnects": "isolate" }),
            }).join(),
            /VIOLATION_RESPONSES\["aws:num-disconnects"\] must be one of quarantine, notify-only, got "isolate"/,
        );
        assert.match(problems({ AUDIT_RESPONSES: undefined }).join(), /AUDIT_RESPONSES is missing/);
        assert.match(
            problems({ AUDIT_RESPONSES: JSON.stringify({ LOGGING_DISABLED_CHECK: [] }) }).join(),
            /AUDIT_RESPONSES\["LOGGING_DISABLED_CHECK"\] must be a list of 1-5/,
        );
        assert.match(
            problems({
                AUDIT_RESPONSES: JSON.stringify({
                    LOGGING_DISABLED_CHECK: ["a", "b", "c", "d", "e", "f"],
                }),
            }).join(),
            /1-5/,
        );
        assert.match(
            problems({
                AUDIT_RESPONSES: JSON.stringify({ LOGGING_DISABLED_CHECK: "enable-iot-logging" }),
            }).join(),
            /must be a list/,
        );
        assert.match(
            problems({
                AUDIT_RESPONSES: JSON.stringify({ LOGGING_DISABLED_CHECK: ["arn:aws:iot:x"] }),
            }).join(),
            /invalid action names \["arn:aws:iot:x"\]/,
        );
    });

    it("needs a valid quarantine action name when a metric is quarantined", () => {
        assert.match(
            problems({ QUARANTINE_ACTION_NAME: "" }).join(),
            /QUARANTINE_ACTION_NAME is empty but VIOLATION_RESPONSES quarantines aws:num-authorization-failures/,
        );
        assert.match(
            problems({ QUARANTINE_ACTION_NAME: "quarantine:group" }).join(),
            /QUARANTINE_ACTION_NAME must be 1-128 characters/,
        );
    });

    it("rejects a missing region or queue URL, and says what is still usable for dead-lettering", () => {
        const noQueue = readConfig({ ...validEnv(), DEAD_LETTER_QUEUE_URL: undefined });
        assert.deepStrictEqual(noQueue, {
            ok: false,
            problems: ["DEAD_LETTER_QUEUE_URL is missing"],
            deadLetterQueueUrl: undefined,
            region: "eu-west-1",
        });
        assert.match(
            problems({ DEAD_LETTER_QUEUE_URL: "iot-defender-dev-responder-dlq" }).join(),
            /not a URL/,
        );
        assert.match(
            problems({ DEAD_LETTER_QUEUE_URL: "http://sqs.eu-west-1.amazonaws.com/1/q" }).join(),
            /must be an https SQS queue URL/,
        );
        assert.match(problems({ AWS_REGION: undefined }).join(), /AWS_REGION is missing/);
        const badMap = readConfig({ ...validEnv(), AUDIT_RESPONSES: "nope" });
        assert.ok(!badMap.ok);
        assert.deepStrictEqual([badMap.deadLetterQueueUrl, badMap.region], [DLQ_URL, "eu-west-1"]);
    });

    it("reports every problem at once", () => {
        assert.strictEqual(
            problems({ DRY_RUN: "1", VIOLATION_RESPONSES: "x", AUDIT_RESPONSES: "y" }).length,
            3,
        );
    });

    it("reads the logs engine's alarms; a Device Defender stack has none", () => {
        const result = readConfig({ ...validEnv(), INSIGHT_ALARMS: "{}" });
        assert.ok(result.ok);
        assert.deepStrictEqual(result.config.insightAlarms, {});
    });

    it("reads the stack's security profiles: none on a logs-engine or audit-only stack", () => {
        assert.deepStrictEqual(
            VALID_CONFIG.securityProfiles,
            new Set(["iot-defender-dev-rules", "iot-defender-dev-ml"]),
        );
        const none = readConfig({ ...validEnv(), SECURITY_PROFILES: "[]" });
        assert.ok(none.ok);
        assert.strictEqual(none.config.securityProfiles.size, 0);
        assert.match(
            problems({ SECURITY_PROFILES: undefined }).join(),
            /SECURITY_PROFILES is missing/,
        );
        for (const bad of ['{"rules":1}', '["iot defender"]', "[42]", '"iot-defender-dev-rules"'])
            assert.match(
                problems({ SECURITY_PROFILES: bad }).join(),
                /SECURITY_PROFILES must be a JSON list of security profile names \(1-128 characters/,
                bad,
            );
    });

    it("rejects logs engine settings it could not act on safely", () => {
        const alarm = VALID_CONFIG.insightAlarms["iot-defender-dev-logs-AuthorizationFailures"];
        const withAlarm = (edit: Record<string, unknown>) =>
            JSON.stringify({ "a-1": { ...alarm, ...edit } });
        assert.match(problems({ INSIGHT_ALARMS: undefined }).join(), /INSIGHT_ALARMS is missing/);
        assert.match(problems({ INSIGHT_ALARMS: "[]" }).join(), /must be a JSON object/);
        assert.match(
            problems({ INSIGHT_ALARMS: withAlarm({ ruleName: "two words" }) }).join(),
            /INSIGHT_ALARMS\["a-1"\]: ruleName must be/,
        );
        assert.match(
            problems({ INSIGHT_ALARMS: withAlarm({ periodSeconds: 0, threshold: "5" }) }).join(),
            /periodSeconds must be a positive integer; threshold must be a number/,
        );
        assert.match(
            problems({ INSIGHT_ALARMS: withAlarm({ comparisonOperator: "GreaterThan" }) }).join(),
            /comparisonOperator must be one of GreaterThanThreshold, /,
        );
        assert.match(
            problems({ QUARANTINE_GROUP: "quarantine group" }).join(),
            /QUARANTINE_GROUP must be 1-128 characters of \[a-zA-Z0-9:_-\], got "quarantine group"/,
        );
        assert.match(
            problems({ ALERT_TOPIC_ARN: "alerts" }).join(),
            /ALERT_TOPIC_ARN must be an SNS topic ARN, got "alerts"/,
        );
    });
});
