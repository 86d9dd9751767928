/**
 * Delivery rules: alerts reach someone, only the expected senders reach the topic, and the
 * responder's failures are kept. Topic policies do not open the topic to every AWS principal,
 * subscriptions are not plain http, Lambda subscriptions redrive what SNS cannot deliver, Lambda
 * functions have a dead-letter target, and a topic's KMS key lets the CloudWatch alarms that notify
 * the topic use it (else every alarm notifies no one).
 */
import type {
    PolicyResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    accountOf,
    allowedBy,
    denied,
    matchesAction,
    PolicySet,
    Request,
    requestContext,
} from "./access";
import { arnIn, arnOf } from "./preview";
import { findKey, findTopic, keyPolicyOf, topicKeyRef } from "./stackResources";
import {
    asArray,
    AWS,
    conditionTests,
    forTypes,
    isAllow,
    isObject,
    nonEmptyString,
    ofType,
    read,
    Statement,
    statementsWithUnknownArns,
    Unknowns,
} from "./common";
import { limitsToAccount } from "./trust";

/** SNS actions that let a caller send to, listen on or reconfigure a topic. */
const TOPIC_WRITES = [
    "sns:Publish",
    "sns:Subscribe",
    "sns:SetTopicAttributes",
    "sns:AddPermission",
    "sns:RemovePermission",
    "sns:DeleteTopic",
];
/** Keys whose 12-digit values (or ARN account fields) limit callers to named accounts. */
const ACCOUNT_KEYS = ["aws:sourceaccount", "aws:sourceowner", "aws:principalaccount"];
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

function isEveryone(p: unknown): boolean {
    return p === "*" || (isObject(p) && asArray(p.AWS).includes("*"));
}

/** Whether a statement's condition limits its callers to named accounts or an organization. */
export function limitsCallers(s: Statement): boolean {
    return conditionTests(s).some(t => {
        const key = t.key.toLowerCase();
        if (ACCOUNT_KEYS.includes(key)) return limitsToAccount({ ...t, key: "aws:SourceAccount" });
        if (key === "aws:sourcearn") return limitsToAccount(t);
        if (key === "aws:principalorgid")
            return (
                /^(ForAnyValue:)?StringEquals$/i.test(t.operator) &&
                t.values.length > 0 &&
                t.values.every(v => typeof v === "string" && ORG_ID.test(v))
            );
        return false;
    });
}

export const topicPolicyNotPublic: ResourceValidationPolicy = {
    name: "sns-topic-policy-not-public",
    description: `No SNS topic policy (TopicPolicy, or a topic's own policy) allows every AWS principal ("*", {"AWS": "*"}) ${TOPIC_WRITES.join(", ")} without a condition limiting callers to named accounts (aws:SourceAccount, aws:SourceOwner, aws:PrincipalAccount, aws:SourceArn with an account) or an organization (aws:PrincipalOrgID): anyone could forge alerts, read them or silence the topic.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.TopicPolicy, AWS.Topic], (props, args, report) => {
        const doc = props.policy;
        if (doc === undefined || doc === null || doc === "")
            return args.notApplicable("no topic policy");
        for (const s of statementsWithUnknownArns(doc)) {
            if (!isAllow(s) || !isEveryone(s.Principal) || limitsCallers(s)) continue;
            const opened = TOPIC_WRITES.filter(a => matchesAction(s, a));
            if (opened.length > 0)
                report(
                    `topic policy statement${s.Sid ? ` ${s.Sid}` : ""} lets every AWS principal ${opened.join(", ")} without a condition naming an account or organization`,
                );
        }
    }),
};

const SQS_ARN = /^arn:[a-z-]+:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

export const subscriptionsDeliverSafely: ResourceValidationPolicy = {
    name: "sns-subscription-delivery",
    description:
        "SNS subscriptions do not use plain http (alerts and their tokens would cross the network unencrypted; use https), and a Lambda subscription has a redrivePolicy whose deadLetterTargetArn is an SQS queue: without it SNS drops a message it cannot deliver to the function (a missing permission, the function being replaced). A target ARN unknown until deploy counts as set.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.TopicSubscription], (props, _args, report) => {
        const protocol = props.protocol;
        if (typeof protocol === "string" && protocol.toLowerCase() === "http")
            report(
                `subscription uses plain http (endpoint ${JSON.stringify(read(() => props.endpoint).known ? props.endpoint : "unknown until deploy")}): use https`,
            );
        if (protocol !== "lambda") return;
        const redrive = read(() => props.redrivePolicy);
        if (!redrive.known) return; // set, to a value known at `pulumi up`
        const policy = parseObject(redrive.value);
        const target = policy?.deadLetterTargetArn;
        if (!nonEmptyString(target))
            report(
                "Lambda subscription has no redrivePolicy with a deadLetterTargetArn: SNS drops what it cannot deliver to the function; set it to the responder's dead-letter queue",
            );
        else if (!SQS_ARN.test(target))
            report(
                `Lambda subscription's redrivePolicy.deadLetterTargetArn ${JSON.stringify(target)} is not an SQS queue ARN`,
            );
    }),
};

