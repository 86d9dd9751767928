/**
 * The accounts `ops verify` specs check: one where everything the stack's settings describe is
 * deployed as it should be, the stack outputs of that deployment, and the lines a run prints.
 */
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
    DescribeAccountAuditConfigurationCommand,
    DescribeMitigationActionCommand,
    DescribeScheduledAuditCommand,
    ListAuditSuppressionsCommand,
    DescribeSecurityProfileCommand,
    ListTargetsForSecurityProfileCommand,
    ResourceNotFoundException,
} from "@aws-sdk/client-iot";
import { Settings } from "../../components/config/load";
import {
    allThingsTargetArn,
    CLOUDWATCH,
    REMEDIATION_ACTIONS,
    thingGroupArn,
} from "../../components/facts";
import { profileSettings } from "../../components/config/profiles";
import { stackInventory } from "../../components/inventory";
import { names, remediationNames } from "../../components/inventory/names";
import { onDeviceDefender, stackSettings } from "../harness";
import { ACCOUNT, Harness, REGION } from "./fixture";

/** Dev's values on the Device Defender engine: the profiles these commands look at. */
export const dev = stackSettings("dev", onDeviceDefender);
export const prod = stackSettings("prod");
export const topicArn = (s: Settings) =>
    `arn:aws:sns:${REGION}:${ACCOUNT}:${names.alertTopic(s)}-7f3a2b1`;
