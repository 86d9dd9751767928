/**
 * The responder's handler under an invalid configuration (environment or settings file): it
 * dead-letters and acts on nothing.
 */
import * as assert from "assert";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { handler } from "../../lambda/responder/handler";
import * as fs from "fs";
import { forgetSettings, settingsLocation } from "../../lambda/responder/settings";
import {
    fixture,
    removeSettings,
    setEnv,
    setSettings,
    TOPIC_ARN,
    validEnv,
    validSettings,
} from "./support";
import { eventOf, mockHandlerAws, sha256 } from "./handlerSupport";

describe("responder: handler", () => {
    const aws = mockHandlerAws();
    const { logs } = aws;

    describe("invalid configuration", () => {
        it("dead-letters every message with the problems, logs an error, and acts on nothing", async () => {
            setEnv({ ...validEnv(), DRY_RUN: undefined });
            setSettings({ ...validSettings(), VIOLATION_RESPONSES: ["quarantine"] });
            const result = await handler(eventOf("violation-in-alarm", "cloudwatch-alarm"));

            assert.strictEqual(aws.iot.calls().length, 0);
            const sent = aws.sqs.commandCalls(SendMessageCommand).map(c => c.args[0].input);
            assert.strictEqual(sent.length, 2);
            const problems =
                'DRY_RUN must be "true" or "false", got nothing; VIOLATION_RESPONSES must be a JSON object';
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
                        "VIOLATION_RESPONSES must be a JSON object",
                    ],
                ],
            );
        });

        it("dead-letters when quarantine is configured without its action", async () => {
            setSettings({ ...validSettings(), QUARANTINE_ACTION_NAME: "" });
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

        it("dead-letters every message when the settings file is missing, not JSON or not an object", async () => {
            const cases: [() => void, string][] = [
                [
                    removeSettings,
                    "settings.json cannot be read (ENOENT): the deployment package must hold it beside handler.js",
                ],
                [() => setSettings("{not json"), "settings.json is not valid JSON"],
                [() => setSettings("[]"), "settings.json must be a JSON object"],
            ];
            for (const [make, problem] of cases) {
                aws.sqs.resetHistory();
                make();
                const result = await handler(eventOf("violation-in-alarm"));
                assert.strictEqual(aws.iot.calls().length, 0, problem);
                assert.deepStrictEqual(
                    result.records.map(r => [r.outcome, r.reason]),
                    [["dead-lettered", "invalid-config"]],
                );
                const sent = aws.sqs.commandCalls(SendMessageCommand)[0].args[0].input;
                assert.strictEqual(JSON.parse(sent.MessageBody!).detail, problem);
            }
        });

        it("reads the settings file once per container: a changed file counts from the next cold start", async () => {
            await handler(eventOf("violation-in-alarm"));
            fs.writeFileSync(settingsLocation.file, "{not json");
            await handler(eventOf("violation-in-alarm"));
            assert.strictEqual(aws.iot.calls().length, 2, "the warm container kept its settings");
            assert.strictEqual(aws.sqs.calls().length, 0);
            forgetSettings();
            await handler(eventOf("violation-in-alarm"));
            assert.strictEqual(aws.iot.calls().length, 2);
            assert.match(
                aws.sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody!,
                /settings.json is not valid JSON/,
            );
        });
    });
});
