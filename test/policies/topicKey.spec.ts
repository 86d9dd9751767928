import { alertTargetRole } from "../../policies/rules/alerting";
import { administers, KEY_ARN, keyUse, publish, stack, useKey } from "./alertingStack";
import {
    ACCOUNT,
    assertFails,
    assertPasses,
    assertUnknownOnly,
    checkStack,
    policyDoc,
    ROLE_ARN,
    StackResource,
    TOPIC_ARN,
    UNKNOWN,
    urnOf,
} from "./helpers";
import { checkStackOnServer } from "./onServer";
import * as assert from "assert";

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