export const profileArn = (name: string) =>
    `arn:aws:iot:${REGION}:${ACCOUNT}:securityprofile/${name}`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-defender-audit`;

/** An account where everything the stack's settings describe is deployed as it should be; its alarms can be edited. */
export function healthy(
    h: Harness,
    s: Settings,
    edit: { auditChecksOff?: string[] } = {},
): { alarms: MetricAlarm[] } {
    const alertTargets = { SNS: { alertTargetArn: topicArn(s), roleArn: ROLE } };
    h.iot
        .on(DescribeSecurityProfileCommand)
        .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    // Each profile the settings declare (the short form's and the named ones), on its own targets.
    const profiles = profileSettings(s.detect);
    const targetsOf = new Map<string, string[]>();
    for (const p of profiles) {
        const name = names.securityProfile(s, p.id);
        const t = p.targets;
        targetsOf.set(name, [
            ...(t.allThings ? [allThingsTargetArn("aws", REGION, ACCOUNT, t.allThings)] : []),
            ...t.thingGroups.map(g => thingGroupArn("aws", REGION, ACCOUNT, g)),
        ]);
        h.iot.on(DescribeSecurityProfileCommand, { securityProfileName: name }).resolves({
            securityProfileName: name,
            securityProfileArn: profileArn(name),
            alertTargets,
            behaviors: p.ml
                ? p.ml.metrics.map(m => ({
                      name: `ml-${m.replace(/^aws:/, "")}`,
                      metric: m,
                      criteria: { mlDetectionConfig: { confidenceLevel: p.ml!.confidenceLevel } },
                  }))
                : p.behaviors.map(b => ({
                      name: b.name,
                      metric: b.metric,
                      criteria: { comparisonOperator: b.operator, value: { count: b.threshold } },
                  })),
        });
    }
    // One target per page, to exercise paging.
    h.iot.on(ListTargetsForSecurityProfileCommand).callsFake(input => {
        const targets = targetsOf.get(input.securityProfileName) ?? [];
        const i = input.nextToken ? Number(input.nextToken) : 0;
        return {
            securityProfileTargets: [{ arn: targets[i] }],
            nextToken: i + 1 < targets.length ? String(i + 1) : undefined,
        };
    });
    h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
        roleArn: ROLE,
        auditNotificationTargetConfigurations: {
            SNS: { targetArn: topicArn(s), roleArn: ROLE, enabled: true },
        },
        auditCheckConfigurations: Object.fromEntries(
            s.audit.checks.map(c => [c, { enabled: !(edit.auditChecksOff ?? []).includes(c) }]),
        ),
    });
    h.iot
        .on(DescribeScheduledAuditCommand)
        .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    for (const sched of s.audit.schedules) {
        h.iot
            .on(DescribeScheduledAuditCommand, {
                scheduledAuditName: names.scheduledAudit(s, sched.name),
            })
            .resolves({
                scheduledAuditName: names.scheduledAudit(s, sched.name),
                frequency: sched.frequency,
                dayOfWeek: sched.dayOfWeek,
                dayOfMonth: sched.dayOfMonth,
                targetCheckNames: [...(sched.checks ?? s.audit.checks)].reverse(),
            });
    }
    h.iot.on(ListAuditSuppressionsCommand).resolves({
        suppressions: s.audit.suppressions.map(x => ({
            checkName: x.checkName,
            resourceIdentifier: x.resourceIdentifier,
            suppressIndefinitely: x.suppressIndefinitely,
            ...(x.expirationDate ? { expirationDate: new Date(x.expirationDate) } : {}),
        })),
    });
    const alarms: MetricAlarm[] = [
        ...profiles
            .map(p => names.securityProfile(s, p.id))
            .map(p => ({
                AlarmName: names.violationsAlarm(s, p),
                Namespace: CLOUDWATCH.namespace,
                MetricName: CLOUDWATCH.metrics.violations,
            })),
        {
            AlarmName: names.nonCompliantAlarm(s),
            Metrics: [
                {
                    Id: "q",
                    Expression: `SELECT MAX(${CLOUDWATCH.metrics.nonCompliantResources}) FROM SCHEMA("${CLOUDWATCH.namespace}", CheckName, ScheduledAuditName)`,
                },
            ],
        },
        // IoT Core's fleet alarms, as components/fleetAlarms.ts creates them.
        ...(stackInventory(s).fleetAlarms?.alarms ?? []).map((a): MetricAlarm => ({
            AlarmName: a.name,
            Metrics: [{ Id: "fleet", Expression: a.query, Period: a.periodSeconds }],
            EvaluationPeriods: a.evaluationPeriods,
            Threshold: a.threshold,
            ComparisonOperator: a.comparisonOperator,
            AlarmActions: [topicArn(s)],
            ActionsEnabled: true,
        })),
        // Remediation's, as components/remediation.ts creates them.
        {
            AlarmName: remediation(s).deadLetterAlarm,
            Namespace: "AWS/SQS",
            MetricName: "ApproximateNumberOfMessagesVisible",
            Dimensions: [{ Name: "QueueName", Value: remediation(s).deadLetterQueue }],
        },
        {
            AlarmName: remediation(s).responderErrorsAlarm,
            Namespace: "AWS/Lambda",
            MetricName: "Errors",
            Dimensions: [{ Name: "FunctionName", Value: remediation(s).responderFunction }],
        },
    ];
    h.cloudwatch.on(DescribeAlarmsCommand).callsFake(input => ({
        MetricAlarms: alarms.filter(a => input.AlarmNames.includes(a.AlarmName)),
    }));
    h.iot
        .on(DescribeMitigationActionCommand)
        .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    for (const action of s.remediation.actions) {
        const actionName = remediation(s).mitigationAction(action);
        h.iot
            .on(DescribeMitigationActionCommand, { actionName })
            .resolves({ actionName, actionType: REMEDIATION_ACTIONS[action] });
    }
    return { alarms };
}

export const remediation = (s: Settings) => remediationNames(names.base(s));

/** The stack outputs (index.ts) of a deployment of these settings. */
export function outputsOf(s: Settings): Record<string, unknown> {
    const r = remediation(s);
    const profiles = profileSettings(s.detect).map(p => names.securityProfile(s, p.id));
    return {
        region: REGION,
        environment: s.environment,
        alertTopicArn: topicArn(s),
        securityProfileNames: profiles,
        scheduledAuditNames: s.audit.schedules.map(x => names.scheduledAudit(s, x.name)),
        alarmNames: [
            names.nonCompliantAlarm(s),
            ...profiles.map(p => names.violationsAlarm(s, p)),
            ...(stackInventory(s).fleetAlarms?.alarms ?? []).map(a => a.name),
            r.deadLetterAlarm,
            r.responderErrorsAlarm,
        ],
        mitigationActionNames: Object.fromEntries(
            s.remediation.actions.map(a => [a, r.mitigationAction(a)]),
        ),
        deadLetterQueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${r.deadLetterQueue}`,
        responderArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${r.responderFunction}`,
    };
}

export const lines = (h: Harness, status: string) => h.out.filter(l => l.startsWith(`${status} `));
