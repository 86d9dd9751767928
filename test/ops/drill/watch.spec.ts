/**
 * The watch: its verdicts per behaviour from mocked violations, Contributor Insights reports,
 * alarm histories, responder logs and quarantine membership; polling until everything expected
 * is seen or the timeout passes.
 */
import {
    DescribeAlarmHistoryCommand,
    GetInsightRuleReportCommand,
} from "@aws-sdk/client-cloudwatch";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListActiveViolationsCommand, ListThingGroupsForThingCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { Settings } from "../../../components/config/load";
import { stackInventory } from "../../../components/inventory";
import { contributedAt, engineOf } from "../../../tools/ops/drill/engines";
import { StepResult } from "../../../tools/ops/drill/misbehave";
import { DrillPlan, planDrill } from "../../../tools/ops/drill/plan";
import { summaryTable } from "../../../tools/ops/drill/summary";
import { missing, responderFields, watch } from "../../../tools/ops/drill/watch";
import { stackSettings } from "../../harness";
import { harness, Harness, instantRetries, START, target } from "../fixture";

const quarantineGroupOf = (s: Settings) => stackInventory(s).remediation!.quarantineGroup;
const rulesProfileOf = (s: Settings) =>
    stackInventory(s).detect.deviceDefender!.profiles.find(p => p.kind === "rules")!;

const prod = stackSettings("prod");
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
const OPTIONS = { timeoutSeconds: 600, intervalSeconds: 30, aborted: () => false };

function stepsOf(plan: DrillPlan): StepResult[] {
    return plan.steps.map(s => ({
        misbehaviour: s.misbehaviour,
        startedAt: START,
        endedAt: START,
        connections: 1,
        refusedConnections: 0,
        accepted: 0,
        denied: 0,
        sizes: [],
    }));
}

const alarmItem = (when: Date, from: string, to: string) => ({
    Timestamp: when,
    HistoryItemType: "StateUpdate" as const,
    HistoryData: JSON.stringify({ oldState: { stateValue: from }, newState: { stateValue: to } }),
});

/** A responder line as Lambda's JSON log format stores it. */
const responderEvent = (when: Date, fields: Record<string, unknown>) => ({
    timestamp: when.getTime(),
    message: JSON.stringify({ timestamp: when.toISOString(), level: "INFO", message: fields }),
});

