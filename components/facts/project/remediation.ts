/** Remediation vocabulary: the stack's names for the mitigation actions it can create. */
import { MitigationActionType } from "../aws/mitigation";

export const REMEDIATION_ACTIONS = {
    quarantine: "ADD_THINGS_TO_THING_GROUP",
    "deactivate-device-certificate": "UPDATE_DEVICE_CERTIFICATE",
    "publish-finding": "PUBLISH_FINDING_TO_SNS",
    "enable-iot-logging": "ENABLE_IOT_LOGGING",
    "replace-default-policy": "REPLACE_DEFAULT_POLICY_VERSION",
} as const satisfies Record<string, MitigationActionType>;
export type RemediationAction = keyof typeof REMEDIATION_ACTIONS;
export const REMEDIATION_ACTION_NAMES = Object.keys(REMEDIATION_ACTIONS) as RemediationAction[];

/**
 * Quarantine adds a thing to the quarantine group even when the thing is already in the most
 * groups it may be in, leaving a dynamic group to make room (AddThingToThingGroup's and the
 * ADD_THINGS_TO_THING_GROUP action's overrideDynamicGroups): a device under quarantine matters more.
 */
export const QUARANTINE_OVERRIDES_DYNAMIC_GROUPS = true;

/**
 * What the responder may do about a Detect violation: quarantine the device, or only notify. The
 * config validates the response map against it, and the responder Lambda reads the map with it.
 */
export const VIOLATION_RESPONSES = ["quarantine", "notify-only"] as const;
export type ViolationResponse = (typeof VIOLATION_RESPONSES)[number];
