import {
    DYNAMIC_TYPES,
    MANAGED_POLICIES,
    managedPolicyArn,
    MITIGATION_ACTIONS,
} from "../../components/facts";
import { alertTargetRole } from "../../policies/rules/alerting";
import {
    attachedOnly,
    KEY_ARN,
    keyPolicyAllowsRole,
    PUBLISHER_URN,
    roleGrants,
    stack,
    useKey,
    without,
} from "./alertingStack";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    checkStack,
    policyDoc,
    StackResource,
    TOPIC_ARN,
    trustPolicy,
    UNKNOWN,
} from "./helpers";
import { checkStackOnServer } from "./onServer";
import * as assert from "assert";

describe("stack policy iot-alert-target-role-can-publish (mandatory)", () => {
    const p = alertTargetRole;
    it("passes a role of the stack that IoT assumes and that may publish to the topic", async () =>
        assertPasses(await checkStack(p, stack())));
    it("passes a grant through an attached customer-managed policy", async () =>
        assertPasses(
            await checkStack(
                p,
                stack(attachedOnly(`arn:aws:iam::${ACCOUNT}:policy/pub`), r => {
                    r.policy = {
                        type: "aws:iam/policy:Policy",
                        name: "pol",
                        props: {
                            arn: `arn:aws:iam::${ACCOUNT}:policy/pub`,
                            policy: policyDoc(
                                {
                                    Effect: "Allow",
                                    Action: ["sns:Pub*"],
                                    Resource: "arn:aws:sns:*:*:alerts",
                                },
                                useKey,
                            ),
                        },
                    };
                }),
            ),
        ));
    describe("AWS-managed policies whose grants are known", () => {
        const PUBLISH_FINDINGS = MITIGATION_ACTIONS.PUBLISH_FINDING_TO_SNS.policy;
        /** The publisher role's only IAM grant is `policyArn`; the key policy lets it use the key. */
        const onlyAttached = (policyArn: string) =>
            stack(attachedOnly(policyArn), keyPolicyAllowsRole);
        it("passes a role whose only attachment is the publish-findings mitigation policy (sns:Publish on *)", async () =>
            assertPasses(await checkStack(p, onlyAttached(managedPolicyArn(PUBLISH_FINDINGS)))));
        it("passes it as the role's managedPolicyArns, in any partition", async () =>
            assertPasses(
                await checkStack(
                    p,
                    stack(without("rolePolicy"), keyPolicyAllowsRole, r => {
                        r.role.props.managedPolicyArns = [
                            managedPolicyArn(PUBLISH_FINDINGS, "aws-us-gov"),
                        ];
                    }),
                ),
            ));
        it("still requires the key grant: that managed policy grants nothing on KMS keys", async () => {
            const o = await checkStack(p, stack(attachedOnly(managedPolicyArn(PUBLISH_FINDINGS))));
            assert.deepStrictEqual(
                o.violations.map(v => v.message),
                [
                    `security profile profile: role publisher is not allowed kms:GenerateDataKey and kms:Decrypt on ${KEY_ARN}, the KMS key of topic ${TOPIC_ARN} (neither by the key policy nor by its IAM policies where the key policy delegates to IAM): publishing to the encrypted topic fails`,
                ],
            );
        });
        it("rejects the recipe's role, whose only policy is AWSIoTDeviceDefenderAudit (no sns:Publish)", async () =>
            assertFails(
                await checkStackOnServer(p, onlyAttached(managedPolicyArn(MANAGED_POLICIES.audit))),
                `role publisher is not allowed sns:Publish on ${TOPIC_ARN}`,
            ));
        it("reports nothing while the attached policy's ARN is unknown (preview)", async () =>
            assertUnknownOnly(await checkStack(p, onlyAttached(UNKNOWN))));
    });
    it("checks audit notification targets too", async () => {
        const o = await checkStack(
            p,
            stack(r => {
                r.audit = {
                    type: DYNAMIC_TYPES.AccountAudit,
                    name: "audit",
                    props: {
                        auditNotificationTargetConfigurations: {
                            SNS: {
                                targetArn: TOPIC_ARN,
                                roleArn: `arn:aws:iam::${ACCOUNT}:role/elsewhere`,
                                enabled: true,
                            },
                        },
                    },
                };
            }),
        );
        assertFails(
            o,
            "audit notifications of audit: alert target role arn:aws:iam::123456789012:role/elsewhere is not an IAM role of this stack",
        );
        assert.strictEqual(
            o.violations[0].urn,
            `urn:pulumi:test::iot-defender::${DYNAMIC_TYPES.AccountAudit}::audit`,
        );
    });
    it("rejects a role outside the stack", async () =>
        assertFails(
            await checkStack(p, stack(without("role"))),
            "is not an IAM role of this stack",
        ));
    it("rejects a role IoT cannot assume", async () => {
        const o = await checkStack(
            p,
            stack(r => {
                r.role.props.assumeRolePolicy = trustPolicy().replace(
                    "iot.amazonaws.com",
                    "lambda.amazonaws.com",
                );
            }),
        );
        assertFails(o, "cannot be assumed by iot.amazonaws.com");
        assert.strictEqual(o.violations[0].urn, PUBLISHER_URN);
    });
    it("rejects a role allowed to publish only to another topic", async () =>
        assertFails(
            await checkStack(
                p,
                stack(
                    roleGrants({
                        Effect: "Allow",
                        Action: "sns:Publish",
                        Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:other`,
                    }),
                ),
            ),
            "is not allowed sns:Publish on " + TOPIC_ARN,
        ));
    it("rejects a grant an explicit Deny takes away", async () =>
        assertFails(
            await checkStack(
                p,
                stack(
                    roleGrants({ Effect: "Allow", Action: "sns:*", Resource: TOPIC_ARN }, useKey, {
                        Effect: "Deny",
                        Action: "sns:Publish",
                        Resource: "*",
                    }),
                ),
            ),
            "is not allowed sns:Publish",
        ));
    it("rejects a topic that is not in the stack, unless requireTopicInStack is off", async () => {
        const s = stack(without("topic"));
        assertFails(await checkStack(p, s), "is not an SNS topic of this stack");
        assertPasses(await checkStack(p, s, { requireTopicInStack: false }));
    });
    it("does not apply to a stack without alert targets", async () =>
        assertNotApplicable(await checkStack(p, stack(without("profile")))));
    it("reports nothing while the alert targets are unknown (preview)", async () =>
        assertUnknownOnly(
            await checkStack(
                p,
                stack(r => {
                    r.profile.props.alertTargets = UNKNOWN;
                }),
            ),
        ));
    it("checks the known targets and still notes that another profile's targets are unknown (preview)", async () => {
        const unknownProfile = (name: string): StackResource => ({
            type: DYNAMIC_TYPES.SecurityProfile,
            name,
            props: { securityProfileName: name, alertTargets: UNKNOWN },
        });
        assertUnknownOnly(
            await checkStack(
                p,
                stack(r => {
                    r.other = unknownProfile("ml");
                }),
            ),
        );
        const o = await checkStack(
            p,
            stack(r => {
                r.profile.props.alertTargets = {
                    SNS: {
                        alertTargetArn: TOPIC_ARN,
                        roleArn: `arn:aws:iam::${ACCOUNT}:role/elsewhere`,
                    },
                };
                r.other = unknownProfile("ml");
            }),
        );
        assertFails(
            o,
            "security profile profile: alert target role arn:aws:iam::123456789012:role/elsewhere is not an IAM role of this stack",
        );
        assert.ok(o.unknown, "the unknown targets of ml are noted too");
    });
    it("reports nothing while the roles' ARNs and the grants are unknown (preview)", async () =>
        assertUnknownOnly(
            await checkStack(
                p,
                stack(r => {
                    r.role.props = {
                        assumeRolePolicy: trustPolicy(),
                        name: UNKNOWN,
                        arn: UNKNOWN,
                        id: UNKNOWN,
                    };
                    r.rolePolicy.props = { role: UNKNOWN, policy: UNKNOWN };
                }),
            ),
        ));
});
