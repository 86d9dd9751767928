/**
 * What the responder may do on a logs-engine stack, beside its Device Defender permissions.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ViolationResponse } from "../facts";
import { insightRuleArn, thingArn, thingGroupArn } from "../facts";
import type { Statement } from "../iam";
import type { LogsBehaviorPlan } from "../inventory/logsBehaviors";

export interface InsightAccessArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    insightAlarms: readonly LogsBehaviorPlan[];
    violationResponses: Record<string, ViolationResponse>;
    topicArn: pulumi.Input<string>;
    topicKeyArn: pulumi.Input<string>;
    quarantineGroup: string;
}
/**
 * The logs engine's permissions, only where it runs: read the stack's own Contributor Insights
 * rules, publish the report to the alert topic (encrypted with its key), and, only when a behaviour
 * maps to quarantine, find a thing and add it to the quarantine group (AddThingToThingGroup
 * authorises on both the thing and the group).
 */
export function insightStatements(args: InsightAccessArgs): Statement[] {
    if (args.insightAlarms.length === 0) return [];
    const arn = (f: (p: string, r: string, a: string) => string) =>
        pulumi.all([args.partition, args.accountId]).apply(([p, a]) => f(p, args.region, a));
    const quarantines = args.insightAlarms.some(
        p => args.violationResponses[p.metric] === "quarantine",
    );
    const anyThing = arn((p, r, a) => thingArn(p, r, a, "*"));
    const quarantine: Statement[] = quarantines
        ? [
              {
                  Sid: "FindThings",
                  Effect: "Allow",
                  Action: "iot:DescribeThing",
                  Resource: anyThing,
              },
              {
                  Sid: "QuarantineThings",
                  Effect: "Allow",
                  Action: "iot:AddThingToThingGroup",
                  Resource: [
                      arn((p, r, a) => thingGroupArn(p, r, a, args.quarantineGroup)),
                      anyThing,
                  ],
              },
          ]
        : [];
    return [
        {
            Sid: "ReadInsightRules",
            Effect: "Allow",
            Action: "cloudwatch:GetInsightRuleReport",
            Resource: args.insightAlarms.map(p =>
                arn((pt, r, a) => insightRuleArn(pt, r, a, p.ruleName)),
            ),
        },
        {
            Sid: "PublishInsightReports",
            Effect: "Allow",
            Action: "sns:Publish",
            Resource: args.topicArn,
        },
        {
            Sid: "EncryptInsightReports",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: args.topicKeyArn,
        },
        ...quarantine,
    ];
}
