/** Delivery rules on single resources and small stacks: public topic policies, subscriptions, dead letters, CloudWatch's use of the key. */
import {
    keyAllowsCloudWatchAlarms,
    lambdaDeadLetterTarget,
    subscriptionsDeliverSafely,
    topicPolicyNotPublic,
} from "../../policies/rules/delivery";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    check,
    checkStack,
    policyDoc,
    TOPIC_ARN,
    UNKNOWN,
} from "./helpers";
import { checkOnServer, checkStackOnServer } from "./onServer";

const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const DLQ_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:dlq`;
const publishToAll = {
    Effect: "Allow",
    Principal: "*",
    Action: "sns:Publish",
    Resource: TOPIC_ARN,
};

describe("policy sns-topic-policy-not-public (mandatory)", () => {
    const p = topicPolicyNotPublic;
    it("rejects publishing or subscribing open to every AWS principal", async () => {
        assertFails(
            await checkOnServer(p, TOPIC_POLICY, {
                arn: TOPIC_ARN,
                policy: policyDoc(publishToAll),
            }),
            "sns:Publish",
        );
        assertFails(
            await check(p, TOPIC_POLICY, {
                policy: policyDoc({ ...publishToAll, Principal: { AWS: ["*"] }, Action: "sns:*" }),
            }),
            "sns:Subscribe",
        );
    });
    it("passes grants limited to an account or organization, and to services or roles", async () => {
        for (const Condition of [
            { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
            { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:*` } },
        ])
            assertPasses(
                await check(p, TOPIC_POLICY, { policy: policyDoc({ ...publishToAll, Condition }) }),
            );
        assertPasses(
            await check(p, TOPIC_POLICY, {
                policy: policyDoc({
                    ...publishToAll,
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                }),
            }),
        );
        assertFails(
            await check(p, TOPIC_POLICY, {
                policy: policyDoc({
                    ...publishToAll,
                    Condition: { StringEquals: { "aws:SourceAccount": "*" } },
                }),
            }),
        );
    });
    it("does not apply to a topic without its own policy", async () =>
        assertNotApplicable(await check(p, "aws:sns/topic:Topic", { name: "t" })));
});

describe("policy sns-subscription-delivery (mandatory)", () => {
    const p = subscriptionsDeliverSafely;
    const lambda = {
        protocol: "lambda",
        endpoint: "arn:aws:lambda:eu-west-1:1:function:f",
        topic: TOPIC_ARN,
    };
    it("rejects plain http", async () =>
        assertFails(
            await checkOnServer(p, SUBSCRIPTION, {
                protocol: "http",
                endpoint: "http://x",
                topic: TOPIC_ARN,
            }),
            "plain http",
        ));
    it("rejects a Lambda subscription without an SQS redrive target", async () => {
        assertFails(await check(p, SUBSCRIPTION, lambda), "no redrivePolicy");
        assertFails(
            await check(p, SUBSCRIPTION, {
                ...lambda,
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: TOPIC_ARN }),
            }),
            "is not an SQS queue ARN",
        );
    });
    it("passes https, email, and a Lambda subscription redriven to a queue (known or not yet)", async () => {
        assertPasses(
            await check(p, SUBSCRIPTION, {
                protocol: "https",
                endpoint: "https://x",
                topic: TOPIC_ARN,
            }),
        );
        assertPasses(
            await check(p, SUBSCRIPTION, {
                ...lambda,
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN }),
            }),
        );
        assertPasses(await check(p, SUBSCRIPTION, { ...lambda, redrivePolicy: UNKNOWN }));
    });
});

describe("policy lambda-dead-letter-target (mandatory)", () => {
    const p = lambdaDeadLetterTarget;
    const FN = "aws:lambda/function:Function";
    it("rejects a function without a dead-letter target, or with one that is no queue or topic", async () => {
        assertFails(await checkOnServer(p, FN, { name: "f" }), "no deadLetterConfig.targetArn");
        assertFails(
            await check(p, FN, { deadLetterConfig: { targetArn: "arn:aws:s3:::b" } }),
            "neither",
        );
    });
    it("passes a queue, a topic, and a target unknown until deploy", async () => {
        for (const targetArn of [DLQ_ARN, TOPIC_ARN, UNKNOWN])
            assertPasses(await check(p, FN, { deadLetterConfig: { targetArn } }));
    });
});

describe("stack policy kms-key-allows-cloudwatch-alarms (mandatory)", () => {
    const p = keyAllowsCloudWatchAlarms;
    const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;
    const cloudWatch = (Condition: unknown, Effect = "Allow") => ({
        Effect,
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        ...(Condition ? { Condition } : {}),
    });
    const stack = (keyPolicy: string | undefined) => [
        {
            type: "aws:kms/key:Key",
            name: "key",
            props: { arn: KEY_ARN, keyId: "k1", policy: keyPolicy },
        },
        {
            type: "aws:sns/topic:Topic",
            name: "topic",
            props: { arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN },
        },
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "alarm",
            props: {
                arn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:a`,
                alarmActions: [TOPIC_ARN],
            },
        },
    ];
    it("passes a key policy letting CloudWatch in for this account", async () =>
        assertPasses(
            await checkStack(
                p,
                stack(policyDoc(cloudWatch({ StringEquals: { "aws:SourceAccount": ACCOUNT } }))),
            ),
        ));
    it("rejects a key without the CloudWatch statement, without a policy, or for another account", async () => {
        assertFails(
            await checkStackOnServer(
                p,
                stack(
                    policyDoc({
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    }),
                ),
            ),
            "notify no one",
        );
        assertFails(await checkStack(p, stack(undefined)), "notify no one");
        assertFails(
            await checkStack(
                p,
                stack(
                    policyDoc(
                        cloudWatch({ StringEquals: { "aws:SourceAccount": "999999999999" } }),
                    ),
                ),
            ),
            "notify no one",
        );
        assertFails(
            await checkStack(
                p,
                stack(policyDoc(cloudWatch(undefined), cloudWatch(undefined, "Deny"))),
            ),
            "notify no one",
        );
    });
});
