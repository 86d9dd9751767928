/**
 * The responder on a logs-engine stack (dev): its settings file names the stack's insight alarms
 * as the inventory plans them, and its role gains only what the logs path needs, on the stack's own
 * resources: GetInsightRuleReport on its rules, Publish on its topic (with the topic's key), and,
 * only when a behaviour maps to quarantine, DescribeThing and AddThingToThingGroup on the
 * quarantine group.
 */
import * as assert from "assert";
import { stackInventory } from "../../components/inventory";
import { buildOffline, documentOf, editJson, Json, regionOutputs } from "../harness";
import { packedSettingsOf } from "./responderPackage";
import type { OfflineBuild } from "../../tools/offline/build";

const ROLE = "iot-defender-dev-remediation-responder-role";
const ACCOUNT = /^arn:aws:[a-z]+:eu-west-1:(\d{12}):/;

function responderStatements(b: OfflineBuild): Json[] {
    const role = b.engine.byName(ROLE);
    const [policy] = b.engine
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter(p => p.inputs.role === role.id);
    return documentOf(policy.inputs.policy).Statement;
}

describe("Remediation component: the responder on the logs engine (dev)", () => {
    let dev: OfflineBuild;
    before(async () => {
        dev = await buildOffline("dev");
    });

    it("gives the responder every insight alarm of the inventory, with its rule, period, threshold and operator", async () => {
        const fn = dev.engine.byName("iot-defender-dev-remediation-responder");
        const env = fn.inputs.environment.variables;
        const { INSIGHT_ALARMS } = await packedSettingsOf(fn);
        const logs = stackInventory(dev.settings).detect.logs!;
        assert.deepStrictEqual(
            INSIGHT_ALARMS,
            Object.fromEntries(
                logs.behaviors.map(b => [
                    b.alarmName,
                    {
                        ruleName: b.ruleName,
                        behaviorName: b.behaviorName,
                        metric: b.metric,
                        periodSeconds: b.periodSeconds,
                        evaluationPeriods: b.datapointsToAlarm,
                        threshold: b.threshold,
                        comparisonOperator: b.comparisonOperator,
                    },
                ]),
            ),
        );
        assert.strictEqual(Object.keys(INSIGHT_ALARMS).length, 4);
        assert.strictEqual(
            env.QUARANTINE_GROUP,
            stackInventory(dev.settings).remediation!.quarantineGroup,
        );
        assert.strictEqual(env.ALERT_TOPIC_ARN, regionOutputs(dev).alertTopicArn);
    });

    it("may read exactly the stack's rules, publish to its topic, and quarantine into its group only", () => {
        const statements = responderStatements(dev);
        const logs = stackInventory(dev.settings).detect.logs!;
        const account = ACCOUNT.exec(regionOutputs(dev).alertTopicArn as string)![1];
        const key = dev.engine.ofType("aws:kms/key:Key")[0].state.arn;
        assert.deepStrictEqual(
            statements.map((s: Json) => s.Sid),
            [
                "Logs",
                "StartMitigationTasks",
                "DeadLetters",
                "ReadInsightRules",
                "PublishInsightReports",
                "EncryptInsightReports",
                "FindThings",
                "QuarantineThings",
            ],
        );
        const bySid = (sid: string) => statements.find((s: Json) => s.Sid === sid);
        assert.deepStrictEqual(bySid("ReadInsightRules"), {
            Sid: "ReadInsightRules",
            Effect: "Allow",
            Action: "cloudwatch:GetInsightRuleReport",
            Resource: logs.behaviors.map(
                b => `arn:aws:cloudwatch:eu-west-1:${account}:insight-rule/${b.ruleName}`,
            ),
        });
        assert.deepStrictEqual(
            bySid("PublishInsightReports").Resource,
            regionOutputs(dev).alertTopicArn,
        );
        assert.deepStrictEqual(bySid("EncryptInsightReports").Resource, key);
        assert.deepStrictEqual(bySid("FindThings").Action, "iot:DescribeThing");
        assert.deepStrictEqual(bySid("QuarantineThings"), {
            Sid: "QuarantineThings",
            Effect: "Allow",
            Action: "iot:AddThingToThingGroup",
            Resource: [
                `arn:aws:iot:eu-west-1:${account}:thinggroup/iot-defender-dev-quarantine`,
                `arn:aws:iot:eu-west-1:${account}:thing/*`,
            ],
        });
    });

    it("grants no thing action when no behaviour maps to quarantine", async () => {
        const notifyOnly = await buildOffline("dev", {
            edit: v =>
                editJson(v, "remediation", r => {
                    r.violationResponses = {
                        "aws:num-authorization-failures": "notify-only",
                    };
                }),
        });
        const actions = responderStatements(notifyOnly).flatMap((s: Json) => [s.Action].flat());
        assert.ok(actions.includes("cloudwatch:GetInsightRuleReport"));
        assert.deepStrictEqual(
            actions.filter((a: string) => /DescribeThing|AddThingToThingGroup/.test(a)),
            [],
        );
    });
});
