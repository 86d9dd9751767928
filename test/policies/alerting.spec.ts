import {
    DYNAMIC_TYPES,
    MANAGED_POLICIES,
    managedPolicyArn,
    MITIGATION_ACTIONS,
} from "../../components/facts";
import { alertTargetRole, kmsKeyRotation, snsTopicKms } from "../../policies/rules/alerting";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    checkStack,
    policyDoc,
    ROLE_ARN,
    StackResource,
    TOPIC_ARN,
    trustPolicy,
    UNKNOWN,
    urnOf,
} from "./helpers";
import { checkOnServer, checkStackOnServer } from "./onServer";
import * as assert from "assert";

const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const publish = { Effect: "Allow", Action: "sns:Publish", Resource: TOPIC_ARN };
const useKey = {
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: KEY_ARN,
};
/** A key-policy statement letting `principal` use the key. */
const keyUse = (principal: string, effect = "Allow") => ({
    Effect: effect,
    Principal: { AWS: principal },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
});
const administers = {
    Sid: "AccountAdministers",
    Effect: "Allow",
    Principal: { AWS: ROOT },
    Action: "kms:*",
    Resource: "*",
};

/**
 * A stack whose profile alerts a topic through a role that may publish there: sns:Publish on the
 * topic, and kms:GenerateDataKey*, kms:Decrypt on its key (the key policy delegates to IAM).
 */
function stack(
    edit: (r: Record<string, StackResource>) => void = () => undefined,
): StackResource[] {
    const r: Record<string, StackResource> = {
        key: {
            type: "aws:kms/key:Key",
            name: "key",
            props: { arn: KEY_ARN, keyId: "k1", id: "k1", policy: policyDoc(administers) },
        },
        topic: {
            type: "aws:sns/topic:Topic",
            name: "topic",
            props: { name: "alerts", arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN },
        },
        role: {
            type: "aws:iam/role:Role",
            name: "publisher",
            props: {
                name: "publisher",
                id: "publisher",
                arn: ROLE_ARN,
                assumeRolePolicy: trustPolicy(),
            },
        },
        rolePolicy: {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "publisher-policy",
            props: { role: "publisher", policy: policyDoc(publish, useKey) },
        },
        profile: {
            type: DYNAMIC_TYPES.SecurityProfile,
            name: "profile",
            props: {
                securityProfileName: "p",
                alertTargets: { SNS: { alertTargetArn: TOPIC_ARN, roleArn: ROLE_ARN } },
            },
        },
    };
    edit(r);
    return Object.values(r);
}

