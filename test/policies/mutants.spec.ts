/**
 * The pack against mutants of the real stacks: each mutant changes one thing in the dev and prod
 * stacks as built offline (deployed values known) and names the policy that must reject it, with
 * what its message must say; each harmless change must pass. The counts are asserted, so a mutant
 * dropped from the list shows.
 */
import * as assert from "assert";
import { DYNAMIC_TYPES } from "../../components/facts";
import { AWS } from "../../policies/rules/common";
import { readPackConfig } from "../../tools/offline/policyConfig";
import { evaluate, formatFinding } from "../../tools/offline/policyRunner";
import { buildOffline, documentOf, onDeviceDefender, RecordedResource } from "../harness";
import * as path from "path";

/** A policy statement or a resource's properties, as JSON. */
type Stmt = Record<string, unknown>;

const OTHER_ACCOUNT = "999999999999";
const configFile = (stack: string) =>
    path.join(__dirname, "..", "..", "policies", `policy-config.${stack}.json`);

/** A built stack's records, copied so that a mutant changes only its own copy. */
class Stack {
    readonly records: RecordedResource[];
    constructor(records: readonly RecordedResource[]) {
        this.records = JSON.parse(JSON.stringify(records));
    }
    /** The one resource of a type whose name ends with `suffix`. */
    one(type: string, suffix: string): RecordedResource {
        const found = this.records.filter(r => r.type === type && r.name.endsWith(suffix));
        assert.strictEqual(found.length, 1, `one ${type} named *${suffix}`);
        return found[0];
    }
    /** Sets a property as the program would have registered it (inputs) and as deployed (state). */
    set(r: RecordedResource, key: string, value: unknown): void {
        if (value === undefined) {
            delete r.inputs[key];
            delete r.state[key];
        } else {
            r.inputs[key] = value;
            r.state[key] = value;
        }
    }
    /** Edits a policy document, held as the program passes it (an object, or JSON text for string-only inputs). */
    editDoc(r: RecordedResource, key: string, edit: (doc: { Statement: Stmt[] }) => void): void {
        const text = typeof r.state[key] === "string";
        const doc = text ? JSON.parse(r.state[key]) : r.state[key];
        edit(doc);
        this.set(r, key, text ? JSON.stringify(doc) : doc);
    }
    /** Adds a resource beside a sibling, as one more of the program's. */
    add(sibling: RecordedResource, type: string, name: string, props: Stmt): void {
        this.records.push({
            ...sibling,
            urn: `${sibling.urn.split("::").slice(0, 2).join("::")}::${type}::${name}`,
            type,
            name,
            inputs: { ...props },
            state: { ...props },
            dependencies: [],
        });
    }
    get publisher() {
        return this.one(AWS.Role, "alerting-publisher");
    }
    get publisherPolicy() {
        return this.one(AWS.RolePolicy, "alerting-publisher-policy");
    }
    get topic() {
        return this.one(AWS.Topic, "alerting-topic");
    }
    get topicPolicy() {
        return this.one(AWS.TopicPolicy, "alerting-topic-policy");
    }
    get responderRole() {
        return this.one(AWS.Role, "remediation-responder-role");
    }
    get responderPolicy() {
        return this.one(AWS.RolePolicy, "remediation-responder-policy");
    }
}

interface Mutant {
    readonly what: string;
    readonly mutate: (s: Stack) => void;
    /** The policy that must reject it and a fragment of its message; none for a harmless change. */
    readonly rejectedBy?: { policy: string; says: string };
}

const publishStatement = (s: Stack): Stmt =>
    (documentOf(s.publisherPolicy.state.policy).Statement as Stmt[]).find(
        x => x.Sid === "PublishAlerts",
    )!;

