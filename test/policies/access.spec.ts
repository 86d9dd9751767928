/** Reading access as AWS does: which statements apply to a request, and what a condition can say. */
import * as assert from "assert";
import {
    accountOf,
    applies,
    conditionHolds,
    permits,
    Request,
    requestContext,
    testHolds,
} from "../../policies/rules/access";
import { ACCOUNT, ROLE_ARN, TOPIC_ARN } from "./helpers";

const NOW = new Date("2026-12-01T00:00:00Z");
const caller = { roleArn: ROLE_ARN };
const publish: Request = {
    caller,
    action: "sns:Publish",
    resource: TOPIC_ARN,
    context: requestContext(caller, TOPIC_ARN, NOW),
};
const allow = { Effect: "Allow", Action: "sns:Publish", Resource: TOPIC_ARN };

describe("access: statements applying to a request", () => {
    it("reads Action and NotAction, Resource and NotResource", () => {
        assert.ok(applies(allow, publish, false));
        assert.ok(applies({ Effect: "Deny", NotAction: "iam:*", Resource: "*" }, publish, false));
        assert.ok(!applies({ Effect: "Deny", NotAction: "sns:*", Resource: "*" }, publish, false));
        assert.ok(
            applies(
                { ...allow, Resource: undefined, NotResource: "arn:aws:sns:*:*:other" },
                publish,
                false,
            ),
        );
        assert.ok(!applies({ ...allow, Resource: "arn:aws:sns:*:*:other" }, publish, false));
    });
    it("reads a resource policy's Principal: the role itself or everyone, not its account (which delegates to IAM)", () => {
        assert.ok(applies({ ...allow, Principal: { AWS: ROLE_ARN } }, publish, true));
        assert.ok(applies({ ...allow, Principal: "*" }, publish, true));
        assert.ok(
            !applies(
                { ...allow, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
                publish,
                true,
            ),
        );
        assert.ok(
            !applies(
                { ...allow, Principal: { Service: "cloudwatch.amazonaws.com" } },
                publish,
                true,
            ),
        );
    });
    it("permits what the identity or the resource policy allows, unless a Deny may apply", () => {
        assert.ok(permits(publish, [allow]));
        assert.ok(permits(publish, [], [{ ...allow, Principal: { AWS: ROLE_ARN } }]));
        assert.ok(!permits(publish, [allow], [{ ...allow, Effect: "Deny", Principal: "*" }]));
        assert.ok(!permits(publish, []));
    });
});

describe("access: conditions", () => {
    const holds = (operator: string, key: string, values: unknown[]) =>
        testHolds({ operator, key, values }, publish.context);
    it("never hold when they name another principal or account, a past date, or no value", () => {
        assert.strictEqual(
            holds("StringEquals", "aws:PrincipalAccount", ["999999999999"]),
            "never",
        );
        assert.strictEqual(
            holds("ArnEquals", "aws:PrincipalArn", ["arn:aws:iam::1:role/x"]),
            "never",
        );
        assert.strictEqual(
            holds("DateLessThan", "aws:CurrentTime", ["2020-01-01T00:00:00Z"]),
            "never",
        );
        assert.strictEqual(holds("Bool", "aws:SecureTransport", ["false"]), "never");
        assert.strictEqual(holds("StringEquals", "aws:SourceIp", []), "never");
        assert.strictEqual(holds("Null", "aws:PrincipalArn", ["true"]), "never");
    });
    it("always hold when the known value matches, or a negated test excludes someone else", () => {
        assert.strictEqual(holds("StringEquals", "aws:PrincipalAccount", [ACCOUNT]), "always");
        assert.strictEqual(
            holds("StringNotEquals", "aws:PrincipalAccount", ["999999999999"]),
            "always",
        );
        assert.strictEqual(
            holds("ArnLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/pub*"]),
            "always",
        );
        assert.strictEqual(holds("DateGreaterThan", "aws:EpochTime", ["1577836800"]), "always");
    });
    it("may hold on keys the pack cannot know, in any case of the key", () => {
        assert.strictEqual(holds("IpAddress", "aws:SourceIp", ["10.0.0.0/8"]), "maybe");
        assert.strictEqual(
            holds("StringEquals", "AWS:PRINCIPALACCOUNT", ["999999999999"]),
            "never",
        );
        assert.strictEqual(
            conditionHolds(
                {
                    Condition: {
                        StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:SourceVpc": "v" },
                    },
                },
                publish.context,
            ),
            "maybe",
        );
    });
    it("read the account of an ARN", () => {
        assert.strictEqual(accountOf(ROLE_ARN), ACCOUNT);
        assert.strictEqual(accountOf("arn:aws:s3:::bucket"), undefined);
    });
});
