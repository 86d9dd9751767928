/** Dynamic resource type tokens, shared by the resource classes and the policy pack. */

export const DYNAMIC_MODULE = "iot";
export const DYNAMIC_TYPES = {
    SecurityProfile: "pulumi-nodejs:dynamic/iot:SecurityProfile",
    AccountAuditConfiguration: "pulumi-nodejs:dynamic/iot:AccountAuditConfiguration",
    ScheduledAudit: "pulumi-nodejs:dynamic/iot:ScheduledAudit",
    MitigationAction: "pulumi-nodejs:dynamic/iot:MitigationAction",
    CustomMetric: "pulumi-nodejs:dynamic/iot:CustomMetric",
    Dimension: "pulumi-nodejs:dynamic/iot:Dimension",
} as const;
