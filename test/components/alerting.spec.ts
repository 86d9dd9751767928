import * as assert from "assert";
import { Alerting } from "../../components/alerting";
import { documentOf, Json, OfflineEngine, readOutput } from "../harness";

describe("Alerting component, on its own", () => {
    let engine: OfflineEngine;
    let alerting: Alerting;
    before(async () => {
        engine = new OfflineEngine();
        await engine.install("iot-defender", "unit", { "aws:region": "eu-west-1" });
        alerting = new Alerting("team-a", {
            topicName: "team-a-alerts",
            emails: ["a@example.com", "b@example.com"],
            httpsEndpoint: "https://hooks.example.com/iot",
            sqsQueueArn: "arn:aws:sqs:eu-west-1:123456789012:iot-alerts",
            kmsKeyDeletionWindowDays: 7,
            accountId: "123456789012",
            partition: "aws",
            region: "eu-west-1",
        });
        await readOutput(alerting.topicArn);
        await engine.settle();
    });

    it("is a component of type iot-defender:alerting:Alerting whose children are named from it", () => {
        const [component] = engine.resources.filter(
            r => r.type === "iot-defender:alerting:Alerting",
        );
        assert.strictEqual(component.name, "team-a");
        const children = engine.childrenOf(component);
        assert.ok(children.length >= 8);
        for (const c of children) assert.match(c.name, /^team-a-/);
    });

    it("exports the topic and publisher role ARNs", async () => {
        assert.deepStrictEqual(await readOutput(alerting.topicArn), {
            known: true,
            value: "arn:aws:sns:eu-west-1:123456789012:team-a-alerts",
        });
        const role = await readOutput(alerting.publisherRoleArn);
        assert.ok(role.known && /:role\/team-a-publisher/.test(role.value));
    });

    it("subscribes every email, the HTTPS endpoint and the SQS queue", () => {
        const subs = engine
            .ofType("aws:sns/topicSubscription:TopicSubscription")
            .map(s => `${s.inputs.protocol} ${s.inputs.endpoint}`)
            .sort();
        assert.deepStrictEqual(subs, [
            "email a@example.com",
            "email b@example.com",
            "https https://hooks.example.com/iot",
            "sqs arn:aws:sqs:eu-west-1:123456789012:iot-alerts",
        ]);
    });

    it("lets only this account's CloudWatch alarms publish, and only over TLS", () => {
        const policy = documentOf(
            engine.ofType("aws:sns/topicPolicy:TopicPolicy")[0].inputs.policy,
        );
        const allow = policy.Statement.find((s: Json) => s.Effect === "Allow");
        assert.deepStrictEqual(allow.Principal, { Service: "cloudwatch.amazonaws.com" });
        assert.strictEqual(allow.Condition.StringEquals["aws:SourceAccount"], "123456789012");
        assert.strictEqual(
            allow.Condition.ArnLike["aws:SourceArn"],
            "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*",
        );
        const deny = policy.Statement.find((s: Json) => s.Effect === "Deny");
        assert.deepStrictEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
    });

    it("keeps the key for the configured deletion window and lets the publisher role use it only through SNS", () => {
        const key = engine.ofType("aws:kms/key:Key")[0];
        assert.strictEqual(key.inputs.deletionWindowInDays, 7);
        // The key policy delegates to the account's IAM and names no role, so preview knows it.
        assert.deepStrictEqual(
            documentOf(key.inputs.policy).Statement.map((s: Json) => s.Sid),
            ["AccountAdministers", "CloudWatchAlarmsPublish"],
        );
        const grant = documentOf(
            engine.ofType("aws:iam/rolePolicy:RolePolicy")[0].inputs.policy,
        ).Statement.find((s: Json) => s.Sid === "EncryptForTopic");
        assert.deepStrictEqual(grant.Resource, key.state.arn);
        assert.deepStrictEqual(grant.Condition, {
            StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" },
        });
    });
});
