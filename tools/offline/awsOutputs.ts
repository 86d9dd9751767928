/**
 * The outputs AWS computes for each resource type the stacks use (physical names of auto-named
 * resources, ARNs, ids), in each service's real format, so that what reads them (policies, the
 * plan, the specs) sees what it would see on AWS.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { DYNAMIC_TYPES } from "../../components/facts";
import type { Properties } from "./engine";

/** Where a resource is: its partition, account and region. */
export interface Placement {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
}

/** Outputs AWS would compute: physical names for auto-named resources, ARNs, ids. */
export function awsOutputs(
    args: pulumi.runtime.MockResourceArgs,
    placement: Placement,
): Properties {
    const { partition, accountId, region } = placement;
    const suffix = createHash("sha1").update(args.name).digest("hex").slice(0, 7);
    const name: string = args.inputs.name ?? `${args.name}-${suffix}`;
    const arn = (service: string, resource: string, regional = true) =>
        `arn:${partition}:${service}:${regional ? region : ""}:${accountId}:${resource}`;
    switch (args.type) {
        case "aws:sns/topic:Topic":
            return { name, arn: arn("sns", name) };
        case "aws:sqs/queue:Queue":
            return {
                name,
                arn: arn("sqs", name),
                url: `https://sqs.${region}.amazonaws.com/${accountId}/${name}`,
            };
        case "aws:iam/role:Role":
            return {
                name,
                arn: arn("iam", `role/${name}`, false),
                uniqueId: `AROA${suffix.toUpperCase()}`,
            };
        case "aws:kms/key:Key":
            return { keyId: suffix, arn: arn("kms", `key/${suffix}`) };
        case "aws:kms/alias:Alias":
            return { arn: arn("kms", args.inputs.name ?? `alias/${name}`) };
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            return { name, arn: arn("cloudwatch", `alarm:${name}`) };
        // As the provider reports it: no trailing ":*" (policies add it for the log streams).
        case "aws:cloudwatch/logGroup:LogGroup":
            return { name, arn: arn("logs", `log-group:${name}`) };
        case "aws:cloudwatch/dashboard:Dashboard":
            return {
                dashboardArn: arn("cloudwatch", `dashboard/${args.inputs.dashboardName}`, false),
            };
        case "aws:lambda/function:Function":
            return {
                name,
                arn: arn("lambda", `function:${name}`),
                invokeArn: arn("lambda", `function:${name}/invocations`),
            };
        case "aws:iot/thingGroup:ThingGroup":
            return { name, arn: arn("iot", `thinggroup/${name}`) };
        case "aws:iot/policy:Policy":
            return { name, arn: arn("iot", `policy/${name}`), defaultVersionId: "1" };
        case "aws:sns/topicSubscription:TopicSubscription":
            return { arn: `${args.inputs.topic}:${suffix}` };
        // Its `arn` is an input, the topic's: the provider reports it back unchanged.
        case "aws:sns/topicPolicy:TopicPolicy":
            return {};
        case DYNAMIC_TYPES.SecurityProfile:
            return {
                arn: arn("iot", `securityprofile/${args.inputs.securityProfileName}`),
                version: 1,
            };
        case DYNAMIC_TYPES.MitigationAction:
            return {
                arn: arn("iot", `mitigationaction/${args.inputs.actionName}`),
                actionId: suffix,
            };
        case DYNAMIC_TYPES.CustomMetric:
            return { arn: arn("iot", `custommetric/${args.inputs.metricName}`) };
        case DYNAMIC_TYPES.Dimension:
            return { arn: arn("iot", `dimension/${args.inputs.name}`) };
        case DYNAMIC_TYPES.AccountAudit:
            return {
                accountId,
                scheduledAuditArns: Object.fromEntries(
                    Object.keys(args.inputs.scheduledAudits ?? {}).map(n => [
                        n,
                        arn("iot", `scheduledaudit/${n}`),
                    ]),
                ),
            };
        default:
            return args.custom === false
                ? {}
                : { arn: arn(args.type.split(":")[1]?.split("/")[0] ?? "unknown", name) };
    }
}
