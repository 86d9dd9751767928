/**
 * `ops verify` with stack outputs: the names come from them; what they list is checked, what the
 * settings give but they lack fails.
 */
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
    DescribeMitigationActionCommand,
    DescribeSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { names } from "../../components/inventory/names";
import { verify } from "../../tools/ops/verify";
import { stackSettings } from "../harness";
import { ACCOUNT, harness, instantRetries, REGION, target } from "./fixture";
import { dev, healthy, remediation, outputsOf, lines } from "./verifyAccount";

describe("ops verify", () => {
    instantRetries();

    describe("with stack outputs", () => {
        it("asks AWS about the names the outputs list, and passes a healthy account", async () => {
            const h = harness();
            healthy(h, dev);
            const outputs = outputsOf(dev);
            assert.strictEqual(
                await verify(h.ctx, target(dev, outputs), { json: false }),
                0,
                h.out.join("\n"),
            );
            assert.strictEqual(h.out[h.out.length - 1], "OK: 30 passed, 0 failed, 0 skipped");
            assert.deepStrictEqual(
                h.cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames,
                outputs.alarmNames,
            );
            assert.deepStrictEqual(
                h.iot
                    .commandCalls(DescribeMitigationActionCommand)
                    .map(c => c.args[0].input.actionName),
                Object.values(outputs.mitigationActionNames as Record<string, string>),
            );
        });

        it("checks an alarm only the outputs list for existence, and fails one they lack", async () => {
            const h = harness();
            const { alarms } = healthy(h, dev);
            alarms.push({
                AlarmName: "iot-defender-dev-hand-made",
                Namespace: "AWS/IoT",
                MetricName: "Violations",
            });
            const outputs = outputsOf(dev);
            outputs.alarmNames = (outputs.alarmNames as string[])
                .filter(a => a !== remediation(dev).responderErrorsAlarm)
                .concat("iot-defender-dev-hand-made");
            assert.strictEqual(await verify(h.ctx, target(dev, outputs), { json: false }), 1);
            assert.deepStrictEqual(lines(h, "FAIL"), [
                `FAIL alarm ${remediation(dev).responderErrorsAlarm}: ` +
                    "in Pulumi.dev.yaml but not in the outputs of stack dev; not deployed yet? run pulumi up --stack dev",
            ]);
            assert.ok(
                h.out.includes(
                    "PASS alarm iot-defender-dev-hand-made: an alarm not in Pulumi.dev.yaml " +
                        "(changed since the last pulumi up?), so its metric is not compared",
                ),
                h.out.join("\n"),
            );
        });

        it("compares remediation's alarms with the queue and function the outputs name", async () => {
            const h = harness();
            healthy(h, dev);
            const outputs = {
                ...outputsOf(dev),
                deadLetterQueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/replaced-dlq`,
            };
            assert.strictEqual(await verify(h.ctx, target(dev, outputs), { json: false }), 1);
            assert.deepStrictEqual(lines(h, "FAIL"), [
                `FAIL alarm ${remediation(dev).deadLetterAlarm}: ` +
                    `watches QueueName ${remediation(dev).deadLetterQueue}, not the stack's replaced-dlq`,
            ]);
        });

        it("after a rename not yet deployed: checks the deployed (old) names and fails the new ones as not deployed", async () => {
            const h = harness();
            const deployed = stackSettings("dev", v => {
                v["iot-defender:namePrefix"] = "legacy";
            });
            healthy(h, deployed);
            assert.strictEqual(
                await verify(h.ctx, target(dev, outputsOf(deployed)), { json: false }),
                1,
            );
            const old = names.ruleProfile(deployed);
            assert.deepStrictEqual(
                h.iot
                    .commandCalls(DescribeSecurityProfileCommand)
                    .map(c => c.args[0].input.securityProfileName),
                [old, names.mlProfile(deployed)],
            );
            for (const expected of [
                `PASS profile ${old} exists`,
                `SKIP profile ${old} behaviors: a profile not in Pulumi.dev.yaml (changed since the last pulumi up?), so its behaviors are not compared`,
                `PASS profile ${old} alerts to SNS`,
                `PASS profile ${old} attached to its targets`,
                `PASS scheduled audit ${names.scheduledAudit(deployed, "weekly")}: a scheduled audit not in Pulumi.dev.yaml ` +
                    "(changed since the last pulumi up?), so its schedule is not compared",
                `PASS mitigation action ${remediation(deployed).mitigationAction("quarantine")} (quarantine)`,
            ])
                assert.ok(
                    h.out.includes(expected),
                    `missing "${expected}" in:\n${h.out.join("\n")}`,
                );
            const notDeployed = lines(h, "FAIL").map(l => l.replace(/^FAIL /, "").split(": ")[0]);
            assert.deepStrictEqual(notDeployed, [
                `profile ${names.ruleProfile(dev)} exists`,
                `profile ${names.mlProfile(dev)} exists`,
                `scheduled audit ${names.scheduledAudit(dev, "weekly")} (WEEKLY MON)`,
                ...(outputsOf(dev).alarmNames as string[]).map(a => `alarm ${a}`),
            ]);
            assert.ok(
                lines(h, "FAIL").every(l =>
                    l.endsWith(
                        "in Pulumi.dev.yaml but not in the outputs of stack dev; not deployed yet? run pulumi up --stack dev",
                    ),
                ),
            );
        });
    });
});
