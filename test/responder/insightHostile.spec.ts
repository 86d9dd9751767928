/**
 * The responder against hostile and malformed messages about the `logs` engine's alarms: a message
 * that names one of the stack's insight alarms but contradicts the stack (another region or
 * alarm, another rule, a time that is not now) or is malformed is dead-lettered at once with its
 * reason, and no rule is read, nothing published, no thing touched. The rule read is always the
 * configuration's, never the message's.
 */
import * as assert from "assert";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { handler } from "../../lambda/responder/handler";
import { MAX_ALARM_AGE_MS } from "../../lambda/responder/insightDecide";
import type { Json } from "../harness";
import { cloudWatchTime, insightAlarm, mockResponderAws, snsEvent, snsRecord } from "./support";

interface Hostile {
    readonly what: string;
    readonly message: string;
    readonly reason: string;
    /** What the letter's detail must say. */
    readonly says: RegExp;
}

const set = (field: string, value: unknown) =>
    insightAlarm(b => {
        b[field] = value;
    });
const without = (field: string) =>
    insightAlarm(b => {
        delete b[field];
    });
const ARN =
    "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:iot-defender-dev-logs-AuthorizationFailures";

const HOSTILE: readonly Hostile[] = [
    {
        what: "the alarm's ARN in another region",
        message: set("AlarmArn", ARN.replace("eu-west-1", "us-east-1")),
        reason: "inconsistent",
        says: /AlarmArn must be this alarm's ARN in eu-west-1/,
    },
    {
        what: "the ARN of another alarm",
        message: set("AlarmArn", `${ARN}-2`),
        reason: "inconsistent",
        says: /AlarmArn/,
    },
    {
        what: "no AlarmArn",
        message: without("AlarmArn"),
        reason: "missing-fields",
        says: /AlarmArn/,
    },
    {
        what: "a trigger reading another rule (a redirect to someone else's data)",
        message: insightAlarm((b: Json) => {
            b.Trigger.Metrics[0].Expression =
                "INSIGHT_RULE_METRIC('finance-payments', 'MaxContributorValue')";
        }),
        reason: "inconsistent",
        says: /reads rule "finance-payments", not the stack's iot-defender-dev-AuthorizationFailures/,
    },
    {
        what: "no StateChangeTime",
        message: without("StateChangeTime"),
        reason: "missing-fields",
        says: /StateChangeTime must be an ISO 8601 time/,
    },
    {
        what: "a StateChangeTime that is not a time",
        message: set("StateChangeTime", "yesterday; DROP TABLE"),
        reason: "invalid-identifier",
        says: /StateChangeTime/,
    },
    {
        what: "a StateChangeTime that is a number",
        message: set("StateChangeTime", 1764561631502),
        reason: "invalid-identifier",
        says: /StateChangeTime/,
    },
    {
        what: "a state change two days old (acting on history)",
        message: set("StateChangeTime", cloudWatchTime(Date.now() - 2 * MAX_ALARM_AGE_MS)),
        reason: "inconsistent",
        says: /not within the last 24 hours/,
    },
    {
        what: "a state change an hour in the future",
        message: set("StateChangeTime", cloudWatchTime(Date.now() + 3600_000)),
        reason: "inconsistent",
        says: /not within the last 24 hours/,
    },
    {
        what: "an unknown alarm state",
        message: set("NewStateValue", "QUARANTINE_EVERYONE"),
        reason: "invalid-identifier",
        says: /NewStateValue must be one of OK, ALARM, INSUFFICIENT_DATA/,
    },
];

describe("responder: hostile messages about the logs engine's alarms", () => {
    const aws = mockResponderAws((iot, sqs) => {
        iot.onAnyCommand().rejects(new Error("unexpected IoT call"));
        sqs.onAnyCommand().rejects(new Error("unexpected SQS call"));
        sqs.on(SendMessageCommand).resolves({ MessageId: "dlq-1" });
    });

    for (const h of HOSTILE) {
        it(`dead-letters ${h.what} (${h.reason}) and reads no rule`, async () => {
            const result = await handler(snsEvent(snsRecord(h.message, "m-1")));
            assert.deepStrictEqual(
                result.records.map(r => [r.decision, r.reason]),
                [["dead-letter", h.reason]],
            );
            const calls = aws.cloudWatch.calls().length + aws.sns.calls().length;
            assert.strictEqual(calls + aws.iot.calls().length, 0);
            const [sent] = aws.sqs.commandCalls(SendMessageCommand).map(c => c.args[0].input);
            const letter = JSON.parse(sent.MessageBody!);
            assert.strictEqual(letter.reason, h.reason);
            assert.match(letter.detail, /alarm iot-defender-dev-logs-AuthorizationFailures/);
            assert.match(letter.detail, h.says);
        });
    }

    it("takes an alarm name that is an object key of every JavaScript object for no insight alarm", async () => {
        const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
        const result = await handler(
            snsEvent(...names.map((n, i) => snsRecord(set("AlarmName", n), `m-${i}`))),
        );
        assert.deepStrictEqual(
            result.records.map(r => r.reason),
            names.map(() => "cloudwatch-alarm"),
        );
        assert.strictEqual(aws.cloudWatch.calls().length, 0);
    });
});
