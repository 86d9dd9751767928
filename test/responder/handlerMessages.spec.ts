/**
 * The responder's handler on messages it must not act on: malformed, unknown, and duplicates.
 */
import * as assert from "assert";
import {
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
    TaskAlreadyExistsException,
} from "@aws-sdk/client-iot";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { handler } from "../../lambda/responder/handler";
import { DLQ_URL, editedFixture, fixture, snsEvent, snsRecord, TOPIC_ARN } from "./support";
import { awsError, eventOf, mockHandlerAws, sha256 } from "./handlerSupport";

describe("responder: handler", () => {
    const aws = mockHandlerAws();
    const { logs } = aws;

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
});