describe("drill watch", () => {
    instantRetries();
    let h: Harness;
    beforeEach(() => {
        h = harness();
    });
    const run = (s: Settings, plan: DrillPlan, options = OPTIONS) =>
        watch(
            { ...h.ctx, logs: h.clients.logs },
            plan,
            engineOf(stackInventory(s)),
            stepsOf(plan),
            options,
        );

    describe("device-defender engine", () => {
        const plan = planDrill(target(prod), "20261201T083000-0003");
        const thing = plan.names.thing;
        const rules = rulesProfileOf(prod).name;
        const ruleBehaviours = plan.behaviours.filter(b => !b.ml);

        function everythingFires() {
            h.iot.on(ListActiveViolationsCommand, { thingName: thing }).resolves({
                activeViolations: [
                    ...ruleBehaviours.map(b => ({
                        thingName: thing,
                        securityProfileName: b.source,
                        behavior: { name: b.name },
                        violationStartTime: at(2),
                    })),
                    // Another device's violation is not the drill's.
                    {
                        thingName: "sensor-1",
                        securityProfileName: rules,
                        behavior: { name: "X" },
                        violationStartTime: at(1),
                    },
                ],
            });
            for (const alarm of new Set(ruleBehaviours.map(b => b.expect.alarm)))
                h.cloudwatch
                    .on(DescribeAlarmHistoryCommand, { AlarmName: alarm })
                    .resolves({ AlarmHistoryItems: [alarmItem(at(6), "OK", "ALARM")] });
            h.logs.on(FilterLogEventsCommand).resolves({
                events: ruleBehaviours.map(b =>
                    responderEvent(at(7), {
                        kind: "violation",
                        thingName: thing,
                        securityProfileName: b.source,
                        behaviorName: b.name,
                        eventType: "in-alarm",
                        decision: b.expect.quarantineGroup ? "quarantine" : "none",
                        outcome: b.expect.quarantineGroup ? "started" : "no-action",
                    }),
                ),
            });
            h.iot.on(ListThingGroupsForThingCommand).resolves({
                thingGroups: [
                    { groupName: quarantineGroupOf(prod) },
                    { groupName: plan.names.thingGroup },
                ],
            });
        }

        it("sees every reaction and stops polling at once", async () => {
            everythingFires();
            const verdicts = await run(prod, plan);
            assert.deepStrictEqual(h.sleeps, []);
            for (const v of verdicts.filter(x => !x.behaviour.ml)) {
                assert.deepStrictEqual(missing(v), [], v.behaviour.name);
                assert.deepStrictEqual(v.signalAt, at(2));
                assert.deepStrictEqual(v.alarmAt, at(6));
                assert.deepStrictEqual(v.responseAt, at(7));
            }
            const auth = verdicts.find(v => v.behaviour.name === "AuthorizationFailures")!;
            assert.strictEqual(auth.decision, "quarantine/started");
            assert.ok(auth.quarantinedAt);
            const filter = h.logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
            assert.strictEqual(
                filter.logGroupName,
                `/aws/lambda/${stackInventory(prod).baseName}-responder`,
            );
            assert.strictEqual(filter.filterPattern, `{ $.message.thingName = "${thing}" }`);
            assert.strictEqual(filter.startTime, START.getTime());
            const table = summaryTable(verdicts);
            assert.match(
                table[0],
                /^BEHAVIOUR\s+METRIC\s+FIRED\s+TIME TO ALARM\s+TIME TO RESPONSE\s+RESULT$/,
            );
            assert.match(
                table.find(l => l.includes("/AuthorizationFailures"))!,
                /yes\s+6m\s+7m \(quarantine\/started\)\s+ok$/,
            );
            assert.match(
                table.find(l => l.includes("ml-num-disconnects"))!,
                /watched \(ML\)$/,
            );
            assert.ok(h.err.some(l => /\+2m .*\/ExcessiveMessages: violation/.test(l)));
        });

        it("polls every interval until the timeout, then reports what is missing", async () => {
            h.iot.on(ListActiveViolationsCommand).resolves({ activeViolations: [] });
            h.cloudwatch.on(DescribeAlarmHistoryCommand).resolves({
                AlarmHistoryItems: [
                    alarmItem(at(-30), "OK", "ALARM"), // before the drill
                    alarmItem(at(3), "ALARM", "OK"), // not into ALARM
                ],
            });
            h.logs.on(FilterLogEventsCommand).resolves({ events: [] });
            h.iot
                .on(ListThingGroupsForThingCommand)
                .resolves({ thingGroups: [{ groupName: plan.names.thingGroup }] });
            const verdicts = await run(prod, plan);
            assert.deepStrictEqual(h.sleeps, Array(20).fill(30_000));
            const auth = verdicts.find(v => v.behaviour.name === "AuthorizationFailures")!;
            assert.deepStrictEqual(missing(auth), ["signal", "alarm", "response", "quarantine"]);
            assert.match(
                summaryTable(verdicts).find(l => l.includes("/AuthorizationFailures"))!,
                /no\s+-\s+-\s+MISSING signal, alarm, response, quarantine$/,
            );
        });

        it("stops when interrupted", async () => {
            h.iot.on(ListActiveViolationsCommand).resolves({ activeViolations: [] });
            h.cloudwatch.on(DescribeAlarmHistoryCommand).resolves({});
            h.logs.on(FilterLogEventsCommand).resolves({});
            h.iot.on(ListThingGroupsForThingCommand).resolves({});
            let polls = 0;
            await run(prod, plan, { ...OPTIONS, aborted: () => ++polls > 2 });
            assert.ok(h.sleeps.length <= 2);
        });

        it("does not take a response to another behaviour, a cleared alarm or another thing for this one", async () => {
            everythingFires();
            h.logs.on(FilterLogEventsCommand).resolves({
                events: [
                    responderEvent(at(7), {
                        kind: "violation",
                        thingName: thing,
                        securityProfileName: rules,
                        behaviorName: "ExcessiveMessages",
                        eventType: "alarm-cleared",
                        decision: "none",
                        outcome: "no-action",
                    }),
                    responderEvent(at(7), {
                        kind: "violation",
                        thingName: "other",
                        securityProfileName: rules,
                        behaviorName: "ExcessiveMessages",
                        eventType: "in-alarm",
                    }),
                ],
            });
            const verdicts = await run(prod, plan, { ...OPTIONS, timeoutSeconds: 30 });
            assert.deepStrictEqual(
                missing(verdicts.find(v => v.behaviour.name === "ExcessiveMessages")!),
                ["response"],
            );
        });
    });

    describe("logs engine", () => {
        // Dev deploys the logs engine (detect.engine: logs).
        const logs = stackSettings("dev");
        const plans = stackInventory(logs).detect.logs!.behaviors;
        const plan = planDrill(target(logs), "20261201T083000-0004");
        const thing = plan.names.thing;

        it("expects one rule and one alarm per behaviour, and no ML", () => {
            assert.strictEqual(plan.engine, "logs");
            assert.ok(plan.behaviours.every(b => !b.ml));
            const b = plan.behaviours.find(x => x.name === "AuthorizationFailures")!;
            // The rule and alarm the logs engine deploys for it (the inventory's plan).
            const deployed = plans.find(p => p.behaviorName === "AuthorizationFailures")!;
            assert.strictEqual(b.source, deployed.ruleName);
            assert.strictEqual(b.expect.alarm, deployed.alarmName);
            assert.deepStrictEqual(
                plan.behaviours.map(x => [x.source, x.expect.alarm]),
                plans.map(p => [p.ruleName, p.alarmName]),
            );
        });

        it("takes the drill client ID over the threshold in the rule's report as the signal", async () => {
            h.cloudwatch.on(GetInsightRuleReportCommand).callsFake(input => ({
                Contributors: [
                    {
                        Keys: [thing],
                        ApproximateAggregateValue: 200,
                        Datapoints: [
                            { Timestamp: at(1), ApproximateValue: 1 },
                            { Timestamp: at(2), ApproximateValue: 200 },
                        ],
                    },
                ],
                RuleName: input.RuleName,
            }));
            h.cloudwatch.on(DescribeAlarmHistoryCommand).callsFake(input => ({
                AlarmHistoryItems: [alarmItem(at(4), "OK", "ALARM")].map(i => ({
                    ...i,
                    AlarmName: input.AlarmName,
                })),
            }));
            h.logs.on(FilterLogEventsCommand).callsFake(() => ({
                events: plan.behaviours.map(b =>
                    responderEvent(at(5), {
                        kind: "alarm",
                        alarmName: b.expect.alarm,
                        alarmState: "ALARM",
                        decision: "none",
                        outcome: "noted",
                    }),
                ),
            }));
            h.iot
                .on(ListThingGroupsForThingCommand)
                .resolves({ thingGroups: [{ groupName: quarantineGroupOf(logs) }] });
            const verdicts = await run(logs, plan);
            for (const v of verdicts) assert.deepStrictEqual(missing(v), [], v.behaviour.name);
            assert.deepStrictEqual(verdicts[0].signalAt, at(2));
            const report = h.cloudwatch.commandCalls(GetInsightRuleReportCommand)[0].args[0].input;
            assert.strictEqual(report.RuleName, plan.behaviours[0].source);
            assert.deepStrictEqual(report.StartTime, START);
            assert.strictEqual(
                h.logs.commandCalls(FilterLogEventsCommand)[0].args[0].input.filterPattern,
                '{ $.message.kind = "alarm" }',
            );
        });

        it("a contributor under the threshold or another client is no signal", () => {
            const points = (v: number) => [{ Timestamp: at(1), ApproximateValue: v }];
            const one = (key: string, v: number) => ({
                Keys: [key],
                ApproximateAggregateValue: v,
                Datapoints: points(v),
            });
            assert.strictEqual(contributedAt([one(thing, 5)], thing, 5), undefined);
            assert.strictEqual(contributedAt([one("other", 50)], thing, 5), undefined);
            assert.deepStrictEqual(contributedAt([one(thing, 6)], thing, 5), at(1));
        });
    });

    it("reads responder lines in Lambda's JSON format and in the text format", () => {
        assert.deepStrictEqual(responderFields('{"level":"INFO","message":{"decision":"none"}}'), {
            decision: "none",
        });
        assert.deepStrictEqual(responderFields('{"decision":"quarantine"}'), {
            decision: "quarantine",
        });
        assert.strictEqual(responderFields("START RequestId: 1"), undefined);
    });
});
