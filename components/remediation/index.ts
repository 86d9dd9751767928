/**
 * Remediation: turns alerts into action. The quarantine part (./actions.ts): mitigation actions,
 * each with a role holding only its managed policy, and a quarantine thing group whose IoT policy
 * denies everything. The responder part (./responder.ts): a Lambda subscribed to the alert topic
 * that applies the stack's response map, a dead-letter queue so no alert is lost, and alarms on
 * both.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ViolationResponse } from "../facts";
import { AlarmRef } from "../alarms";
import { RemediationAction } from "../facts";
import { RemediationInventory } from "../inventory";
import type { LogsBehaviorPlan } from "../inventory/logsBehaviors";
import { LoggingLevel, quarantineAndActions } from "./actions";
import { responder } from "./responder";
import { checkEnvironmentSize } from "./responderSettings";

export { RESPONDER_ASYNC, RESPONDER_SOURCE, RESPONDER_TIMEOUT_SECONDS } from "./responder";
export { RESPONDER_SETTINGS_FILE } from "./responderSettings";

export interface RemediationArgs {
    region: string;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Physical names of the quarantine group, mitigation actions, responder, queue and alarms. */
    names: RemediationInventory;
    /** Mitigation actions to create (each named in `names.mitigationActions`). */
    actions: RemediationAction[];
    /** Log level the enable-iot-logging action sets. */
    loggingLevel: LoggingLevel;
    /** The responder logs decisions without acting. */
    dryRun: boolean;
    /** Metric -> response for Detect violations entering alarm. */
    violationResponses: Record<string, ViolationResponse>;
    /** Audit check -> mitigation actions for its non-compliant findings. */
    auditResponses: Record<string, RemediationAction[]>;
    /** The logs engine's behaviour plans: the responder reports (and quarantines) on their alarms. */
    insightAlarms: readonly LogsBehaviorPlan[];
    /** Physical names of the stack's security profiles in the region (none on the logs engine). */
    securityProfiles: readonly string[];
    /** Alert topic (source of the responder's messages, target of publish-finding and of insight reports) and its KMS key. */
    topicArn: pulumi.Input<string>;
    topicKeyArn: pulumi.Input<string>;
    /** Alarm when this many alerts wait in the dead-letter queue. */
    dlqAlarmThreshold: number;
    tags: Record<string, string>;
}

export class Remediation extends pulumi.ComponentResource {
    public readonly responderArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;
    public readonly quarantineGroupName: pulumi.Output<string>;
    /** Remediation action -> physical mitigation action name. */
    public readonly actionNames: Record<string, string>;
    /** The dead-letter queue's alarm and the responder errors' alarm. */
    public readonly alarms: AlarmRef[];

    constructor(name: string, args: RemediationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("iot-defender:remediation:Remediation", name, args, opts);
        validate(args);
        const { quarantineGroupName, actionNames, actionArns } = quarantineAndActions(
            name,
            args,
            this,
        );
        const { responderArn, deadLetterQueueUrl, alarms } = responder(
            name,
            { ...args, actionNames },
            this,
        );
        this.actionNames = actionNames;
        this.responderArn = responderArn;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.quarantineGroupName = quarantineGroupName;
        this.alarms = alarms;
        this.registerOutputs({
            responderArn,
            deadLetterQueueUrl,
            quarantineGroupName,
            mitigationActionArns: actionArns,
        });
    }
}

/** Every response names an action the component creates; the responder's variables fit Lambda. */
function validate(args: RemediationArgs): void {
    checkEnvironmentSize(args);
    const missing = [
        ...(Object.values(args.violationResponses).includes("quarantine") ? ["quarantine"] : []),
        ...Object.values(args.auditResponses).flat(),
    ].filter(a => !args.actions.includes(a as RemediationAction));
    if (missing.length > 0)
        throw new Error(
            `Remediation: the responses use actions that are not created: ${[...new Set(missing)].join(", ")}; actions: ${args.actions.join(", ")}`,
        );
}
