import * as assert from "assert";
import {
    alertTargetProblems,
    arnProblem,
    ROLE_ARN,
    roleArnProblem,
    TOPIC_ARN,
} from "../../../components/facts";

const ROLE = "arn:aws:iam::123456789012:role/dd-publisher";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:dd-alerts";

describe("ARN validators (one for roles, one for alert targets, read by providers and policies)", () => {
    it("accepts an IAM role ARN in any partition, with a path", () => {
        assert.strictEqual(roleArnProblem(ROLE), undefined);
        assert.strictEqual(
            roleArnProblem("arn:aws-us-gov:iam::123456789012:role/ops/dd-publisher"),
            undefined,
        );
    });

    it("names what is wrong with a role ARN: missing, not a string, length, format", () => {
        assert.strictEqual(roleArnProblem(undefined), "missing");
        assert.strictEqual(roleArnProblem("  "), "missing");
        assert.strictEqual(roleArnProblem(42), "not-a-string");
        assert.strictEqual(roleArnProblem("arn:short"), "length");
        assert.strictEqual(roleArnProblem(`${ROLE}${"x".repeat(ROLE_ARN.max)}`), "length");
        assert.strictEqual(roleArnProblem(TOPIC), "format");
    });

    it("holds an SNS topic ARN to the API's SnsTopicArn length and the topic format", () => {
        assert.strictEqual(arnProblem(TOPIC, TOPIC_ARN), undefined);
        assert.strictEqual(arnProblem(ROLE, TOPIC_ARN), "format");
        assert.strictEqual(arnProblem(`${TOPIC}${"x".repeat(TOPIC_ARN.max)}`, TOPIC_ARN), "length");
    });

    it("judges an alert target's topic and role, in that order, skipping values not known yet", () => {
        assert.deepStrictEqual(alertTargetProblems({ topicArn: TOPIC, roleArn: ROLE }), []);
        assert.deepStrictEqual(
            alertTargetProblems({ topicArn: ROLE, roleArn: undefined }).map(p => [
                p.field,
                p.problem,
            ]),
            [
                ["topicArn", "format"],
                ["roleArn", "missing"],
            ],
        );
        const unknown = "(unknown)";
        assert.deepStrictEqual(
            alertTargetProblems({ topicArn: unknown, roleArn: "nope" }, v => v === unknown).map(
                p => p.field,
            ),
            ["roleArn"],
        );
    });
});
