import { alertTargetRole } from "../../policies/rules/alerting";
import {
    administers,
    KEY_ARN,
    keyPolicy,
    keyUse,
    publish,
    PUBLISHER_URN,
    roleGrants,
    stack,
    StackEdit,
    useKey,
    withoutIamKeyGrant,
    without,
} from "./alertingStack";
import {
    ACCOUNT,
    assertFails,
    assertPasses,
    assertUnknownOnly,
    checkStack,
    ROLE_ARN,
    TOPIC_ARN,
    UNKNOWN,
} from "./helpers";
import { checkStackOnServer } from "./onServer";
import * as assert from "assert";

describe("stack policy iot-alert-target-role-can-publish: the topic's KMS key (mandatory)", () => {
    const p = alertTargetRole;
    it("passes a role the key policy itself allows, without an IAM grant", async () =>
        assertPasses(await checkStack(p, stack(withoutIamKeyGrant, keyPolicy(keyUse(ROLE_ARN))))));
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
        const viaAlias: StackEdit = r => {
            r.topic.props.kmsMasterKeyId = "alias/alerts";
            r.alias = {
                type: "aws:kms/alias:Alias",
                name: "alias",
                props: { name: "alias/alerts", targetKeyId: "k1" },
            };
        };
        assertPasses(await checkStack(p, stack(viaAlias)));
        assertFails(
            await checkStack(p, stack(viaAlias, withoutIamKeyGrant)),
            "is not allowed kms:GenerateDataKey and kms:Decrypt on " + KEY_ARN,
        );
    });
    it("rejects a role allowed neither by its IAM policies nor by the key policy", async () => {
        const o = await checkStackOnServer(p, stack(withoutIamKeyGrant));
        assertFails(
            o,
            `security profile profile: role publisher is not allowed kms:GenerateDataKey and kms:Decrypt on ${KEY_ARN}, the KMS key of topic ${TOPIC_ARN}`,
        );
        assert.strictEqual(o.violations[0].urn, PUBLISHER_URN);
    });
    it("rejects an IAM grant on a key whose policy does not delegate to IAM", async () =>
        assertFails(
            await checkStack(
                p,
                stack(keyPolicy(keyUse(`arn:aws:iam::${ACCOUNT}:role/someone-else`))),
            ),
            "is not allowed kms:GenerateDataKey and kms:Decrypt",
        ));
    it("rejects a role the key policy denies, and a grant of Decrypt alone", async () => {
        assertFails(
            await checkStack(p, stack(keyPolicy(administers, keyUse(ROLE_ARN, "Deny")))),
            "is not allowed kms:GenerateDataKey and kms:Decrypt",
        );
        assertFails(
            await checkStack(p, stack(roleGrants(publish, { ...useKey, Action: "kms:Decrypt" }))),
            "is not allowed kms:GenerateDataKey on",
        );
    });
    it("does not check a key that is not in the stack, or an unencrypted topic", async () => {
        assertPasses(await checkStack(p, stack(withoutIamKeyGrant, without("key"))));
        assertPasses(
            await checkStack(
                p,
                stack(withoutIamKeyGrant, r => {
                    delete r.topic.props.kmsMasterKeyId;
                }),
            ),
        );
    });
    it("reports nothing while the key policy or the topic's key is unknown (preview)", async () => {
        assertUnknownOnly(
            await checkStack(
                p,
                stack(withoutIamKeyGrant, r => {
                    r.key.props.policy = UNKNOWN;
                }),
            ),
        );
        assertUnknownOnly(
            await checkStack(
                p,
                stack(withoutIamKeyGrant, r => {
                    r.topic.props.kmsMasterKeyId = UNKNOWN;
                }),
            ),
        );
    });
});