function parseObject(v: unknown): Record<string, unknown> | undefined {
    if (isObject(v)) return v;
    if (typeof v !== "string") return undefined;
    try {
        const parsed = JSON.parse(v);
        return isObject(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

export const lambdaDeadLetterTarget: ResourceValidationPolicy = {
    name: "lambda-dead-letter-target",
    description:
        "Every Lambda function has deadLetterConfig.targetArn (an SQS queue or SNS topic): an event that still fails after Lambda's asynchronous retries is kept there instead of dropped. A target unknown until deploy counts as set; an on-failure destination of a FunctionEventInvokeConfig is not recognised.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.Function], (props, _args, report) => {
        const target = read(() => props.deadLetterConfig?.targetArn);
        if (!target.known) return;
        if (!nonEmptyString(target.value))
            report(
                "Lambda function has no deadLetterConfig.targetArn: events that fail after its retries are lost",
            );
        else if (!/^arn:[a-z-]+:(sqs|sns):/.test(target.value))
            report(
                `deadLetterConfig.targetArn ${JSON.stringify(target.value)} is neither an SQS queue nor an SNS topic ARN`,
            );
    }),
};

const CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com";
/** What CloudWatch calls on the key to publish an alarm notification to an encrypted topic. */
const KMS_ALARM_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/** Whether the key policy lets CloudWatch use the key for one alarm's notification. */
function cloudWatchMayUse(
    keyPolicy: readonly Statement[] | undefined,
    keyArn: string,
    alarmArn: string | undefined,
    action: string,
    now: Date,
): boolean {
    if (keyPolicy === undefined) return false; // AWS's default key policy names no service
    const caller = { service: CLOUDWATCH_PRINCIPAL };
    const account = accountOf(keyArn);
    const request: Request = {
        caller,
        action,
        resource: keyArn,
        context: requestContext(caller, keyArn, now, {
            ...(account ? { "aws:SourceAccount": account } : {}),
            ...(alarmArn ? { "aws:SourceArn": alarmArn } : {}),
        }),
    };
    const sets: PolicySet[] = [{ statements: keyPolicy, resourcePolicy: true }];
    return !denied(request, sets) && allowedBy(request, sets);
}

function checkAlarm(
    alarm: PolicyResource,
    resources: readonly PolicyResource[],
    unknowns: Unknowns,
    report: (message: string, urn?: string) => void,
    now: Date,
): void {
    // In preview an action is unknown: the one topic the alarm's actions depend on.
    const list = unknowns.get(() => alarm.props.alarmActions);
    const actions = Array.isArray(list)
        ? Array.from({ length: list.length }, (_, i) =>
              arnIn(alarm, "alarmActions", () => list[i], [AWS.Topic], resources, unknowns),
          )
        : asArray(list);
    for (const topicArn of new Set(actions.filter(nonEmptyString))) {
        const topic = findTopic(resources, topicArn, unknowns);
        const keyRef = topic && topicKeyRef(topic, resources, unknowns);
        const key = nonEmptyString(keyRef) ? findKey(resources, keyRef, unknowns) : undefined;
        if (!key) continue; // not a key of the stack: its policy cannot be read
        const keyArn = arnOf(key, resources);
        if (!nonEmptyString(keyArn)) continue;
        const keyPolicy = keyPolicyOf(key, unknowns);
        // A stand-in (preview) is no value for aws:SourceArn: the key may hold anything.
        const alarmArn = read(() => alarm.props.arn);
        const refused = KMS_ALARM_ACTIONS.filter(
            a =>
                !cloudWatchMayUse(
                    keyPolicy,
                    keyArn,
                    alarmArn.known && nonEmptyString(alarmArn.value) ? alarmArn.value : undefined,
                    a,
                    now,
                ),
        );
        if (refused.length > 0)
            unknowns.violation(
                report,
                `alarm ${alarm.name} notifies topic ${topicArn}, whose KMS key ${keyArn} does not let ${CLOUDWATCH_PRINCIPAL} ${refused.join(" and ")} (key policy, with a condition that can hold for this account and no Deny that may apply): the alarm would notify no one`,
                key.urn,
            );
    }
}

export const keyAllowsCloudWatchAlarms: StackValidationPolicy = {
    name: "kms-key-allows-cloudwatch-alarms",
    description: `When a CloudWatch alarm of the stack notifies a topic encrypted with a KMS key of the stack, the key policy allows ${CLOUDWATCH_PRINCIPAL} ${KMS_ALARM_ACTIONS.join(" and ")} on it for this account (a key without its own policy gets AWS's default, which names no service): otherwise CloudWatch cannot encrypt the notification and the alarm notifies no one.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const now = new Date();
        const unknowns = new Unknowns();
        const alarms = ofType(args.resources, AWS.MetricAlarm);
        if (alarms.length === 0) args.notApplicable("no CloudWatch alarms in the stack");
        for (const alarm of alarms)
            unknowns.run(() => checkAlarm(alarm, args.resources, unknowns, report, now));
        unknowns.rethrow();
    },
};

export const deliveryPolicies = [
    topicPolicyNotPublic,
    subscriptionsDeliverSafely,
    lambdaDeadLetterTarget,
    keyAllowsCloudWatchAlarms,
];
