import * as assert from "assert";
import { createHash } from "crypto";
import type { ResponderConfig } from "../../lambda/responder/config";
import { decide } from "../../lambda/responder/decide";
import { clientRequestTokenFor, taskIdFor } from "../../lambda/responder/ids";
import { parseMessage } from "../../lambda/responder/parse";
import { editedFixture, fixture, FixtureName, QUARANTINE_ACTION, VALID_CONFIG } from "./support";

const config: ResponderConfig = VALID_CONFIG;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const decideFixture = (name: FixtureName, c: ResponderConfig = config) =>
    decide(parseMessage(fixture(name)), c);

describe("responder: decisions", () => {
    it("quarantines a violation entering alarm on a quarantine metric, through the violation's own id", () => {
        const taskId = "quarantine-7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21";
        assert.deepStrictEqual(decideFixture("violation-in-alarm"), {
            decision: "quarantine",
            taskId,
            request: {
                taskId,
                target: { violationIds: ["7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21"] },
                actions: [QUARANTINE_ACTION],
                includeOnlyActiveViolations: true,
                clientRequestToken: sha256(taskId),
            },
        });
    });

    it("quarantines ML violations too when their metric maps to quarantine", () => {
        const d = decideFixture("violation-ml", {
            ...config,
            violationResponses: { "aws:num-messages-sent": "quarantine" },
        });
        assert.strictEqual(d.decision, "quarantine");
        assert.deepStrictEqual(d.decision === "quarantine" && d.request.target, {
            violationIds: ["c41e2b7d-93a0-4f6e-8b15-2d7f0a9c6e34"],
        });
    });

    it("acts on the stack's own profiles only: another profile's violation, or any on a stack without profiles, is dead-lettered", () => {
        const foreign = decideFixture("violation-in-alarm", {
            ...config,
            securityProfiles: new Set(["iot-defender-dev-ml"]),
        });
        assert.deepStrictEqual(foreign, {
            decision: "dead-letter",
            reason: "foreign-profile",
            detail: 'Detect violation of security profile "iot-defender-dev-rules", which is not one of the stack\'s in eu-west-1 (iot-defender-dev-ml)',
        });
        // The logs engine deploys no profile: no Detect violation is its own.
        const logsEngine = { ...config, securityProfiles: new Set<string>() };
        for (const name of ["violation-in-alarm", "violation-ml", "violation-cleared"] as const) {
            const d = decideFixture(name, logsEngine);
            assert.strictEqual(d.decision === "dead-letter" && d.reason, "foreign-profile", name);
            assert.match(d.decision === "dead-letter" ? d.detail : "", /\(none\)$/);
        }
        assert.strictEqual(decideFixture("violation-ml").decision, "none", "its own ML profile");
    });

    it("does nothing for notify-only metrics, unmapped metrics, cleared and invalidated violations", () => {
        assert.deepStrictEqual(decideFixture("violation-ml"), {
            decision: "none",
            reason: "notify-only",
        });
        assert.deepStrictEqual(
            decideFixture("violation-ml", { ...config, violationResponses: {} }),
            { decision: "none", reason: "unmapped-metric" },
        );
        assert.deepStrictEqual(decideFixture("violation-cleared"), {
            decision: "none",
            reason: "alarm-cleared",
        });
        const invalidated = editedFixture("violation-in-alarm", b => {
            b.violationEventType = "alarm-invalidated";
        });
        assert.deepStrictEqual(decide(parseMessage(invalidated), config), {
            decision: "none",
            reason: "alarm-invalidated",
        });
    });

    it("does not treat inherited object keys as metrics", () => {
        const odd = editedFixture("violation-in-alarm", b => {
            b.behavior.metric = "constructor";
        });
        assert.deepStrictEqual(decide(parseMessage(odd), config), {
            decision: "none",
            reason: "unmapped-metric",
        });
    });

    it("mitigates a completed audit's non-compliant checks that have a response, and only those", () => {
        const taskId = "audit-mitigation-f3d9c0b1a2e4d5c6b7a8f9e0d1c2b3a4";
        assert.deepStrictEqual(decideFixture("audit-non-compliant"), {
            decision: "mitigate-audit",
            taskId,
            // CONFLICTING_CLIENT_IDS_CHECK is non-compliant but has no response; the compliant checks are skipped.
            checks: ["DEVICE_CERTIFICATE_SHARED_CHECK", "LOGGING_DISABLED_CHECK"],
            request: {
                taskId,
                target: { auditTaskId: "f3d9c0b1a2e4d5c6b7a8f9e0d1c2b3a4" },
                auditCheckToActionsMapping: {
                    DEVICE_CERTIFICATE_SHARED_CHECK: [
                        "iot-defender-dev-publish-finding",
                        "iot-defender-dev-deactivate-device-certificate",
                    ],
                    LOGGING_DISABLED_CHECK: ["iot-defender-dev-enable-iot-logging"],
                },
                clientRequestToken: sha256(taskId),
            },
        });
    });

    it("skips a non-compliant check with 0 non-compliant resources, and mitigates one without a count (optional in the API)", () => {
        const decision = decide(
            parseMessage(
                editedFixture("audit-non-compliant", b => {
                    b.auditDetails[0].nonCompliantResourcesCount = 0;
                    delete b.auditDetails[1].nonCompliantResourcesCount;
                }),
            ),
            config,
        );
        assert.strictEqual(decision.decision, "mitigate-audit");
        assert.deepStrictEqual(decision.decision === "mitigate-audit" && decision.checks, [
            "LOGGING_DISABLED_CHECK",
        ]);
        assert.deepStrictEqual(
            decide(
                parseMessage(
                    editedFixture("audit-non-compliant", b => {
                        for (const d of b.auditDetails) d.nonCompliantResourcesCount = 0;
                    }),
                ),
                config,
            ),
            { decision: "none", reason: "no-mapped-non-compliant-checks" },
        );
    });

    it("never builds a request AWS would reject: an invalid action name in the config dead-letters the alert", () => {
        assert.deepStrictEqual(
            decideFixture("violation-in-alarm", { ...config, quarantineActionName: "bad name" }),
            {
                decision: "dead-letter",
                reason: "invalid-identifier",
                detail: 'the mitigation request would be invalid: actions[0] must be 1-128 characters of [a-zA-Z0-9_-] (API mitigationActionName); got "bad name"',
            },
        );
    });

    it("does nothing for compliant, failed or canceled audits, or when no non-compliant check has a response", () => {
        assert.deepStrictEqual(decideFixture("audit-compliant"), {
            decision: "none",
            reason: "no-mapped-non-compliant-checks",
        });
        assert.deepStrictEqual(decideFixture("audit-failed"), {
            decision: "none",
            reason: "audit-not-completed",
        });
        const canceled = editedFixture("audit-non-compliant", b => {
            b.taskStatus = "CANCELED";
        });
        assert.deepStrictEqual(decide(parseMessage(canceled), config), {
            decision: "none",
            reason: "audit-not-completed",
        });
        assert.deepStrictEqual(
            decideFixture("audit-non-compliant", {
                ...config,
                auditResponses: { CONFLICTING_CLIENT_IDS_CHECK_X: ["a"] },
            }),
            { decision: "none", reason: "no-mapped-non-compliant-checks" },
        );
    });

    it("only notes CloudWatch alarms and published findings, and dead-letters malformed messages with their reason", () => {
        assert.deepStrictEqual(decideFixture("cloudwatch-alarm"), {
            decision: "none",
            reason: "cloudwatch-alarm",
        });
        assert.deepStrictEqual(decideFixture("published-finding"), {
            decision: "none",
            reason: "published-finding",
        });
        assert.deepStrictEqual(decideFixture("malformed"), {
            decision: "dead-letter",
            reason: "invalid-json",
            detail: "the message is not valid JSON",
        });
        assert.strictEqual(
            (decideFixture("unknown-shape") as { reason?: string }).reason,
            "unknown-shape",
        );
    });

    it("decides the same way for dry-run (dry-run is applied when acting)", () => {
        assert.deepStrictEqual(
            decideFixture("violation-in-alarm", { ...config, dryRun: true }),
            decideFixture("violation-in-alarm"),
        );
    });
});

