/** Every policy of the pack, in report order. Tests and tools/offline/check.ts import this; only ../index.ts builds the PolicyPack. */
import type { Policies } from "@pulumi/policy";
import { alarmPolicies } from "./alarms";
import { alertingPolicies } from "./alerting";
import { auditPolicies } from "./audit";
import { deliveryPolicies } from "./delivery";
import { detectPolicies } from "./detect";
import { iamPolicies } from "./iam";
import { logsPolicies } from "./logs";
import { profilePolicies } from "./profileSet";
import { regionPolicies } from "./regions";
import { securityHubPolicies } from "./securityHub";
import { tagPolicies } from "./tags";

export const PACK_NAME = "iot-defender-policies";

export const allPolicies: Policies = [
    ...detectPolicies,
    ...profilePolicies,
    ...alertingPolicies,
    ...regionPolicies,
    ...deliveryPolicies,
    ...alarmPolicies,
    ...logsPolicies,
    ...iamPolicies,
    ...auditPolicies,
    ...securityHubPolicies,
    ...tagPolicies,
];
