/**
 * The responder on the `logs` engine's alarms: it reads the alarm's Contributor Insights rule for
 * the alarm's window, names the top contributors in its log and in a report to the alert topic,
 * and quarantines the breaching ones (client ID = thing name, checked) where the response map says
 * so; dry-run changes nothing; a duplicate delivery acts once.
 */
import * as assert from "assert";
import { GetInsightRuleReportCommand } from "@aws-sdk/client-cloudwatch";
import type { InsightRuleContributor } from "@aws-sdk/client-cloudwatch";
import {
    AddThingToThingGroupCommand,
    DescribeThingCommand,
    ResourceNotFoundException,
    ThrottlingException,
} from "@aws-sdk/client-iot";
import { PublishCommand } from "@aws-sdk/client-sns";
import { handler } from "../../lambda/responder/handler";
import { TOP_CONTRIBUTORS } from "../../components/facts";
import {
    cloudWatchTime,
    insightAlarm,
    mockResponderAws,
    QUARANTINE_GROUP,
    setEnv,
    snsEvent,
    snsRecord,
    TOPIC_ARN,
    validEnv,
} from "./support";

const RULE = "iot-defender-dev-AuthorizationFailures";
const PERIOD_MS = 300_000;

/** A contributor as GetInsightRuleReport returns it: per-period values, most recent last. */
const contributor = (clientId: string, ...values: number[]): InsightRuleContributor => ({
    Keys: [clientId],
    ApproximateAggregateValue: values.reduce((a, b) => a + b, 0),
    Datapoints: values.map((v, i) => ({ Timestamp: new Date(i * PERIOD_MS), ApproximateValue: v })),
});

const REPORT = {
    KeyLabels: ["$.clientId"],
    Contributors: [
        contributor("gateway-0042", 2, 9),
        contributor("sensor-7", 6),
        contributor("camera-3", 3, 1),
    ],
};

