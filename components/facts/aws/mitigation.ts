/** Device Defender mitigation action types, their parameters and managed policies. */

export const MITIGATION_ACTION_TYPES = [
    "UPDATE_DEVICE_CERTIFICATE",
    "UPDATE_CA_CERTIFICATE",
    "ADD_THINGS_TO_THING_GROUP",
    "REPLACE_DEFAULT_POLICY_VERSION",
    "ENABLE_IOT_LOGGING",
    "PUBLISH_FINDING_TO_SNS",
] as const;
export type MitigationActionType = (typeof MITIGATION_ACTION_TYPES)[number];

/** For each action type: its `actionParams` key and the managed policy its role needs. */
export const MITIGATION_ACTIONS: Readonly<
    Record<MitigationActionType, { readonly paramsKey: string; readonly policy: string }>
> = {
    UPDATE_DEVICE_CERTIFICATE: {
        paramsKey: "updateDeviceCertificateParams",
        policy: "AWSIoTDeviceDefenderUpdateDeviceCertMitigationAction",
    },
    UPDATE_CA_CERTIFICATE: {
        paramsKey: "updateCACertificateParams",
        policy: "AWSIoTDeviceDefenderUpdateCACertMitigationAction",
    },
    ADD_THINGS_TO_THING_GROUP: {
        paramsKey: "addThingsToThingGroupParams",
        policy: "AWSIoTDeviceDefenderAddThingsToThingGroupMitigationAction",
    },
    REPLACE_DEFAULT_POLICY_VERSION: {
        paramsKey: "replaceDefaultPolicyVersionParams",
        policy: "AWSIoTDeviceDefenderReplaceDefaultPolicyMitigationAction",
    },
    ENABLE_IOT_LOGGING: {
        paramsKey: "enableIoTLoggingParams",
        policy: "AWSIoTDeviceDefenderEnableIoTLoggingMitigationAction",
    },
    PUBLISH_FINDING_TO_SNS: {
        paramsKey: "publishFindingToSnsParams",
        policy: "AWSIoTDeviceDefenderPublishFindingsToSNSMitigationAction",
    },
};
/** ENABLE_IOT_LOGGING accepts every LogLevel except DISABLED. */
export const MITIGATION_LOG_LEVELS = ["DEBUG", "INFO", "ERROR", "WARN"] as const;
