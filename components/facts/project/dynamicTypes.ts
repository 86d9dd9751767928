/** Dynamic resource type tokens, shared by the resource classes, the offline tools and the policy pack. */

/** Every dynamic resource's type token starts so (the Node.js dynamic provider's package). */
export const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic/";
/** The module the project's dynamic resources register under. */
export const DYNAMIC_MODULE = "iot";
const IOT = `${DYNAMIC_TYPE_PREFIX}${DYNAMIC_MODULE}:` as const;
export const DYNAMIC_TYPES = {
    SecurityProfile: `${IOT}SecurityProfile`,
    /** The account audit configuration and the stack's scheduled audits: one owner. */
    AccountAudit: `${IOT}AccountAudit`,
    MitigationAction: `${IOT}MitigationAction`,
    CustomMetric: `${IOT}CustomMetric`,
    Dimension: `${IOT}Dimension`,
    V2LoggingOptions: `${IOT}V2LoggingOptions`,
    AuditSuppression: `${IOT}AuditSuppression`,
} as const;
