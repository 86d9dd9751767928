/**
 * The responder's AWS calls under errors (lambda/responder/act.ts): bounded retries on throttling
 * and transient errors, longer waits for the task limit, the invocation's deadline.
 */
import * as assert from "assert";
import {
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { DEADLINE_RESERVE_MS, LIMIT_RETRY, RETRY } from "../../lambda/responder/act";
import { handler } from "../../lambda/responder/handler";
import { fixture, snsEvent, snsRecord } from "./support";
import {
    awsError,
    ceilingOf,
    eventOf,
    mockHandlerAws,
    QUARANTINE_TASK,
    tooManyTasks,
} from "./handlerSupport";

describe("responder: handler", () => {
    const aws = mockHandlerAws();
    const { logs, clock } = aws;

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
});
