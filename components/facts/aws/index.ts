/**
 * What AWS says about AWS IoT Device Defender, as data: metrics, criteria, API limits, audit
 * checks, mitigation actions, managed policies, CloudWatch metrics and ARN formats.
 *
 * Sources: the AWS IoT API model (the Smithy model @aws-sdk/client-iot is generated from) for
 * names, enums, patterns and ranges; the Device Defender developer guide for metrics, checks,
 * namespaces and managed policies.
 */
export * from "./arns";
export * from "./auditSuppressions";
export * from "./audit";
export * from "./cloudwatch";
export * from "./detect";
export * from "./errors";
export * from "./iam";
export * from "./insights";
export * from "./iotCore";
export * from "./lambda";
export * from "./limits";
export * from "./logs";
export * from "./metrics";
export * from "./mitigation";
export * from "./mqtt";
export * from "./regions";
export * from "./securityHub";
export * from "./sqs";