describe("responder: mitigation task ids", () => {
    const valid = /^[a-zA-Z0-9_-]{1,128}$/;

    it("keeps a valid source id readable", () => {
        assert.strictEqual(
            taskIdFor("quarantine", "c41e2b7d-93a0-4f6e-8b15-2d7f0a9c6e34"),
            "quarantine-c41e2b7d-93a0-4f6e-8b15-2d7f0a9c6e34",
        );
    });

    it("sanitizes and shortens other ids to the API pattern, deterministically and without collisions", () => {
        const colon = taskIdFor("quarantine", "abc:def");
        const underscore = taskIdFor("quarantine", "abc_def");
        assert.match(colon, valid);
        assert.match(colon, /^quarantine-abc_def-[0-9a-f]{16}$/);
        assert.notStrictEqual(colon, underscore);
        assert.strictEqual(taskIdFor("quarantine", "abc:def"), colon, "same input, same id");

        const long = "a".repeat(200),
            longer = `${"a".repeat(200)}b`;
        assert.match(taskIdFor("audit-mitigation", long), valid);
        assert.strictEqual(taskIdFor("audit-mitigation", long).length, 128);
        assert.notStrictEqual(
            taskIdFor("audit-mitigation", long),
            taskIdFor("audit-mitigation", longer),
        );
        assert.match(taskIdFor("quarantine", "ünïcødé/ id"), valid);
    });

    it("derives a 64-character client request token from the task id", () => {
        const token = clientRequestTokenFor("quarantine-x");
        assert.match(token, /^[a-zA-Z0-9_-]{64}$/);
        assert.strictEqual(clientRequestTokenFor("quarantine-x"), token);
        assert.notStrictEqual(clientRequestTokenFor("quarantine-y"), token);
    });
});
