import * as assert from "assert";
import { createHash } from "crypto";
import {
    LimitExceededException,
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
    TaskAlreadyExistsException,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { DEADLINE_RESERVE_MS, LIMIT_RETRY, RETRY, RetryPolicy } from "../../lambda/responder/act";
import { handler } from "../../lambda/responder/handler";
import {
    DLQ_URL,
    editedFixture,
    fixture,
    FixtureName,
    QUARANTINE_ACTION,
    mockResponderAws,
    setEnv,
    snsEvent,
    snsRecord,
    TOPIC_ARN,
    validEnv,
} from "./support";

const VIOLATION_ID = "7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21";
const QUARANTINE_TASK = `quarantine-${VIOLATION_ID}`;
const AUDIT_TASK = "f3d9c0b1a2e4d5c6b7a8f9e0d1c2b3a4";
const AUDIT_MITIGATION_TASK = `audit-mitigation-${AUDIT_TASK}`;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const eventOf = (...names: FixtureName[]) =>
    snsEvent(...names.map((n, i) => snsRecord(fixture(n), `msg-${i + 1}`)));
const awsError = (name: string, message: string, httpStatusCode: number) =>
    Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode } });
const tooManyTasks = () =>
    new LimitExceededException({
        message: "Too many running mitigation tasks",
        $metadata: { httpStatusCode: 410 },
    });
/** The wait before retry n (1-based) lies between half its ceiling and its ceiling. */
const ceilingOf = (policy: RetryPolicy, n: number) =>
    Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (n - 1));

