import { iotTrustConfusedDeputy, iotTrustOwnAccount } from "../../policies/rules/trust";
import {
    ACCOUNT,
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    checkStack,
    policyDoc,
    trustPolicy,
    UNKNOWN,
} from "./helpers";
import { checkOnServer, checkStackOnServer } from "./onServer";

const ROLE = "aws:iam/role:Role",
    POLICY = "aws:iam/policy:Policy";

describe("policy iam-iot-trust-confused-deputy (mandatory)", () => {
    const p = iotTrustConfusedDeputy;
    it("passes an IoT trust limited by aws:SourceAccount", async () =>
        assertPasses(await check(p, ROLE, { assumeRolePolicy: trustPolicy() })));
    it("passes aws:SourceArn in any case and operator", async () =>
        assertPasses(
            await check(p, ROLE, {
                assumeRolePolicy: policyDoc({
                    Effect: "Allow",
                    Principal: { Service: ["iot.amazonaws.com"] },
                    Action: "sts:AssumeRole",
                    Condition: {
                        ArnLike: { "AWS:SourceArn": "arn:aws:iot:eu-west-1:123456789012:*" },
                    },
                }),
            }),
        ));
    it("rejects an IoT trust without a confused-deputy condition", async () =>
        assertFails(
            await checkOnServer(p, ROLE, { assumeRolePolicy: trustPolicy(false) }),
            "without an aws:SourceAccount or aws:SourceArn condition",
        ));
    it("does not apply to roles other services assume, or to other resources", async () => {
        assertNotApplicable(
            await check(p, ROLE, {
                assumeRolePolicy: trustPolicy(false).replace(
                    "iot.amazonaws.com",
                    "lambda.amazonaws.com",
                ),
            }),
        );
        assertNotApplicable(await check(p, POLICY, {}));
    });
    it("reports nothing while the trust policy is unknown (preview)", async () =>
        assertUnknownOnly(await check(p, ROLE, { assumeRolePolicy: UNKNOWN })));

    describe("the condition must name an account", () => {
        const trustWith = (condition: Record<string, unknown>) => ({
            assumeRolePolicy: policyDoc({
                Sid: "Iot",
                Effect: "Allow",
                Principal: { Service: "iot.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: condition,
            }),
        });
        it('rejects aws:SourceAccount "*", naming the condition', async () =>
            assertFails(
                await check(p, ROLE, trustWith({ StringEquals: { "aws:SourceAccount": "*" } })),
                `trust statement Iot lets iot.amazonaws.com assume the role for any account: its condition (StringEquals aws:SourceAccount "*") names no account`,
            ));
        it('rejects aws:SourceArn "*" and an ARN whose account is a wildcard', async () => {
            assertFails(
                await check(p, ROLE, trustWith({ ArnLike: { "aws:SourceArn": "*" } })),
                "names no account",
            );
            assertFails(
                await check(
                    p,
                    ROLE,
                    trustWith({ ArnLike: { "aws:SourceArn": "arn:aws:iot:*:*:*" } }),
                ),
                "names no account",
            );
        });
        it("rejects a list with one wildcard, a pattern for the account, and negated or Null operators", async () => {
            assertFails(
                await check(
                    p,
                    ROLE,
                    trustWith({ StringEquals: { "aws:SourceAccount": [ACCOUNT, "*"] } }),
                ),
                "names no account",
            );
            assertFails(
                await check(p, ROLE, trustWith({ StringLike: { "aws:SourceAccount": "1234*" } })),
                "names no account",
            );
            assertFails(
                await check(
                    p,
                    ROLE,
                    trustWith({ StringNotEquals: { "aws:SourceAccount": ACCOUNT } }),
                ),
                "names no account",
            );
            assertFails(
                await check(p, ROLE, trustWith({ Null: { "aws:SourceAccount": "false" } })),
                "names no account",
            );
        });
        it("passes concrete accounts, and an ARN pattern with a concrete account", async () => {
            assertPasses(
                await check(
                    p,
                    ROLE,
                    trustWith({ StringEquals: { "aws:SourceAccount": [ACCOUNT, "210987654321"] } }),
                ),
            );
            assertPasses(
                await check(
                    p,
                    ROLE,
                    trustWith({ ArnLike: { "aws:SourceArn": `arn:aws:iot:*:${ACCOUNT}:*` } }),
                ),
            );
            assertPasses(
                await check(
                    p,
                    ROLE,
                    trustWith({
                        StringEquals: { "aws:SourceAccount": "*" },
                        ArnEquals: {
                            "aws:SourceArn": `arn:aws:iot:eu-west-1:${ACCOUNT}:all/things`,
                        },
                    }),
                ),
            );
        });
    });
});

describe("trust to everyone, and to another account", () => {
    const iotTrust = JSON.parse(trustPolicy()).Statement[0];
    const everyone = { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" };
    it('rejects an IoT-trusted role that also trusts {"AWS": "*"} or "*", unless an account is named', async () => {
        assertFails(
            await checkOnServer(iotTrustConfusedDeputy, ROLE, {
                assumeRolePolicy: policyDoc(iotTrust, everyone),
            }),
            "lets any AWS principal assume the role",
        );
        assertFails(
            await check(iotTrustConfusedDeputy, ROLE, {
                assumeRolePolicy: policyDoc(iotTrust, { ...everyone, Principal: "*" }),
            }),
            "lets any AWS principal",
        );
        assertPasses(
            await check(iotTrustConfusedDeputy, ROLE, {
                assumeRolePolicy: policyDoc(iotTrust, {
                    ...everyone,
                    Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
                }),
            }),
        );
    });
    const role = (account: string, arn: unknown = `arn:aws:iam::${ACCOUNT}:role/r`) => ({
        type: ROLE,
        name: "r",
        props: {
            arn,
            assumeRolePolicy: policyDoc({
                ...iotTrust,
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            }),
        },
    });
    it("iam-iot-trust-own-account rejects an IoT trust naming another account than the role's", async () => {
        assertFails(
            await checkStackOnServer(iotTrustOwnAccount, [role("999999999999")]),
            "for account 999999999999",
        );
        assertPasses(await checkStack(iotTrustOwnAccount, [role(ACCOUNT)]));
        assertUnknownOnly(
            await checkStackOnServer(iotTrustOwnAccount, [role("999999999999", UNKNOWN)]),
        );
    });
});
