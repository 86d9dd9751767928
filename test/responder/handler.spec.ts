/**
 * The responder's handler: how it acts on violations and audit findings, dry runs, the events it
 * takes and the logs it writes.
 */
import * as assert from "assert";
import {
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import { handler } from "../../lambda/responder/handler";
import { QUARANTINE_ACTION, setEnv, setSettings, validEnv, validSettings } from "./support";
import {
    AUDIT_MITIGATION_TASK,
    AUDIT_TASK,
    eventOf,
    mockHandlerAws,
    QUARANTINE_TASK,
    sha256,
    VIOLATION_ID,
} from "./handlerSupport";

describe("responder: handler", () => {
    const aws = mockHandlerAws();
    const { logs } = aws;

    describe("acting", () => {
        it("quarantines a violation entering alarm with one StartDetectMitigationActionsTask", async () => {
            const result = await handler(eventOf("violation-in-alarm"), { awsRequestId: "req-1" });

            assert.deepStrictEqual(
                aws.iot
                    .commandCalls(StartDetectMitigationActionsTaskCommand)
                    .map(c => c.args[0].input),
                [
                    {
                        taskId: QUARANTINE_TASK,
                        target: { violationIds: [VIOLATION_ID] },
                        actions: [QUARANTINE_ACTION],
                        includeOnlyActiveViolations: true,
                        clientRequestToken: sha256(QUARANTINE_TASK),
                    },
                ],
            );
            assert.strictEqual(aws.sqs.calls().length, 0);
            assert.deepStrictEqual(result.records, [
                {
                    snsMessageId: "msg-1",
                    kind: "violation",
                    decision: "quarantine",
                    outcome: "started",
                    taskId: QUARANTINE_TASK,
                },
            ]);
            const [entry] = logs.decisions;
            assert.deepStrictEqual(
                [
                    entry.level,
                    entry.kind,
                    entry.decision,
                    entry.outcome,
                    entry.dryRun,
                    entry.violationId,
                    entry.thingName,
                    entry.securityProfileName,
                    entry.metric,
                    entry.taskId,
                    entry.snsMessageId,
                    entry.requestId,
                ],
                [
                    "info",
                    "violation",
                    "quarantine",
                    "started",
                    false,
                    VIOLATION_ID,
                    "gateway-eu-0042",
                    "iot-defender-dev-rules",
                    "aws:num-authorization-failures",
                    QUARANTINE_TASK,
                    "msg-1",
                    "req-1",
                ],
            );
        });

        it("starts one StartAuditMitigationActionsTask for the completed audit's mapped non-compliant checks", async () => {
            const result = await handler(eventOf("audit-non-compliant"));

            assert.deepStrictEqual(
                aws.iot
                    .commandCalls(StartAuditMitigationActionsTaskCommand)
                    .map(c => c.args[0].input),
                [
                    {
                        taskId: AUDIT_MITIGATION_TASK,
                        target: { auditTaskId: AUDIT_TASK },
                        auditCheckToActionsMapping: {
                            DEVICE_CERTIFICATE_SHARED_CHECK: [
                                "iot-defender-dev-publish-finding",
                                "iot-defender-dev-deactivate-device-certificate",
                            ],
                            LOGGING_DISABLED_CHECK: ["iot-defender-dev-enable-iot-logging"],
                        },
                        clientRequestToken: sha256(AUDIT_MITIGATION_TASK),
                    },
                ],
            );
            assert.strictEqual(aws.iot.calls().length, 1);
            assert.strictEqual(result.records[0].outcome, "started");
            const [entry] = logs.decisions;
            assert.deepStrictEqual(
                [entry.kind, entry.decision, entry.outcome, entry.auditTaskId, entry.checks],
                [
                    "audit",
                    "mitigate-audit",
                    "started",
                    AUDIT_TASK,
                    ["DEVICE_CERTIFICATE_SHARED_CHECK", "LOGGING_DISABLED_CHECK"],
                ],
            );
        });

        it("makes no call for cleared or notify-only violations, compliant or failed audits, and CloudWatch alarms, but logs each", async () => {
            const result = await handler(
                eventOf(
                    "violation-cleared",
                    "violation-ml",
                    "audit-compliant",
                    "audit-failed",
                    "cloudwatch-alarm",
                ),
            );

            assert.strictEqual(aws.iot.calls().length, 0);
            assert.strictEqual(aws.sqs.calls().length, 0);
            assert.deepStrictEqual(
                result.records.map(r => [r.kind, r.decision, r.outcome, r.reason]),
                [
                    ["violation", "none", "no-action", "alarm-cleared"],
                    ["violation", "none", "no-action", "notify-only"],
                    ["audit", "none", "no-action", "no-mapped-non-compliant-checks"],
                    ["audit", "none", "no-action", "audit-not-completed"],
                    ["alarm", "none", "noted", "cloudwatch-alarm"],
                ],
            );
            assert.deepStrictEqual(
                logs.decisions.map(e => [e.decision, e.reason]),
                result.records.map(r => [r.decision, r.reason]),
            );
            assert.strictEqual(logs.decisions[4].alarmName, "iot-defender-dev-rules-violations");
        });

        it("notes an audit finding the publish-finding action sent back to the topic: no call, not dead-lettered", async () => {
            const result = await handler(eventOf("published-finding"));

            assert.strictEqual(aws.iot.calls().length + aws.sqs.calls().length, 0);
            assert.deepStrictEqual(result.records, [
                {
                    snsMessageId: "msg-1",
                    kind: "finding",
                    decision: "none",
                    outcome: "noted",
                    reason: "published-finding",
                },
            ]);
            const [entry] = logs.decisions;
            assert.deepStrictEqual(
                [
                    entry.level,
                    entry.kind,
                    entry.findingId,
                    entry.checkName,
                    entry.auditTaskId,
                    entry.severity,
                ],
                [
                    "info",
                    "finding",
                    "0edbaaec-2fe1-4cf5-abc9-d4c3e51f7464",
                    "DEVICE_CERTIFICATE_SHARED_CHECK",
                    AUDIT_TASK,
                    "CRITICAL",
                ],
            );
        });

        it("makes no call for a violation on an unmapped metric", async () => {
            setSettings({
                ...validSettings(),
                VIOLATION_RESPONSES: { "aws:num-disconnects": "quarantine" },
            });
            const result = await handler(eventOf("violation-in-alarm"));
            assert.strictEqual(aws.iot.calls().length, 0);
            assert.strictEqual(result.records[0].reason, "unmapped-metric");
        });
    });

    describe("dry run", () => {
        it("logs the decision and makes no IoT call", async () => {
            setEnv({ ...validEnv(), DRY_RUN: "true" });
            const result = await handler(eventOf("violation-in-alarm", "audit-non-compliant"));

            assert.strictEqual(aws.iot.calls().length, 0);
            assert.deepStrictEqual(
                result.records.map(r => r.outcome),
                ["dry-run", "dry-run"],
            );
            assert.deepStrictEqual(
                logs.decisions.map(e => [e.decision, e.dryRun, e.outcome, e.taskId]),
                [
                    ["quarantine", true, "dry-run", QUARANTINE_TASK],
                    ["mitigate-audit", true, "dry-run", AUDIT_MITIGATION_TASK],
                ],
            );
            assert.deepStrictEqual(logs.decisions[0].actions, [QUARANTINE_ACTION]);
        });
    });

    it("rejects an event that is not an SNS event", async () => {
        await assert.rejects(handler({} as Parameters<typeof handler>[0]), /not an SNS event/);
        assert.deepStrictEqual(
            logs.entries.map(e => [e.level, e.reason]),
            [["error", "not-an-sns-event"]],
        );
    });

    it("logs one JSON object per line and nothing else, each through the console method of its level", async () => {
        aws.iot
            .on(StartDetectMitigationActionsTaskCommand)
            .rejectsOnce(new ThrottlingException({ message: "slow down", $metadata: {} }))
            .resolves({});
        await handler(
            eventOf(
                "violation-in-alarm",
                "violation-cleared",
                "audit-non-compliant",
                "cloudwatch-alarm",
                "published-finding",
                "malformed",
                "unknown-shape",
            ),
        );
        assert.ok(logs.lines.length >= 8);
        const entries = logs.entries;
        for (const entry of entries)
            assert.ok(
                ["debug", "info", "warn", "error"].includes(entry.level),
                JSON.stringify(entry),
            );
        assert.deepStrictEqual(
            logs.calls.map(c => c.method),
            entries.map(e => e.level),
        );
    });
});
