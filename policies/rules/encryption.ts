/**
 * Encryption at rest: SNS topics use a customer-managed KMS key (one CloudWatch alarms can
 * publish through), and such keys rotate.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS, forTypes, nonEmptyString, read } from "./common";

/** The AWS-managed SNS key: CloudWatch cannot use it, so alarm notifications to the topic are dropped. */
export function isAwsManagedSnsKey(key: string): boolean {
    return (
        key === "alias/aws/sns" || /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:alias\/aws\/sns$/.test(key)
    );
}

export const snsTopicKms: ResourceValidationPolicy = {
    name: "sns-topic-kms-encrypted",
    description:
        "SNS topics are encrypted with a customer-managed KMS key (kmsMasterKeyId set and not blank, not the AWS-managed alias/aws/sns, whose key policy does not let CloudWatch alarms publish: their notifications would be dropped).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Topic], (props, _args, report) => {
        const key = read(() => props.kmsMasterKeyId);
        // A key unknown until deploy (the stack's own key or alias) is set: only which key it is waits for `pulumi up`.
        if (!key.known) return;
        const value = key.value;
        if (value === undefined || value === null || value === "") {
            report("SNS topic is not encrypted: set kmsMasterKeyId to a customer-managed KMS key");
        } else if (typeof value !== "string") {
            report(
                `kmsMasterKeyId ${JSON.stringify(value)} is not a KMS key id, key ARN or alias: set it to a customer-managed KMS key`,
            );
        } else if (!nonEmptyString(value)) {
            report(
                `kmsMasterKeyId ${JSON.stringify(value)} is blank, so the topic is not encrypted: set it to a customer-managed KMS key (key id, key ARN or alias)`,
            );
        } else if (isAwsManagedSnsKey(value)) {
            report(
                `SNS topic uses the AWS-managed key ${value}: CloudWatch alarm notifications to it are dropped; use a customer-managed key that allows cloudwatch.amazonaws.com`,
            );
        }
    }),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description:
        "Symmetric customer-managed KMS keys have automatic rotation enabled (enableKeyRotation: true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([AWS.KmsKey], (props, args, report) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT")
            args.notApplicable(`rotation does not apply to ${spec} keys`);
        if (props.enableKeyRotation !== true)
            report("KMS key rotation is off: set enableKeyRotation: true");
    }),
};
