/**
 * The mutants: changes to the real stacks the pack let through before (each must be rejected, by
 * the policy named, with that fragment in its message) and valid changes it rejected before (each
 * must pass).
 */
import { DYNAMIC_TYPES } from "../../components/facts";
import { AWS } from "../../policies/rules/common";
import { documentOf } from "../harness";
import { Mutant, OTHER_ACCOUNT, Stack, Stmt } from "./mutantStack";

const publishStatement = (s: Stack): Stmt =>
    (documentOf(s.publisherPolicy.state.policy).Statement as Stmt[]).find(
        x => x.Sid === "PublishAlerts",
    )!;

/** Changes the pack let through before: each must be rejected. */
export const LET_THROUGH: readonly Mutant[] = [
    {
        what: "profiles alert through a role of another account with the publisher's name",
        mutate: s => {
            // In preview the publisher's physical name is unknown: its logical name stands in.
            const own =
                s.publisher.state.arn ?? `arn:aws:iam::123456789012:role/${s.publisher.name}`;
            const foreign = own.replace(/::\d{12}:/, `::${OTHER_ACCOUNT}:`);
            for (const p of s.records.filter(r => r.type === DYNAMIC_TYPES.SecurityProfile))
                s.set(p, "alertTargets", {
                    SNS: { ...p.state.alertTargets.SNS, roleArn: foreign },
                });
        },
        rejectedBy: {
            policy: "iot-alert-target-role-can-publish",
            says: "is not an IAM role of this stack",
        },
    },
    {
        what: "the publisher's policy gains a Deny written with NotAction",
        mutate: s =>
            s.editDoc(s.publisherPolicy, "policy", d =>
                d.Statement.push({ Effect: "Deny", NotAction: "iam:*", Resource: "*" }),
            ),
        rejectedBy: {
            policy: "iot-alert-target-role-can-publish",
            says: "not allowed sns:Publish",
        },
    },
    {
        what: "the topic policy denies the publisher sns:Publish",
        mutate: s =>
            s.editDoc(s.topicPolicy, "policy", d =>
                d.Statement.push({
                    Effect: "Deny",
                    Principal: { AWS: s.ref(s.topicPolicy, "policy", s.publisher) },
                    Action: "sns:Publish",
                    Resource: s.ref(s.topicPolicy, "policy", s.topic),
                }),
            ),
        rejectedBy: {
            policy: "iot-alert-target-role-can-publish",
            says: "not allowed sns:Publish",
        },
    },
    {
        what: "the publisher's sns:Publish grant holds only before a date long past",
        mutate: s =>
            s.editDoc(s.publisherPolicy, "policy", d => {
                d.Statement.find(x => x.Sid === "PublishAlerts")!.Condition = {
                    DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" },
                };
            }),
        rejectedBy: {
            policy: "iot-alert-target-role-can-publish",
            says: "not allowed sns:Publish",
        },
    },
    {
        what: "the publisher's sns:Publish grant holds only for a principal of another account",
        mutate: s =>
            s.editDoc(s.publisherPolicy, "policy", d => {
                d.Statement.find(x => x.Sid === "PublishAlerts")!.Condition = {
                    StringEquals: { "aws:PrincipalAccount": OTHER_ACCOUNT },
                };
            }),
        rejectedBy: {
            policy: "iot-alert-target-role-can-publish",
            says: "not allowed sns:Publish",
        },
    },
    {
        what: "the key policy loses its CloudWatch statement",
        mutate: s => {
            const key = s.one(AWS.KmsKey, "alerting-key");
            s.editDoc(key, "policy", d => {
                d.Statement = d.Statement.filter(x => x.Sid !== "CloudWatchAlarmsPublish");
            });
        },
        rejectedBy: { policy: "kms-key-allows-cloudwatch-alarms", says: "would notify no one" },
    },
    {
        what: "the publisher's trust names another account in aws:SourceAccount",
        mutate: s =>
            s.editDoc(s.publisher, "assumeRolePolicy", d => {
                d.Statement[0].Condition = {
                    StringEquals: { "aws:SourceAccount": OTHER_ACCOUNT },
                };
            }),
        rejectedBy: { policy: "iam-iot-trust-own-account", says: `for account ${OTHER_ACCOUNT}` },
    },
    {
        what: 'the publisher\'s trust also trusts {"AWS": "*"}',
        mutate: s =>
            s.editDoc(s.publisher, "assumeRolePolicy", d =>
                d.Statement.push({
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "sts:AssumeRole",
                }),
            ),
        rejectedBy: {
            policy: "iam-iot-trust-confused-deputy",
            says: "lets any AWS principal assume the role",
        },
    },
    {
        what: "the responder's role gains iam:* on its own ARN",
        mutate: s =>
            s.editDoc(s.responderPolicy, "policy", d =>
                d.Statement.push({
                    Effect: "Allow",
                    Action: "iam:*",
                    Resource: s.responderRole.state.arn,
                }),
            ),
        rejectedBy: { policy: "iam-no-wildcard-permissions", says: "allows iam:*" },
    },
    {
        what: "the responder's role may rewrite its own policy (iam:PutRolePolicy)",
        mutate: s =>
            s.editDoc(s.responderPolicy, "policy", d =>
                d.Statement.push({
                    Effect: "Allow",
                    Action: "iam:PutRolePolicy",
                    Resource: s.responderRole.state.arn,
                }),
            ),
        rejectedBy: { policy: "iam-no-wildcard-permissions", says: "privilege escalation" },
    },
    {
        what: "AWSIoTFullAccess is attached to the responder's role",
        mutate: s =>
            s.add(s.responderPolicy, AWS.RolePolicyAttachment, "responder-iot-full", {
                role: s.responderRole.state.name,
                policyArn: "arn:aws:iam::aws:policy/AWSIoTFullAccess",
            }),
        rejectedBy: { policy: "iam-no-wildcard-permissions", says: "AWSIoTFullAccess" },
    },
    {
        what: "the topic policy lets everyone publish, without a condition",
        mutate: s =>
            s.editDoc(s.topicPolicy, "policy", d =>
                d.Statement.push({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: s.topic.state.arn,
                }),
            ),
        rejectedBy: { policy: "sns-topic-policy-not-public", says: "lets every AWS principal" },
    },
    {
        what: "an email subscription becomes plain http",
        mutate: s => {
            const sub = s.records.find(
                r => r.type === AWS.TopicSubscription && r.state.protocol === "email",
            )!;
            s.set(sub, "protocol", "http");
            s.set(sub, "endpoint", "http://alerts.example.com/hook");
        },
        rejectedBy: { policy: "sns-subscription-delivery", says: "plain http" },
    },
    {
        what: "the responder loses its dead-letter target",
        mutate: s =>
            s.set(s.one(AWS.Function, "remediation-responder"), "deadLetterConfig", undefined),
        rejectedBy: {
            policy: "lambda-dead-letter-target",
            says: "no deadLetterConfig.targetArn",
        },
    },
    {
        what: "the responder's subscription loses its redrive policy",
        mutate: s =>
            s.set(
                s.one(AWS.TopicSubscription, "responder-subscription"),
                "redrivePolicy",
                undefined,
            ),
        rejectedBy: { policy: "sns-subscription-delivery", says: "no redrivePolicy" },
    },
    {
        what: "a rule behavior's durationSeconds is 120",
        mutate: s => {
            const profile = s.one(DYNAMIC_TYPES.SecurityProfile, "detect-rules");
            const behaviors = JSON.parse(JSON.stringify(profile.state.behaviors));
            const timed = behaviors.find(
                (b: { criteria?: { durationSeconds?: number } }) =>
                    b.criteria?.durationSeconds !== undefined,
            );
            timed.criteria.durationSeconds = 120;
            s.set(profile, "behaviors", behaviors);
        },
        rejectedBy: { policy: "iot-behavior-criteria-valid", says: "durationSeconds 120" },
    },
];

/** Valid changes the pack rejected before: each must pass. */
export const HARMLESS: readonly Mutant[] = [
    {
        what: "the publisher may publish by the topic policy (same account) instead of its IAM policy",
        mutate: s => {
            const grant = publishStatement(s);
            s.editDoc(s.publisherPolicy, "policy", d => {
                d.Statement = d.Statement.filter(x => x.Sid !== "PublishAlerts");
            });
            s.editDoc(s.topicPolicy, "policy", d =>
                d.Statement.push({
                    Sid: "PublisherPublishes",
                    Effect: "Allow",
                    Principal: { AWS: s.publisher.state.arn },
                    Action: "sns:Publish",
                    Resource: grant.Resource,
                }),
            );
        },
    },
    {
        what: "an alarm on the fleet's own Violations metric in a custom namespace",
        mutate: s => {
            const model = s.one(AWS.MetricAlarm, "detect-rules-violations");
            s.add(model, AWS.MetricAlarm, "fleet-violations", {
                ...model.state,
                name: "fleet-violations",
                arn: model.state.arn.replace(/alarm:.*$/, "alarm:fleet-violations"),
                namespace: "Fleet/IoT",
                dimensions: { Fleet: "gateways" },
            });
        },
    },
];