describe("stack policy iot-alert-target-role-can-publish (mandatory)", () => {
    const p = alertTargetRole;
    it("passes a role of the stack that IoT assumes and that may publish to the topic", async () =>
        assertPasses(await checkStack(p, stack())));
    it("passes a grant through an attached customer-managed policy", async () =>
        assertPasses(
            await checkStack(
                p,
                stack(r => {
                    delete (r as Partial<typeof r>).rolePolicy;
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
                    r.attach = {
                        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                        name: "att",
                        props: {
                            role: "publisher",
                            policyArn: `arn:aws:iam::${ACCOUNT}:policy/pub`,
                        },
                    };
                }),
            ),
        ));
    describe("AWS-managed policies whose grants are known", () => {
        const PUBLISH_FINDINGS = MITIGATION_ACTIONS.PUBLISH_FINDING_TO_SNS.policy;
        /** The publisher role's only IAM grant is `policyArn`, attached by a RolePolicyAttachment; the key policy lets it use the key. */
        const attachedOnly = (policyArn: string, keyPolicyAllowsRole = true) =>
            stack(r => {
                delete (r as Partial<typeof r>).rolePolicy;
                r.attach = {
                    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    name: "att",
                    props: { role: "publisher", policyArn },
                };
                if (keyPolicyAllowsRole)
                    r.key.props.policy = policyDoc(administers, keyUse(ROLE_ARN));
            });
        it("passes a role whose only attachment is the publish-findings mitigation policy (sns:Publish on *)", async () =>
            assertPasses(await checkStack(p, attachedOnly(managedPolicyArn(PUBLISH_FINDINGS)))));
        it("passes it as the role's managedPolicyArns, in any partition", async () =>
            assertPasses(
                await checkStack(
                    p,
                    stack(r => {
                        delete (r as Partial<typeof r>).rolePolicy;
                        r.role.props.managedPolicyArns = [
                            managedPolicyArn(PUBLISH_FINDINGS, "aws-us-gov"),
                        ];
                        r.key.props.policy = policyDoc(administers, keyUse(ROLE_ARN));
                    }),
                ),
            ));
        it("still requires the key grant: that managed policy grants nothing on KMS keys", async () => {
            const o = await checkStack(p, attachedOnly(managedPolicyArn(PUBLISH_FINDINGS), false));
            assert.deepStrictEqual(
                o.violations.map(v => v.message),
                [
                    `security profile profile: role publisher is not allowed kms:GenerateDataKey and kms:Decrypt on ${KEY_ARN}, the KMS key of topic ${TOPIC_ARN} (neither by the key policy nor by its IAM policies where the key policy delegates to IAM): publishing to the encrypted topic fails`,
                ],
            );
        });
        it("rejects the recipe's role, whose only policy is AWSIoTDeviceDefenderAudit (no sns:Publish)", async () =>
            assertFails(
                await checkStackOnServer(p, attachedOnly(managedPolicyArn(MANAGED_POLICIES.audit))),
                `role publisher is not allowed sns:Publish on ${TOPIC_ARN}`,
            ));
        it("reports nothing while the attached policy's ARN is unknown (preview)", async () =>
            assertUnknownOnly(await checkStack(p, attachedOnly(UNKNOWN))));
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
            await checkStack(
                p,
                stack(r => {
                    delete (r as Partial<typeof r>).role;
                }),
            ),
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
        assert.strictEqual(
            o.violations[0].urn,
            urnOf({ type: "aws:iam/role:Role", name: "publisher", props: {} }),
        );
    });
    it("rejects a role allowed to publish only to another topic", async () =>
        assertFails(
            await checkStack(
                p,
                stack(r => {
                    r.rolePolicy.props.policy = policyDoc({
                        Effect: "Allow",
                        Action: "sns:Publish",
                        Resource: `arn:aws:sns:eu-west-1:${ACCOUNT}:other`,
                    });
                }),
            ),
            "is not allowed sns:Publish on " + TOPIC_ARN,
        ));
    it("rejects a grant an explicit Deny takes away", async () =>
        assertFails(
            await checkStack(
                p,
                stack(r => {
                    r.rolePolicy.props.policy = policyDoc(
                        { Effect: "Allow", Action: "sns:*", Resource: TOPIC_ARN },
                        useKey,
                        { Effect: "Deny", Action: "sns:Publish", Resource: "*" },
                    );
                }),
            ),
            "is not allowed sns:Publish",
        ));
    it("rejects a topic that is not in the stack, unless requireTopicInStack is off", async () => {
        const s = stack(r => {
            delete (r as Partial<typeof r>).topic;
        });
        assertFails(await checkStack(p, s), "is not an SNS topic of this stack");
        assertPasses(await checkStack(p, s, { requireTopicInStack: false }));
    });
    it("does not apply to a stack without alert targets", async () =>
        assertNotApplicable(
            await checkStack(
                p,
                stack(r => {
                    delete (r as Partial<typeof r>).profile;
                }),
            ),
        ));
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

describe("stack policy iot-alert-target-role-can-publish: the topic's KMS key (mandatory)", () => {
    const p = alertTargetRole;
    const withoutIamKeyGrant = (r: Record<string, StackResource>) => {
        r.rolePolicy.props.policy = policyDoc(publish);
    };
    it("passes a role the key policy itself allows, without an IAM grant", async () =>
        assertPasses(
            await checkStack(
                p,
                stack(r => {
                    withoutIamKeyGrant(r);
                    r.key.props.policy = policyDoc(keyUse(ROLE_ARN));
                }),
            ),
        ));
    it("passes an IAM grant on a key without a key policy of its own (AWS's default delegates to IAM)", async () =>
        assertPasses(
            await checkStack(
                p,
                stack(r => {
                    delete r.key.props.policy;
                }),
            ),
        ));
    it("finds the key through an alias of the stack", async () => {
        const viaAlias = (edit: (r: Record<string, StackResource>) => void) =>
            stack(r => {
                r.topic.props.kmsMasterKeyId = "alias/alerts";
                r.alias = {
                    type: "aws:kms/alias:Alias",
                    name: "alias",
                    props: { name: "alias/alerts", targetKeyId: "k1" },
                };
                edit(r);
            });
        assertPasses(
            await checkStack(
                p,
                viaAlias(() => undefined),
            ),
        );
        assertFails(
            await checkStack(p, viaAlias(withoutIamKeyGrant)),
            "is not allowed kms:GenerateDataKey and kms:Decrypt on " + KEY_ARN,
        );
    });
    it("rejects a role allowed neither by its IAM policies nor by the key policy", async () => {
        const o = await checkStackOnServer(p, stack(withoutIamKeyGrant));
        assertFails(
            o,
            `security profile profile: role publisher is not allowed kms:GenerateDataKey and kms:Decrypt on ${KEY_ARN}, the KMS key of topic ${TOPIC_ARN}`,
        );
        assert.strictEqual(
            o.violations[0].urn,
            urnOf({ type: "aws:iam/role:Role", name: "publisher", props: {} }),
        );
    });
    it("rejects an IAM grant on a key whose policy does not delegate to IAM", async () =>
        assertFails(
            await checkStack(
                p,
                stack(r => {
                    r.key.props.policy = policyDoc(
                        keyUse(`arn:aws:iam::${ACCOUNT}:role/someone-else`),
                    );
                }),
            ),
            "is not allowed kms:GenerateDataKey and kms:Decrypt",
        ));
    it("rejects a role the key policy denies, and a grant of Decrypt alone", async () => {
        assertFails(
            await checkStack(
                p,
                stack(r => {
                    r.key.props.policy = policyDoc(administers, keyUse(ROLE_ARN, "Deny"));
                }),
            ),
            "is not allowed kms:GenerateDataKey and kms:Decrypt",
        );
        assertFails(
            await checkStack(
                p,
                stack(r => {
                    r.rolePolicy.props.policy = policyDoc(publish, {
                        ...useKey,
                        Action: "kms:Decrypt",
                    });
                }),
            ),
            "is not allowed kms:GenerateDataKey on",
        );
    });
    it("does not check a key that is not in the stack, or an unencrypted topic", async () => {
        assertPasses(
            await checkStack(
                p,
                stack(r => {
                    withoutIamKeyGrant(r);
                    delete (r as Partial<typeof r>).key;
                }),
            ),
        );
        assertPasses(
            await checkStack(
                p,
                stack(r => {
                    withoutIamKeyGrant(r);
                    delete r.topic.props.kmsMasterKeyId;
                }),
            ),
        );
    });
    it("reports nothing while the key policy or the topic's key is unknown (preview)", async () => {
        assertUnknownOnly(
            await checkStack(
                p,
                stack(r => {
                    withoutIamKeyGrant(r);
                    r.key.props.policy = UNKNOWN;
                }),
            ),
        );
        assertUnknownOnly(
            await checkStack(
                p,
                stack(r => {
                    withoutIamKeyGrant(r);
                    r.topic.props.kmsMasterKeyId = UNKNOWN;
                }),
            ),
        );
    });
});

describe("policy sns-topic-kms-encrypted (mandatory)", () => {
    const p = snsTopicKms,
        T = "aws:sns/topic:Topic";
    it("passes a topic encrypted with a customer-managed key", async () =>
        assertPasses(await check(p, T, { kmsMasterKeyId: KEY_ARN })));
    it("rejects an unencrypted topic", async () =>
        assertFails(await checkOnServer(p, T, { name: "t" }), "not encrypted"));
    it("rejects the AWS-managed alias/aws/sns key, by alias or ARN", async () => {
        assertFails(
            await check(p, T, { kmsMasterKeyId: "alias/aws/sns" }),
            "CloudWatch alarm notifications to it are dropped",
        );
        assertFails(
            await check(p, T, { kmsMasterKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/aws/sns` }),
            "AWS-managed key",
        );
    });
    it("does not apply to other resources", async () =>
        assertNotApplicable(await check(p, "aws:kms/key:Key", {})));
    it("rejects a blank key id, and one that is not a string", async () => {
        assertFails(
            await check(p, T, { kmsMasterKeyId: "   " }),
            `kmsMasterKeyId "   " is blank, so the topic is not encrypted`,
        );
        assertFails(
            await check(p, T, { kmsMasterKeyId: 42 }),
            "kmsMasterKeyId 42 is not a KMS key id, key ARN or alias",
        );
    });
    it("counts a key unknown until deploy as set (preview): only the alias/aws/sns comparison waits", async () =>
        assertPasses(await check(p, T, { kmsMasterKeyId: UNKNOWN })));
    it("still rejects a missing key in preview", async () =>
        assertFails(await check(p, T, { name: UNKNOWN }), "not encrypted"));
});

describe("policy kms-key-rotation-enabled (mandatory)", () => {
    const p = kmsKeyRotation,
        K = "aws:kms/key:Key";
    it("passes a rotating key", async () =>
        assertPasses(await check(p, K, { enableKeyRotation: true })));
    it("rejects a key without rotation", async () =>
        assertFails(await checkOnServer(p, K, {}), "rotation is off"));
    it("does not apply to asymmetric keys or other resources", async () => {
        assertNotApplicable(await check(p, K, { customerMasterKeySpec: "RSA_2048" }));
        assertNotApplicable(await check(p, "aws:sns/topic:Topic", {}));
    });
    it("reports nothing while rotation is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, K, { enableKeyRotation: UNKNOWN })));
});
