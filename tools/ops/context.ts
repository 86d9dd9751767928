/**
 * What every ops command is given: AWS clients for the stack's region, the stack's settings, outputs
 * and resource names, and its effects (output lines, clock, wait) so tests can drive it without AWS
 * or time.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { IoTClient } from "@aws-sdk/client-iot";
import { RegionSettings } from "../../components/config/load";
import { Inventory } from "../../components/inventory";

export interface OpsContext {
    readonly iot: IoTClient;
    readonly cloudwatch: CloudWatchClient;
    /** The region the clients talk to (named in error lines). */
    readonly region: string;
    /** One line of the command's result (stdout). */
    readonly out: (line: string) => void;
    /** One line of progress, notes and errors (stderr). */
    readonly err: (line: string) => void;
    readonly now: () => Date;
    readonly sleep: (ms: number) => Promise<void>;
}

/** The stack a command works on, in one region (build it with `stackTarget` in stack.ts). */
export interface StackTarget {
    /** The region's settings (the stack-wide ones with the region's override). */
    readonly settings: RegionSettings;
    /** What the settings deploy, by name (`components/inventory`). */
    readonly inventory: Inventory;
    /** The region's part of `pulumi stack output --json`, or {} when the Pulumi CLI is absent or has no stack. */
    readonly outputs: Readonly<Record<string, unknown>>;
    /** What the stack deployed, by name: from the outputs where they have them, else from the settings. */
    readonly names: ResourceNames;
}

/** The outputs that name resources, as index.ts exports them. */
export type NameOutput =
    | "securityProfileNames"
    | "scheduledAuditNames"
    | "alarmNames"
    | "mitigationActionNames"
    | "deadLetterQueueUrl"
    | "responderArn";

/** The names of what the stack deployed. */
export interface ResourceNames {
    /** Outputs the stack outputs lack, whose names were derived from the settings instead. */
    readonly fromSettings: readonly NameOutput[];
    readonly securityProfiles: readonly string[];
    readonly scheduledAudits: readonly string[];
    /** Every CloudWatch alarm of the stack, remediation's included. */
    readonly alarms: readonly string[];
    /** Remediation action (`quarantine`, ...) -> mitigation action name. */
    readonly mitigationActions: Readonly<Record<string, string>>;
    readonly deadLetterQueue: string | undefined;
    readonly responderFunction: string | undefined;
    /** The alert topic's ARN, when the outputs give it (the settings give only its name). */
    readonly alertTopicArn: string | undefined;
    /** The role Device Defender assumes to publish alerts, when the outputs give it (its name is Pulumi's). */
    readonly publisherRoleArn: string | undefined;
}

/** Exit codes shared by every command. */
export const EXIT = {
    ok: 0,
    /** Errors, failed or canceled audits, timeouts, verification failures, usage errors. */
    error: 1,
    /** `audit --fail-on`: findings at or above the threshold exist. */
    findings: 2,
} as const;
