import { kmsKeyRotation, snsTopicKms } from "../../policies/rules/encryption";
import { KEY_ARN } from "./alertingStack";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";

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