describe("responder: logs engine alarms (Contributor Insights)", () => {
    const aws = mockResponderAws((iot, sqs, cloudWatch, sns) => {
        iot.onAnyCommand().rejects(new Error("unexpected IoT call"));
        sqs.onAnyCommand().rejects(new Error("unexpected SQS call"));
        cloudWatch.on(GetInsightRuleReportCommand).resolves(REPORT);
        sns.on(PublishCommand).resolves({ MessageId: "report-1" });
        iot.on(DescribeThingCommand).resolves({ thingName: "x" });
        iot.on(AddThingToThingGroupCommand).resolves({});
    });
    const published = () =>
        aws.sns.commandCalls(PublishCommand).map(c => JSON.parse(c.args[0].input.Message!));
    const added = () => aws.iot.commandCalls(AddThingToThingGroupCommand).map(c => c.args[0].input);

    it("reads the alarm's rule for its window, on the period grid, ranked by the per-period peak", async () => {
        const changed = Date.now() - 60_000;
        const message = insightAlarm(b => {
            b.StateChangeTime = cloudWatchTime(changed);
        });
        await handler(snsEvent(snsRecord(message, "m-1")));
        const [request] = aws.cloudWatch
            .commandCalls(GetInsightRuleReportCommand)
            .map(c => c.args[0].input);
        const end = (Math.floor(changed / PERIOD_MS) + 1) * PERIOD_MS;
        assert.deepStrictEqual(request, {
            RuleName: RULE,
            StartTime: new Date(end - 2 * PERIOD_MS),
            EndTime: new Date(end),
            Period: 300,
            MaxContributorCount: TOP_CONTRIBUTORS,
            OrderBy: "Maximum",
        });
    });

    it("names the top contributors in its log and in a report to the alert topic", async () => {
        const result = await handler(snsEvent(snsRecord(insightAlarm(), "m-1")));
        const expected = [
            { clientId: "gateway-0042", peak: 9, total: 11, breaching: true },
            { clientId: "sensor-7", peak: 6, total: 6, breaching: true },
            { clientId: "camera-3", peak: 3, total: 4, breaching: false },
        ];
        const [entry] = aws.logs.decisions;
        assert.strictEqual(entry.decision, "insight-report");
        assert.strictEqual(entry.ruleName, RULE);
        assert.deepStrictEqual(entry.topContributors, expected);
        const [report] = published();
        assert.strictEqual(report.iotDefenderReport, "insight-contributors");
        assert.strictEqual(report.alarmName, "iot-defender-dev-logs-AuthorizationFailures");
        assert.strictEqual(report.behaviorName, "AuthorizationFailures");
        assert.deepStrictEqual(report.contributors, expected);
        const [publish] = aws.sns.commandCalls(PublishCommand).map(c => c.args[0].input);
        assert.strictEqual(publish.TopicArn, TOPIC_ARN);
        assert.strictEqual(
            publish.Subject,
            "iot-defender: AuthorizationFailures top client gateway-0042",
        );
        assert.deepStrictEqual(result.records[0].contributors, [
            "gateway-0042",
            "sensor-7",
            "camera-3",
        ]);
    });

    it("quarantines each breaching contributor that is a thing, and only those", async () => {
        const result = await handler(snsEvent(snsRecord(insightAlarm(), "m-1")));
        assert.deepStrictEqual(
            aws.iot.commandCalls(DescribeThingCommand).map(c => c.args[0].input.thingName),
            ["gateway-0042", "sensor-7"],
        );
        assert.deepStrictEqual(added(), [
            {
                thingName: "gateway-0042",
                thingGroupName: QUARANTINE_GROUP,
                overrideDynamicGroups: true,
            },
            {
                thingName: "sensor-7",
                thingGroupName: QUARANTINE_GROUP,
                overrideDynamicGroups: true,
            },
        ]);
        assert.strictEqual(result.records[0].outcome, "reported");
        assert.deepStrictEqual(result.records[0].quarantined, ["gateway-0042", "sensor-7"]);
        assert.deepStrictEqual(published()[0].quarantine, [
            { clientId: "gateway-0042", outcome: "quarantined" },
            { clientId: "sensor-7", outcome: "quarantined" },
        ]);
    });

    it("never takes a client ID that cannot be a thing name (API ThingName) as one", async () => {
        aws.cloudWatch.on(GetInsightRuleReportCommand).resolves({
            Contributors: [contributor("gw/../admin", 40), contributor("a b", 40)],
        });
        await handler(snsEvent(snsRecord(insightAlarm(), "m-1")));
        assert.strictEqual(aws.iot.calls().length, 0);
        const quarantine = published()[0].quarantine;
        assert.deepStrictEqual(
            quarantine.map((q: { outcome: string }) => q.outcome),
            ["not-a-thing-name", "not-a-thing-name"],
        );
        assert.match(quarantine[0].detail, /clientId must be 1-128 characters of \[a-zA-Z0-9:_-\]/);
    });

    it("leaves a client ID no thing is named after alone (DescribeThing: not found)", async () => {
        aws.iot
            .on(DescribeThingCommand, { thingName: "sensor-7" })
            .rejects(new ResourceNotFoundException({ message: "no thing", $metadata: {} }));
        await handler(snsEvent(snsRecord(insightAlarm(), "m-1")));
        assert.deepStrictEqual(
            added().map(a => a.thingName),
            ["gateway-0042"],
        );
        assert.deepStrictEqual(published()[0].quarantine[1], {
            clientId: "sensor-7",
            outcome: "no-such-thing",
            detail: "no thing has this client ID as its name",
        });
    });

    it("in dry-run reads and reports, and changes no thing group", async () => {
        setEnv({ ...validEnv(), DRY_RUN: "true" });
        const result = await handler(snsEvent(snsRecord(insightAlarm(), "m-1")));
        assert.strictEqual(added().length, 0);
        assert.strictEqual(aws.cloudWatch.commandCalls(GetInsightRuleReportCommand).length, 1);
        const [report] = published();
        assert.strictEqual(report.dryRun, true);
        assert.deepStrictEqual(
            report.quarantine.map((q: { outcome: string }) => q.outcome),
            ["dry-run", "dry-run"],
        );
        assert.strictEqual(result.records[0].outcome, "dry-run");
        assert.deepStrictEqual(result.records[0].quarantined, []);
    });

    it("only reports a behaviour whose metric is notify-only", async () => {
        const message = insightAlarm(b => {
            b.AlarmName = "iot-defender-dev-logs-ExcessiveMessages";
            b.AlarmArn = b.AlarmArn.replace("AuthorizationFailures", "ExcessiveMessages");
            b.Trigger.Metrics[0].Expression = b.Trigger.Metrics[0].Expression.replace(
                "AuthorizationFailures",
                "ExcessiveMessages",
            );
        });
        await handler(snsEvent(snsRecord(message, "m-1")));
        assert.strictEqual(aws.iot.calls().length, 0);
        assert.strictEqual(published()[0].quarantine, undefined);
        assert.strictEqual(
            aws.cloudWatch.commandCalls(GetInsightRuleReportCommand)[0].args[0].input.RuleName,
            "iot-defender-dev-ExcessiveMessages",
        );
    });

    it("acts once on duplicate deliveries of the same state change, again on a new one", async () => {
        const message = insightAlarm();
        const first = await handler(snsEvent(snsRecord(message, "m-1")));
        const again = await handler(snsEvent(snsRecord(message, "m-2")));
        const inBatch = await handler(
            snsEvent(
                snsRecord(
                    insightAlarm(() => {}, 30_000),
                    "m-3",
                ),
                snsRecord(message, "m-4"),
            ),
        );
        assert.deepStrictEqual(
            [first, again, inBatch].flatMap(r => r.records.map(x => x.outcome)),
            ["reported", "duplicate", "reported", "duplicate"],
        );
        assert.strictEqual(aws.cloudWatch.commandCalls(GetInsightRuleReportCommand).length, 2);
        assert.strictEqual(published().length, 2);
        assert.strictEqual(added().length, 4);
    });

    it("a failed report is not remembered: Lambda's retry of the delivery acts", async () => {
        aws.cloudWatch
            .on(GetInsightRuleReportCommand)
            .rejectsOnce(
                Object.assign(new Error("no such rule"), { name: "ResourceNotFoundException" }),
            )
            .resolves(REPORT);
        const message = insightAlarm();
        await assert.rejects(handler(snsEvent(snsRecord(message, "m-1"))), /no such rule/);
        assert.strictEqual(published().length, 0);
        const retried = await handler(snsEvent(snsRecord(message, "m-1")));
        assert.strictEqual(retried.records[0].outcome, "reported");
    });

    it("retries a throttled read with the responder's retry policy", async () => {
        aws.cloudWatch
            .on(GetInsightRuleReportCommand)
            .rejectsOnce(new ThrottlingException({ message: "slow down", $metadata: {} }))
            .resolves(REPORT);
        const result = await handler(snsEvent(snsRecord(insightAlarm(), "m-1")));
        assert.strictEqual(result.records[0].outcome, "reported");
        assert.strictEqual(aws.clock.delays.length, 1);
    });

    it("notes the alarm returning to OK, its own report coming back, and other alarms, with no call", async () => {
        const ok = insightAlarm(b => {
            b.NewStateValue = "OK";
        });
        const result = await handler(
            snsEvent(
                snsRecord(ok, "m-1"),
                snsRecord(JSON.stringify({ iotDefenderReport: "insight-contributors" }), "m-2"),
                snsRecord(
                    insightAlarm(b => (b.AlarmName = "someone-elses-alarm")),
                    "m-3",
                ),
            ),
        );
        assert.deepStrictEqual(
            result.records.map(r => [r.kind, r.outcome, r.reason]),
            [
                ["alarm", "noted", "insight-alarm-not-in-alarm"],
                ["report", "noted", "own-report"],
                ["alarm", "noted", "cloudwatch-alarm"],
            ],
        );
        assert.strictEqual(aws.cloudWatch.calls().length + aws.sns.calls().length, 0);
    });
});
