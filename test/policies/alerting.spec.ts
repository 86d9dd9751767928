import { DYNAMIC_TYPES } from "../../components/facts";
import { alertTargetRole, kmsKeyRotation, snsTopicKms } from "../../policies/rules/alerting";
import {
    ACCOUNT, assertFails, assertNotApplicable, assertPasses, assertUnknownOnly, check, checkStack, policyDoc, ROLE_ARN, StackResource,
    TOPIC_ARN, trustPolicy, UNKNOWN, urnOf,
} from "./helpers";
import * as assert from "assert";

const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;

/** A stack whose profile alerts a topic through a role that may publish there. */
function stack(edit: (r: Record<string, StackResource>) => void = () => undefined): StackResource[] {
    const r: Record<string, StackResource> = {
        topic: { type: "aws:sns/topic:Topic", name: "topic", props: { name: "alerts", arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN } },
        role: { type: "aws:iam/role:Role", name: "publisher", props: { name: "publisher", id: "publisher", arn: ROLE_ARN, assumeRolePolicy: trustPolicy() } },
        rolePolicy: { type: "aws:iam/rolePolicy:RolePolicy", name: "publisher-policy", props: {
            role: "publisher", policy: policyDoc({ Effect: "Allow", Action: "sns:Publish", Resource: TOPIC_ARN }),
        } },
        profile: { type: DYNAMIC_TYPES.SecurityProfile, name: "profile", props: {
            securityProfileName: "p", alertTargets: { SNS: { alertTargetArn: TOPIC_ARN, roleArn: ROLE_ARN } },
        } },
    };
    edit(r);
    return Object.values(r);
}

describe("stack policy iot-alert-target-role-can-publish (mandatory)", () => {
    const p = alertTargetRole;
    it("passes a role of the stack that IoT assumes and that may publish to the topic", async () => assertPasses(await checkStack(p, stack())));
    it("passes a grant through an attached customer-managed policy", async () => assertPasses(await checkStack(p, stack(r => {
        delete (r as Partial<typeof r>).rolePolicy;
        r.policy = { type: "aws:iam/policy:Policy", name: "pol", props: { arn: `arn:aws:iam::${ACCOUNT}:policy/pub`, policy: policyDoc({ Effect: "Allow", Action: ["sns:Pub*"], Resource: "arn:aws:sns:*:*:alerts" }) } };
        r.attach = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "att", props: { role: "publisher", policyArn: `arn:aws:iam::${ACCOUNT}:policy/pub` } };
    }))));
    it("checks audit notification targets too", async () => {
        const o = await checkStack(p, stack(r => {
            r.audit = { type: DYNAMIC_TYPES.AccountAuditConfiguration, name: "audit", props: {
                auditNotificationTargetConfigurations: { SNS: { targetArn: TOPIC_ARN, roleArn: `arn:aws:iam::${ACCOUNT}:role/elsewhere`, enabled: true } } } };
        }));
        assertFails(o, "audit notifications of audit: alert target role arn:aws:iam::123456789012:role/elsewhere is not an IAM role of this stack");
        assert.strictEqual(o.violations[0].urn, `urn:pulumi:test::iot-defender::${DYNAMIC_TYPES.AccountAuditConfiguration}::audit`);
    });
    it("rejects a role outside the stack", async () =>
        assertFails(await checkStack(p, stack(r => { delete (r as Partial<typeof r>).role; })), "is not an IAM role of this stack"));
    it("rejects a role IoT cannot assume", async () => {
        const o = await checkStack(p, stack(r => { r.role.props.assumeRolePolicy = trustPolicy().replace("iot.amazonaws.com", "lambda.amazonaws.com"); }));
        assertFails(o, "cannot be assumed by iot.amazonaws.com");
        assert.strictEqual(o.violations[0].urn, urnOf({ type: "aws:iam/role:Role", name: "publisher", props: {} }));
    });
    it("rejects a role allowed to publish only to another topic", async () => assertFails(await checkStack(p, stack(r => {
        r.rolePolicy.props.policy = policyDoc({ Effect: "Allow", Action: "sns:Publish", Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:other` });
    })), "is not allowed sns:Publish on " + TOPIC_ARN));
    it("rejects a grant an explicit Deny takes away", async () => assertFails(await checkStack(p, stack(r => {
        r.rolePolicy.props.policy = policyDoc({ Effect: "Allow", Action: "sns:*", Resource: TOPIC_ARN }, { Effect: "Deny", Action: "sns:Publish", Resource: "*" });
    })), "is not allowed sns:Publish"));
    it("rejects a topic that is not in the stack, unless requireTopicInStack is off", async () => {
        const s = stack(r => { delete (r as Partial<typeof r>).topic; });
        assertFails(await checkStack(p, s), "is not an SNS topic of this stack");
        assertPasses(await checkStack(p, s, { requireTopicInStack: false }));
    });
    it("does not apply to a stack without alert targets", async () =>
        assertNotApplicable(await checkStack(p, stack(r => { delete (r as Partial<typeof r>).profile; }))));
    it("reports nothing while the alert targets are unknown (preview)", async () =>
        assertUnknownOnly(await checkStack(p, stack(r => { r.profile.props.alertTargets = UNKNOWN; }))));
    it("reports nothing while the roles' ARNs and the grants are unknown (preview)", async () =>
        assertUnknownOnly(await checkStack(p, stack(r => {
            r.role.props = { assumeRolePolicy: trustPolicy(), name: UNKNOWN, arn: UNKNOWN, id: UNKNOWN };
            r.rolePolicy.props = { role: UNKNOWN, policy: UNKNOWN };
        }))));
});

describe("policy sns-topic-kms-encrypted (mandatory)", () => {
    const p = snsTopicKms, T = "aws:sns/topic:Topic";
    it("passes a topic encrypted with a customer-managed key", async () => assertPasses(await check(p, T, { kmsMasterKeyId: KEY_ARN })));
    it("rejects an unencrypted topic", async () => assertFails(await check(p, T, { name: "t" }), "not encrypted"));
    it("rejects the AWS-managed alias/aws/sns key, by alias or ARN", async () => {
        assertFails(await check(p, T, { kmsMasterKeyId: "alias/aws/sns" }), "CloudWatch alarm notifications to it are dropped");
        assertFails(await check(p, T, { kmsMasterKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/sns` }), "AWS-managed key");
    });
    it("does not apply to other resources", async () => assertNotApplicable(await check(p, "aws:kms/key:Key", {})));
    it("reports nothing while the key ARN is unknown (preview)", async () => assertUnknownOnly(await check(p, T, { kmsMasterKeyId: UNKNOWN })));
    it("still rejects a missing key in preview", async () => assertFails(await check(p, T, { name: UNKNOWN }), "not encrypted"));
});

describe("policy kms-key-rotation-enabled (mandatory)", () => {
    const p = kmsKeyRotation, K = "aws:kms/key:Key";
    it("passes a rotating key", async () => assertPasses(await check(p, K, { enableKeyRotation: true })));
    it("rejects a key without rotation", async () => assertFails(await check(p, K, {}), "rotation is off"));
    it("does not apply to asymmetric keys or other resources", async () => {
        assertNotApplicable(await check(p, K, { customerMasterKeySpec: "RSA_2048" }));
        assertNotApplicable(await check(p, "aws:sns/topic:Topic", {}));
    });
    it("reports nothing while rotation is unknown (preview)", async () => assertUnknownOnly(await check(p, K, { enableKeyRotation: UNKNOWN })));
});