describe("responder: handler", () => {
    const aws = mockResponderAws((iot, sqs) => {
        iot.onAnyCommand().rejects(new Error("unexpected IoT call"));
        sqs.onAnyCommand().rejects(new Error("unexpected SQS call"));
        iot.on(StartDetectMitigationActionsTaskCommand).resolves({ taskId: QUARANTINE_TASK });
        iot.on(StartAuditMitigationActionsTaskCommand).resolves({ taskId: AUDIT_MITIGATION_TASK });
        sqs.on(SendMessageCommand).resolves({ MessageId: "dlq-1" });
    });
    const { logs, clock } = aws;

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
            setEnv({
                ...validEnv(),
                VIOLATION_RESPONSES: JSON.stringify({ "aws:num-disconnects": "quarantine" }),
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

    describe("malformed and unknown messages", () => {
        it("sends invalid JSON to the dead-letter queue with the reason, the message's excerpt, size and digest, and returns normally", async () => {
            const result = await handler(eventOf("malformed"));

            assert.deepStrictEqual(
                aws.sqs.commandCalls(SendMessageCommand).map(c => c.args[0].input),
                [
                    {
                        QueueUrl: DLQ_URL,
                        MessageBody: JSON.stringify({
                            reason: "invalid-json",
                            detail: "the message is not valid JSON",
                            snsMessageId: "msg-1",
                            topicArn: TOPIC_ARN,
                            subject: "",
                            timestamp: "2026-11-27T05:00:31.622Z",
                            messageBytes: Buffer.byteLength(fixture("malformed")),
                            messageSha256: sha256(fixture("malformed")),
                            excerpt: fixture("malformed"),
                            excerptTruncated: false,
                        }),
                        MessageAttributes: {
                            reason: { DataType: "String", StringValue: "invalid-json" },
                            detail: {
                                DataType: "String",
                                StringValue: "the message is not valid JSON",
                            },
                            source: { DataType: "String", StringValue: "iot-defender-responder" },
                        },
                    },
                ],
            );
            assert.strictEqual(aws.iot.calls().length, 0);
            assert.deepStrictEqual(result.records, [
                {
                    snsMessageId: "msg-1",
                    kind: "malformed",
                    decision: "dead-letter",
                    outcome: "dead-lettered",
                    reason: "invalid-json",
                },
            ]);
            const [entry] = logs.decisions;
            assert.deepStrictEqual(
                [
                    entry.level,
                    entry.kind,
                    entry.decision,
                    entry.reason,
                    entry.outcome,
                    entry.deadLetterMessageId,
                ],
                ["warn", "malformed", "dead-letter", "invalid-json", "dead-lettered", "dlq-1"],
            );
        });

        it("dead-letters unknown shapes and known kinds missing required fields", async () => {
            const noThing = editedFixture("violation-in-alarm", b => {
                delete b.thingName;
            });
            await handler(
                snsEvent(snsRecord(fixture("unknown-shape"), "m-a"), snsRecord(noThing, "m-b")),
            );

            const sent = aws.sqs.commandCalls(SendMessageCommand).map(c => c.args[0].input);
            assert.deepStrictEqual(
                sent.map(s => s.MessageAttributes?.reason.StringValue),
                ["unknown-shape", "missing-fields"],
            );
            assert.deepStrictEqual(
                sent.map(s => JSON.parse(s.MessageBody!).excerpt),
                [fixture("unknown-shape"), noThing],
            );
            assert.match(sent[1].MessageAttributes!.detail.StringValue!, /thingName/);
            assert.strictEqual(aws.iot.calls().length, 0);
        });

        it("fails the invocation when the dead-letter queue cannot be written, so the message is kept", async () => {
            aws.sqs
                .on(SendMessageCommand)
                .rejects(awsError("AccessDenied", "not authorized to sqs:SendMessage", 403));
            await assert.rejects(
                handler(eventOf("malformed")),
                /1 of 1 records failed: msg-1: AccessDenied/,
            );
            assert.strictEqual(
                aws.sqs.commandCalls(SendMessageCommand).length,
                1,
                "no retry on AccessDenied",
            );
            assert.deepStrictEqual(
                logs.decisions.map(e => [e.level, e.outcome, e.error?.name]),
                [["error", "failed", "AccessDenied"]],
            );
        });
    });

    describe("duplicates", () => {
        it("acts once on the same violation delivered twice in one batch", async () => {
            const body = fixture("violation-in-alarm");
            const result = await handler(
                snsEvent(snsRecord(body, "msg-1"), snsRecord(body, "msg-1")),
            );

            assert.strictEqual(
                aws.iot.commandCalls(StartDetectMitigationActionsTaskCommand).length,
                1,
            );
            assert.deepStrictEqual(
                result.records.map(r => r.outcome),
                ["started", "duplicate-in-batch"],
            );
        });

        it("treats the task already existing (an earlier delivery acted) as done", async () => {
            aws.iot.on(StartDetectMitigationActionsTaskCommand).rejects(
                new TaskAlreadyExistsException({
                    message: "Task already exists",
                    $metadata: { httpStatusCode: 409 },
                }),
            );
            aws.iot
                .on(StartAuditMitigationActionsTaskCommand)
                .rejects(awsError("ResourceAlreadyExistsException", "already exists", 409));
            const result = await handler(eventOf("violation-in-alarm", "audit-non-compliant"));

            assert.strictEqual(aws.iot.calls().length, 2, "no retries on already exists");
            assert.deepStrictEqual(
                result.records.map(r => r.outcome),
                ["duplicate", "duplicate"],
            );
            assert.deepStrictEqual(
                logs.decisions.map(e => [e.level, e.outcome]),
                [
                    ["info", "duplicate"],
                    ["info", "duplicate"],
                ],
            );
            assert.strictEqual(aws.sqs.calls().length, 0);
        });

        it("sends the same request on a repeated delivery, so AWS sees the same task", async () => {
            await handler(eventOf("violation-in-alarm"));
            await handler(eventOf("violation-in-alarm"));
            const [first, second] = aws.iot
                .commandCalls(StartDetectMitigationActionsTaskCommand)
                .map(c => c.args[0].input);
            assert.deepStrictEqual(second, first);
        });
    });

    describe("AWS errors while acting", () => {
        it("retries throttling a bounded number of times with growing waits, then rejects", async () => {
            aws.iot.on(StartDetectMitigationActionsTaskCommand).rejects(
                new ThrottlingException({
                    message: "Rate exceeded",
                    $metadata: { httpStatusCode: 400 },
                }),
            );
            await assert.rejects(
                handler(eventOf("violation-in-alarm")),
                /ThrottlingException: Rate exceeded/,
            );

            assert.strictEqual(RETRY.attempts, 4);
            assert.strictEqual(
                aws.iot.commandCalls(StartDetectMitigationActionsTaskCommand).length,
                RETRY.attempts,
            );
            assert.strictEqual(clock.delays.length, RETRY.attempts - 1);
            clock.delays.forEach((d, i) =>
                assert.ok(
                    d >= (RETRY.baseMs * 2 ** i) / 2 &&
                        d <= Math.min(RETRY.maxDelayMs, RETRY.baseMs * 2 ** i),
                    `delay ${i}: ${d}`,
                ),
            );
            assert.deepStrictEqual(
                logs.entries.filter(e => e.outcome === "retrying").map(e => e.attempt),
                [1, 2, 3],
            );
            const failed = logs.decisions.find(e => e.outcome === "failed")!;
            assert.deepStrictEqual(
                [failed.level, failed.decision, failed.error.name, failed.taskId],
                ["error", "quarantine", "ThrottlingException", QUARANTINE_TASK],
            );
        });

        it("succeeds when throttling stops within the retries", async () => {
            aws.iot
                .on(StartDetectMitigationActionsTaskCommand)
                .rejectsOnce(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }))
                .rejectsOnce(awsError("ServiceUnavailableException", "try later", 503))
                .resolves({ taskId: QUARANTINE_TASK });
            const result = await handler(eventOf("violation-in-alarm"));
            assert.strictEqual(aws.iot.calls().length, 3);
            assert.strictEqual(result.records[0].outcome, "started");
        });

        it("waits out too many running mitigation tasks (LimitExceeded) with longer waits, then starts the task", async () => {
            aws.iot
                .on(StartDetectMitigationActionsTaskCommand)
                .rejectsOnce(tooManyTasks())
                .rejectsOnce(tooManyTasks())
                .rejectsOnce(tooManyTasks())
                .resolves({ taskId: QUARANTINE_TASK });
            const result = await handler(eventOf("violation-in-alarm"), {
                awsRequestId: "req-1",
                getRemainingTimeInMillis: () => 90_000,
            });

            assert.strictEqual(
                aws.iot.commandCalls(StartDetectMitigationActionsTaskCommand).length,
                4,
            );
            assert.deepStrictEqual(
                result.records.map(r => r.outcome),
                ["started"],
            );
            assert.strictEqual(clock.delays.length, 3);
            clock.delays.forEach((d, i) => {
                const ceiling = ceilingOf(LIMIT_RETRY, i + 1);
                assert.ok(
                    d >= ceiling / 2 && d <= ceiling,
                    `delay ${i}: ${d} not in [${ceiling / 2}, ${ceiling}]`,
                );
            });
            assert.ok(clock.delays[0] >= 1_000, "longer than a throttling wait");
            assert.deepStrictEqual(
                logs.entries
                    .filter(e => e.outcome === "retrying")
                    .map(e => [e.level, e.reason, e.attempt, e.error.name]),
                [
                    ["warn", "limit-exceeded", 1, "LimitExceededException"],
                    ["warn", "limit-exceeded", 2, "LimitExceededException"],
                    ["warn", "limit-exceeded", 3, "LimitExceededException"],
                ],
            );
            assert.strictEqual(aws.sqs.calls().length, 0);
        });

        it("gives up when the limit outlasts its retries: the invocation fails, so Lambda retries it and then dead-letters it", async () => {
            aws.iot.on(StartDetectMitigationActionsTaskCommand).rejects(tooManyTasks());
            await assert.rejects(
                handler(eventOf("violation-in-alarm"), { getRemainingTimeInMillis: () => 90_000 }),
                /1 of 1 records failed: msg-1: LimitExceededException: Too many running mitigation tasks/,
            );

            assert.strictEqual(
                aws.iot.commandCalls(StartDetectMitigationActionsTaskCommand).length,
                LIMIT_RETRY.attempts,
            );
            const worstCase = Array.from({ length: LIMIT_RETRY.attempts - 1 }, (_, i) =>
                ceilingOf(LIMIT_RETRY, i + 1),
            ).reduce((a, b) => a + b, 0);
            const waited = clock.delays.reduce((a, b) => a + b, 0);
            assert.ok(
                waited <= worstCase && worstCase <= 90_000 - DEADLINE_RESERVE_MS,
                `waited ${waited} ms, worst case ${worstCase} ms`,
            );
            const failed = logs.decisions.find(e => e.outcome === "failed")!;
            assert.deepStrictEqual(
                [failed.level, failed.decision, failed.error.name, failed.taskId],
                ["error", "quarantine", "LimitExceededException", QUARANTINE_TASK],
            );
            assert.strictEqual(
                aws.sqs.calls().length,
                0,
                "not the responder's dead-letter path: Lambda's, after its retries",
            );
        });

        it("stops waiting before the invocation's deadline, so the failure is logged rather than cut off by the timeout", async () => {
            aws.iot.on(StartDetectMitigationActionsTaskCommand).rejects(tooManyTasks());
            const remainingMs = DEADLINE_RESERVE_MS + 10_000;
            await assert.rejects(
                handler(eventOf("violation-in-alarm"), {
                    getRemainingTimeInMillis: () => remainingMs,
                }),
                /LimitExceededException/,
            );

            const calls = aws.iot.commandCalls(StartDetectMitigationActionsTaskCommand).length;
            assert.ok(calls < LIMIT_RETRY.attempts, `${calls} calls`);
            assert.ok(clock.delays.reduce((a, b) => a + b, 0) <= remainingMs - DEADLINE_RESERVE_MS);
            const outOfTime = logs.entries.filter(e => e.outcome === "out-of-time");
            assert.deepStrictEqual(
                outOfTime.map(e => [e.level, e.reason, e.attempt]),
                [["warn", "limit-exceeded", calls]],
            );
        });

        it("counts throttling and the task limit apart, so throttling does not use up the wait for running tasks", async () => {
            aws.iot
                .on(StartDetectMitigationActionsTaskCommand)
                .rejectsOnce(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }))
                .rejectsOnce(tooManyTasks())
                .rejectsOnce(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }))
                .rejectsOnce(tooManyTasks())
                .rejectsOnce(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }))
                .resolves({ taskId: QUARANTINE_TASK });
            const result = await handler(eventOf("violation-in-alarm"));
            assert.strictEqual(aws.iot.calls().length, 6);
            assert.strictEqual(result.records[0].outcome, "started");
            assert.deepStrictEqual(
                logs.entries.filter(e => e.outcome === "retrying").map(e => e.reason),
                ["transient", "limit-exceeded", "transient", "limit-exceeded", "transient"],
            );
        });

        it("rejects at once on AccessDenied, and still handles the rest of the batch", async () => {
            aws.iot
                .on(StartAuditMitigationActionsTaskCommand)
                .rejects(
                    awsError(
                        "AccessDeniedException",
                        "not authorized to iot:StartAuditMitigationActionsTask",
                        403,
                    ),
                );
            const event = snsEvent(
                snsRecord(fixture("audit-non-compliant"), "msg-1"),
                snsRecord(fixture("malformed"), "msg-2"),
            );

            await assert.rejects(handler(event), (err: Error) => {
                assert.strictEqual(err.name, "ResponderError");
                assert.match(
                    err.message,
                    /^1 of 2 records failed: msg-1: AccessDeniedException: not authorized/,
                );
                return true;
            });
            assert.strictEqual(aws.iot.calls().length, 1, "no retry on AccessDenied");
            assert.strictEqual(
                aws.sqs.commandCalls(SendMessageCommand).length,
                1,
                "the malformed record is still dead-lettered",
            );
            assert.ok(
                logs.entries.some(
                    e =>
                        e.level === "error" &&
                        e.outcome === "failed" &&
                        e.error.name === "AccessDeniedException",
                ),
            );
        });
    });

    describe("invalid configuration", () => {
        it("dead-letters every message with the problems, logs an error, and acts on nothing", async () => {
            setEnv({ ...validEnv(), VIOLATION_RESPONSES: "{not json", DRY_RUN: undefined });
            const result = await handler(eventOf("violation-in-alarm", "cloudwatch-alarm"));

            assert.strictEqual(aws.iot.calls().length, 0);
            const sent = aws.sqs.commandCalls(SendMessageCommand).map(c => c.args[0].input);
            assert.strictEqual(sent.length, 2);
            const problems =
                'DRY_RUN must be "true" or "false", got nothing; VIOLATION_RESPONSES is not valid JSON';
            assert.deepStrictEqual(sent[0].MessageAttributes?.reason, {
                DataType: "String",
                StringValue: "invalid-config",
            });
            assert.deepStrictEqual(JSON.parse(sent[0].MessageBody!), {
                reason: "invalid-config",
                detail: problems,
                snsMessageId: "msg-1",
                topicArn: TOPIC_ARN,
                subject: "",
                timestamp: "2026-11-27T05:00:31.622Z",
                messageBytes: Buffer.byteLength(fixture("violation-in-alarm")),
                messageSha256: sha256(fixture("violation-in-alarm")),
                excerpt: fixture("violation-in-alarm"),
                excerptTruncated: false,
            });
            assert.strictEqual(
                JSON.parse(sent[1].MessageBody!).excerpt,
                fixture("cloudwatch-alarm"),
            );
            assert.deepStrictEqual(
                result.records.map(r => [r.kind, r.outcome, r.reason]),
                [
                    ["violation", "dead-lettered", "invalid-config"],
                    ["alarm", "dead-lettered", "invalid-config"],
                ],
            );
            const configError = logs.entries.find(e => e.kind === "config")!;
            assert.deepStrictEqual(
                [configError.level, configError.outcome, configError.problems],
                [
                    "error",
                    "invalid",
                    [
                        'DRY_RUN must be "true" or "false", got nothing',
                        "VIOLATION_RESPONSES is not valid JSON",
                    ],
                ],
            );
        });

        it("dead-letters when quarantine is configured without its action", async () => {
            setEnv({ ...validEnv(), QUARANTINE_ACTION_NAME: "" });
            await handler(eventOf("violation-in-alarm"));
            assert.strictEqual(aws.iot.calls().length, 0);
            assert.match(
                aws.sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody!,
                /QUARANTINE_ACTION_NAME is empty/,
            );
        });

        it("rejects when there is no usable dead-letter queue, so nothing is dropped", async () => {
            setEnv({ ...validEnv(), DEAD_LETTER_QUEUE_URL: undefined });
            await assert.rejects(handler(eventOf("violation-in-alarm")), /cannot dead-letter/);
            assert.strictEqual(aws.iot.calls().length + aws.sqs.calls().length, 0);
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
