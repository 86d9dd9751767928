/**
 * Remediation's quarantine part: the quarantine thing group, whose IoT policy denies everything,
 * and the mitigation actions, each with a role holding only its managed policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { MitigationActionParams } from "@aws-sdk/client-iot";
import {
    QUARANTINE_OVERRIDES_DYNAMIC_GROUPS,
    MITIGATION_ACTIONS,
    managedPolicyArn,
    REMEDIATION_ACTIONS,
    RemediationAction,
} from "../facts";
import { iotLoggingPolicy, policyDocument, serviceTrustPolicy } from "../iam";
import { MitigationAction } from "../iot/mitigationAction";
import { RemediationInventory } from "../inventory";
import { iotTags } from "../tags";

export type LoggingLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

export interface MitigationArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    names: RemediationInventory;
    actions: readonly RemediationAction[];
    /** Log level the enable-iot-logging action sets. */
    loggingLevel: LoggingLevel;
    /** Target of publish-finding, and the key that encrypts it. */
    topicArn: pulumi.Input<string>;
    topicKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** What the actions' parameters refer to: resources created before them. */
interface ParamRefs {
    quarantineGroup: pulumi.Output<string>;
    topicArn: pulumi.Input<string>;
    /** Role AWS IoT logging writes with; created only with enable-iot-logging. */
    loggingRoleArn: pulumi.Output<string> | undefined;
    loggingLevel: LoggingLevel;
}

/**
 * Creates the quarantine group and the mitigation actions under `parent`; returns the group's name,
 * remediation action -> mitigation action name, and the actions' ARNs.
 */
export function quarantineAndActions(
    name: string,
    args: MitigationArgs,
    parent: pulumi.Resource,
): {
    quarantineGroupName: pulumi.Output<string>;
    actionNames: Record<string, string>;
    actionArns: pulumi.Output<string>[];
} {
    const opts = { parent };
    // Quarantine: an explicit deny overrides every allow, so a device in this group loses access.
    // Caveat: AWS IoT applies a thing group's policies to a connection only when the connection
    // is associated with the thing: the MQTT client ID equals the thing name and the device's
    // certificate is attached to the thing (or the certificate is attached exclusively to it).
    // A device connecting under another client ID is not covered; deactivating its certificate
    // (deactivate-device-certificate) is what cuts it off regardless.
    const quarantine = new aws.iot.ThingGroup(
        `${name}-quarantine`,
        {
            name: args.names.quarantineGroup,
            properties: {
                description:
                    "Devices quarantined by Device Defender remediation: all IoT access denied",
            },
        },
        opts,
    );
    const denyAll = new aws.iot.Policy(
        `${name}-deny-all`,
        {
            name: args.names.denyAllPolicy,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Deny", Action: "iot:*", Resource: "*" }],
            }),
        },
        opts,
    );
    new aws.iot.PolicyAttachment(
        `${name}-deny-all-quarantine`,
        { policy: denyAll.name, target: quarantine.arn },
        opts,
    );

    const actionNames: Record<string, string> = {};
    const actionArns: pulumi.Output<string>[] = [];
    for (const action of args.actions) {
        const role = actionRole(name, action, args, opts);
        const actionName = args.names.mitigationActions[action];
        if (!actionName)
            throw new Error(
                `Remediation: names.mitigationActions has no name for action ${action}; named: ${Object.keys(args.names.mitigationActions).join(", ") || "none"}`,
            );
        const refs: ParamRefs = {
            quarantineGroup: quarantine.name,
            topicArn: args.topicArn,
            loggingRoleArn:
                action === "enable-iot-logging" ? loggingRole(name, args, opts) : undefined,
            loggingLevel: args.loggingLevel,
        };
        actionNames[action] = actionName;
        actionArns.push(
            new MitigationAction(
                `${name}-${action}`,
                {
                    region: args.region,
                    actionName,
                    roleArn: role.arn,
                    actionParams: actionParams(action, refs),
                    tags: iotTags(args.tags),
                },
                opts,
            ).arn,
        );
    }
    return { quarantineGroupName: quarantine.name, actionNames, actionArns };
}

/** The role AWS IoT assumes to run the action: its managed policy, and for publish-finding the topic's key. */
function actionRole(
    name: string,
    action: RemediationAction,
    args: MitigationArgs,
    opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
    const role = new aws.iam.Role(
        `${name}-${action}-role`,
        {
            description: `Assumed by AWS IoT to run the ${action} mitigation action`,
            assumeRolePolicy: serviceTrustPolicy(args.accountId),
        },
        opts,
    );
    const policy = MITIGATION_ACTIONS[REMEDIATION_ACTIONS[action]].policy;
    new aws.iam.RolePolicyAttachment(
        `${name}-${action}-role-policy`,
        {
            role: role.name,
            policyArn: pulumi.output(args.partition).apply(p => managedPolicyArn(policy, p)),
        },
        opts,
    );
    if (action === "publish-finding") {
        // The managed policy grants sns:Publish but nothing on the topic's KMS key.
        new aws.iam.RolePolicy(
            `${name}-${action}-role-kms`,
            {
                role: role.id,
                policy: policyDocument([
                    {
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: args.topicKeyArn,
                    },
                ]),
            },
            opts,
        );
    }
    return role;
}

/** The role enable-iot-logging hands AWS IoT logging: writes to the AWSIotLogsV2 log group only. */
function loggingRole(
    name: string,
    args: MitigationArgs,
    opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
    const role = new aws.iam.Role(
        `${name}-iot-logging-role`,
        {
            description: "Role AWS IoT logging writes CloudWatch Logs with",
            assumeRolePolicy: serviceTrustPolicy(args.accountId),
        },
        opts,
    );
    new aws.iam.RolePolicy(
        `${name}-iot-logging-policy`,
        {
            role: role.id,
            policy: iotLoggingPolicy(args.partition, args.region, args.accountId),
        },
        opts,
    );
    return role.arn;
}

/** The one parameter block of each action type, from resources made before it; creates nothing. */
function actionParams(
    action: RemediationAction,
    refs: ParamRefs,
): pulumi.Output<MitigationActionParams> {
    switch (action) {
        case "quarantine":
            return refs.quarantineGroup.apply(group => ({
                addThingsToThingGroupParams: {
                    thingGroupNames: [group],
                    overrideDynamicGroups: QUARANTINE_OVERRIDES_DYNAMIC_GROUPS,
                },
            }));
        case "deactivate-device-certificate":
            return pulumi.output({ updateDeviceCertificateParams: { action: "DEACTIVATE" } });
        case "publish-finding":
            return pulumi
                .output(refs.topicArn)
                .apply(topicArn => ({ publishFindingToSnsParams: { topicArn } }));
        case "replace-default-policy":
            return pulumi.output({
                replaceDefaultPolicyVersionParams: { templateName: "BLANK_POLICY" },
            });
        case "enable-iot-logging":
            if (!refs.loggingRoleArn)
                throw new Error("Remediation: enable-iot-logging needs its logging role");
            return refs.loggingRoleArn.apply(roleArnForLogging => ({
                enableIoTLoggingParams: { roleArnForLogging, logLevel: refs.loggingLevel },
            }));
    }
}
