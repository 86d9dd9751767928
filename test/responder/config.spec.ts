import * as assert from "assert";
import { readConfig } from "../../lambda/responder/config";
import { DLQ_URL, settingsWith, VALID_CONFIG, validEnv } from "./support";

/** The problems an edit of the valid environment causes; fails if it causes none. */
function problems(edit: Record<string, string | undefined>): string[] {
    return fileProblems({}, edit);
}

/** The problems an edit of the valid settings file (and environment) causes; fails if none. */
function fileProblems(
    edit: Record<string, unknown>,
    envEdit: Record<string, string | undefined> = {},
): string[] {
    const result = readConfig({ ...validEnv(), ...envEdit }, settingsWith(edit));
    assert.ok(!result.ok, `expected ${JSON.stringify({ ...edit, ...envEdit })} to be invalid`);
    return [...result.problems];
}

describe("responder: configuration from the environment and the settings file", () => {
    it("reads the environment and the settings file the deploying component writes", () => {
        assert.deepStrictEqual(readConfig(validEnv(), settingsWith()), {
            ok: true,
            config: VALID_CONFIG,
        });
    });

    it("reads DRY_RUN=true, and an empty quarantine action when nothing is quarantined", () => {
        const result = readConfig(
            { ...validEnv(), DRY_RUN: "true" },
            settingsWith({
                QUARANTINE_ACTION_NAME: "",
                VIOLATION_RESPONSES: { "aws:num-messages-sent": "notify-only" },
                AUDIT_RESPONSES: {},
            }),
        );
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
        assert.deepStrictEqual(fileProblems({ VIOLATION_RESPONSES: undefined }), [
            "VIOLATION_RESPONSES is missing from settings.json",
        ]);
        for (const bad of [[], "{}", null])
            assert.match(
                fileProblems({ VIOLATION_RESPONSES: bad }).join(),
                /VIOLATION_RESPONSES must be a JSON object/,
            );
        assert.match(
            fileProblems({ VIOLATION_RESPONSES: { "aws:num-disconnects": "isolate" } }).join(),
            /VIOLATION_RESPONSES\["aws:num-disconnects"\] must be one of quarantine, notify-only, got "isolate"/,
        );
        assert.match(
            fileProblems({ AUDIT_RESPONSES: undefined }).join(),
            /AUDIT_RESPONSES is missing from settings.json/,
        );
        assert.match(
            fileProblems({ AUDIT_RESPONSES: { LOGGING_DISABLED_CHECK: [] } }).join(),
            /AUDIT_RESPONSES\["LOGGING_DISABLED_CHECK"\] must be a list of 1-5/,
        );
        assert.match(
            fileProblems({
                AUDIT_RESPONSES: { LOGGING_DISABLED_CHECK: ["a", "b", "c", "d", "e", "f"] },
            }).join(),
            /1-5/,
        );
        assert.match(
            fileProblems({
                AUDIT_RESPONSES: { LOGGING_DISABLED_CHECK: "enable-iot-logging" },
            }).join(),
            /must be a list/,
        );
        assert.match(
            fileProblems({ AUDIT_RESPONSES: { LOGGING_DISABLED_CHECK: ["arn:aws:iot:x"] } }).join(),
            /invalid action names \["arn:aws:iot:x"\]/,
        );
    });

    it("needs a valid quarantine action name when a metric is quarantined", () => {
        assert.match(
            fileProblems({ QUARANTINE_ACTION_NAME: "" }).join(),
            /QUARANTINE_ACTION_NAME is empty but VIOLATION_RESPONSES quarantines aws:num-authorization-failures/,
        );
        assert.match(
            fileProblems({ QUARANTINE_ACTION_NAME: "quarantine:group" }).join(),
            /QUARANTINE_ACTION_NAME must be 1-128 characters/,
        );
        assert.match(
            fileProblems({ QUARANTINE_ACTION_NAME: 42 }).join(),
            /QUARANTINE_ACTION_NAME must be 1-128 characters.*got "42"/,
        );
        assert.match(
            fileProblems({ QUARANTINE_ACTION_NAME: undefined }).join(),
            /QUARANTINE_ACTION_NAME is missing from settings.json/,
        );
    });

    it("rejects a missing region or queue URL, and says what is still usable for dead-lettering", () => {
        const noQueue = readConfig(
            { ...validEnv(), DEAD_LETTER_QUEUE_URL: undefined },
            settingsWith(),
        );
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
        const badMap = readConfig(validEnv(), settingsWith({ AUDIT_RESPONSES: "nope" }));
        assert.ok(!badMap.ok);
        assert.deepStrictEqual([badMap.deadLetterQueueUrl, badMap.region], [DLQ_URL, "eu-west-1"]);
    });

    it("reports every problem at once", () => {
        assert.strictEqual(
            fileProblems({ VIOLATION_RESPONSES: "x", AUDIT_RESPONSES: "y" }, { DRY_RUN: "1" })
                .length,
            3,
        );
    });

    it("reads the logs engine's alarms; a Device Defender stack has none", () => {
        const result = readConfig(validEnv(), settingsWith({ INSIGHT_ALARMS: {} }));
        assert.ok(result.ok);
        assert.deepStrictEqual(result.config.insightAlarms, {});
    });

    it("reads the stack's security profiles: none on a logs-engine or audit-only stack", () => {
        assert.deepStrictEqual(
            VALID_CONFIG.securityProfiles,
            new Set(["iot-defender-dev-rules", "iot-defender-dev-ml"]),
        );
        const none = readConfig(validEnv(), settingsWith({ SECURITY_PROFILES: [] }));
        assert.ok(none.ok);
        assert.strictEqual(none.config.securityProfiles.size, 0);
        assert.match(
            fileProblems({ SECURITY_PROFILES: undefined }).join(),
            /SECURITY_PROFILES is missing from settings.json/,
        );
        for (const bad of [{ rules: 1 }, ["iot defender"], [42], "iot-defender-dev-rules", null])
            assert.match(
                fileProblems({ SECURITY_PROFILES: bad }).join(),
                /SECURITY_PROFILES must be a JSON list of security profile names \(1-128 characters/,
                JSON.stringify(bad),
            );
    });

    it("rejects logs engine settings it could not act on safely", () => {
        const alarm = VALID_CONFIG.insightAlarms["iot-defender-dev-logs-AuthorizationFailures"];
        const withAlarm = (edit: Record<string, unknown>) => ({ "a-1": { ...alarm, ...edit } });
        assert.match(
            fileProblems({ INSIGHT_ALARMS: undefined }).join(),
            /INSIGHT_ALARMS is missing from settings.json/,
        );
        assert.match(fileProblems({ INSIGHT_ALARMS: [] }).join(), /must be a JSON object/);
        assert.match(
            fileProblems({ INSIGHT_ALARMS: withAlarm({ ruleName: "two words" }) }).join(),
            /INSIGHT_ALARMS\["a-1"\]: ruleName must be/,
        );
        assert.match(
            fileProblems({
                INSIGHT_ALARMS: withAlarm({ periodSeconds: 0, threshold: "5" }),
            }).join(),
            /periodSeconds must be a positive integer; threshold must be a number/,
        );
        assert.match(
            fileProblems({
                INSIGHT_ALARMS: withAlarm({ comparisonOperator: "GreaterThan" }),
            }).join(),
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

    it("makes an unusable settings file one problem, and still dead-letters with the environment", () => {
        for (const problem of [
            "settings.json cannot be read (ENOENT): the deployment package must hold it beside handler.js",
            "settings.json is not valid JSON",
            "settings.json must be a JSON object",
        ])
            assert.deepStrictEqual(readConfig(validEnv(), { ok: false, problem }), {
                ok: false,
                problems: [problem],
                deadLetterQueueUrl: DLQ_URL,
                region: "eu-west-1",
            });
    });
});
