/** The rules' type tokens (policies/rules/common.ts) against @pulumi/aws and the registered types. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { AWS, TAGGABLE_AWS_TYPES } from "../../policies/rules/common";
import { buildOffline } from "../harness";

describe("the rules' type tokens", () => {
    it("match @pulumi/aws", () => {
        const classes: Record<string, unknown> = {
            Topic: aws.sns.Topic,
            TopicPolicy: aws.sns.TopicPolicy,
            TopicSubscription: aws.sns.TopicSubscription,
            KmsKey: aws.kms.Key,
            KmsAlias: aws.kms.Alias,
            Role: aws.iam.Role,
            RolePolicy: aws.iam.RolePolicy,
            RolePolicyAttachment: aws.iam.RolePolicyAttachment,
            Policy: aws.iam.Policy,
            PolicyAttachment: aws.iam.PolicyAttachment,
            UserPolicy: aws.iam.UserPolicy,
            GroupPolicy: aws.iam.GroupPolicy,
            UserPolicyAttachment: aws.iam.UserPolicyAttachment,
            GroupPolicyAttachment: aws.iam.GroupPolicyAttachment,
            MetricAlarm: aws.cloudwatch.MetricAlarm,
            Dashboard: aws.cloudwatch.Dashboard,
            LogGroup: aws.cloudwatch.LogGroup,
            ContributorInsightRule: aws.cloudwatch.ContributorInsightRule,
            ProductSubscription: aws.securityhub.ProductSubscription,
            TopicRule: aws.iot.TopicRule,
            EventRule: aws.cloudwatch.EventRule,
            Queue: aws.sqs.Queue,
            Function: aws.lambda.Function,
            Table: aws.dynamodb.Table,
            ThingGroup: aws.iot.ThingGroup,
            IotPolicy: aws.iot.Policy,
        };
        for (const [k, token] of Object.entries(AWS)) {
            if (k === "Provider") continue;
            assert.strictEqual((classes[k] as { __pulumiType: string }).__pulumiType, token, k);
        }
    });
    it("count as taggable exactly the registered AWS types whose args take tags", async () => {
        const types = new Set<string>();
        for (const stack of ["dev", "prod"])
            (await buildOffline(stack)).engine.resources.forEach(r => types.add(r.type));
        for (const type of [...types].filter(t => t.startsWith("aws:"))) {
            const [, mod, res] = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):/.exec(type)!;
            const dts = fs.readFileSync(
                path.join(
                    path.dirname(require.resolve("@pulumi/aws/package.json")),
                    mod,
                    `${res}.d.ts`,
                ),
                "utf8",
            );
            const argsBlock = dts.slice(dts.lastIndexOf("export interface"));
            assert.strictEqual(
                TAGGABLE_AWS_TYPES.includes(type),
                /\btags\?: /.test(argsBlock),
                type,
            );
        }
    });
});