/** Changes the pack let through before: each must be rejected. */
const LET_THROUGH: readonly Mutant[] = [
    {
        what: "profiles alert through a role of another account with the publisher's name",
        mutate: s => {
            const foreign = s.publisher.state.arn.replace(/::\d{12}:/, `::${OTHER_ACCOUNT}:`);
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
                    Principal: { AWS: s.publisher.state.arn },
                    Action: "sns:Publish",
                    Resource: s.topic.state.arn,
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
const HARMLESS: readonly Mutant[] = [
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

describe("the policy pack against mutants of the real stacks", () => {
    const built: Record<string, readonly RecordedResource[]> = {};
    before(async () => {
        // Dev's values on the Device Defender engine: the mutants change security profiles.
        for (const stack of ["dev", "prod"])
            built[stack] = (
                await buildOffline(stack, stack === "dev" ? { edit: onDeviceDefender } : {})
            ).engine.resources;
    });
    const mandatory = async (stack: string, mutant: Mutant) => {
        const s = new Stack(built[stack]);
        mutant.mutate(s);
        const result = await evaluate(s.records, {
            config: readPackConfig(configFile(stack)),
            stack,
        });
        return result.findings.filter(f => f.level === "mandatory");
    };

    for (const stack of ["dev", "prod"]) {
        describe(`${stack}: changes that must be rejected`, () => {
            for (const m of LET_THROUGH) {
                it(`${m.what}: ${m.rejectedBy!.policy}`, async () => {
                    const found = await mandatory(stack, m);
                    assert.ok(
                        found.some(
                            f =>
                                f.policy === m.rejectedBy!.policy &&
                                f.message.includes(m.rejectedBy!.says),
                        ),
                        `expected ${m.rejectedBy!.policy} saying ${JSON.stringify(m.rejectedBy!.says)}; got ${JSON.stringify(found.map(formatFinding))}`,
                    );
                });
            }
        });
        describe(`${stack}: harmless changes that must pass`, () => {
            for (const m of HARMLESS) {
                it(m.what, async () =>
                    assert.deepStrictEqual((await mandatory(stack, m)).map(formatFinding), []),
                );
            }
        });
    }

    // In preview the documents' ARNs are unknown (the program passes them as objects with Output
    // leaves): the resource rules still read their statements, so preview blocks what up would.
    const PREVIEW_POLICIES = ["iam-no-wildcard-permissions", "sns-topic-policy-not-public"];
    for (const stack of ["dev", "prod"]) {
        describe(`${stack} in preview: changes the resource rules must reject before deploy`, () => {
            let previewed: readonly RecordedResource[];
            before(async () => {
                previewed = (
                    await buildOffline(
                        stack,
                        stack === "dev"
                            ? { edit: onDeviceDefender, preview: true }
                            : { preview: true },
                    )
                ).engine.resources;
            });
            for (const m of LET_THROUGH.filter(x =>
                PREVIEW_POLICIES.includes(x.rejectedBy!.policy),
            )) {
                it(`${m.what}: ${m.rejectedBy!.policy}, not a "can't run" note`, async () => {
                    const s = new Stack(previewed);
                    m.mutate(s);
                    const result = await evaluate(s.records, {
                        config: readPackConfig(configFile(stack)),
                        stack,
                        preview: true,
                    });
                    const mine = result.findings.filter(f => f.policy === m.rejectedBy!.policy);
                    assert.ok(
                        mine.some(f => !f.unknown && f.message.includes(m.rejectedBy!.says)),
                        `expected ${m.rejectedBy!.policy} saying ${JSON.stringify(m.rejectedBy!.says)}; got ${JSON.stringify(mine.map(formatFinding))}`,
                    );
                    assert.deepStrictEqual(mine.filter(f => f.unknown).map(formatFinding), []);
                });
            }
        });
    }

    it("covers 16 classes of mutants that got through and 2 harmless changes, on both stacks: 36 stack mutants", () => {
        const total = (LET_THROUGH.length + HARMLESS.length) * 2;
        console.log(
            `      mutants: ${LET_THROUGH.length} rejected + ${HARMLESS.length} harmless, on dev and prod = ${total}`,
        );
        assert.strictEqual(LET_THROUGH.length, 16);
        assert.strictEqual(HARMLESS.length, 2);
        assert.strictEqual(total, 36);
    });
});
