import * as assert from "assert";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

describe("values that only fit or clash with the stack itself", () => {
    it("environment must be the stack's name: a copied stack file would share the original's physical names", () => {
        assertProblem(
            configProblems("prod", v => {
                v["iot-defender:environment"] = "dev";
            }),
            "iot-defender:environment",
            'must be the stack\'s name, "prod"',
            "a copied stack file",
            'got "dev"',
        );
    });

    it("a scheduled audit name that makes the physical name longer than the API allows names the config key", () => {
        const long = "a".repeat(120);
        const problems = configProblems("prod", v =>
            editJson(v, "audit", a => {
                a.schedules[1].name = long;
            }),
        );
        assertProblem(
            problems,
            "iot-defender:audit.schedules[1].name",
            `iot-defender-prod-${long}`,
            "138 characters long; the API allows at most 128",
            "may have at most 110",
        );
        assert.ok(!problems.some(p => p.includes("scheduledAuditName")), problems.join("\n"));
        const fits = stackSettings("prod", v =>
            editJson(v, "audit", a => {
                a.schedules[1].name = "a".repeat(110);
            }),
        );
        assert.strictEqual(fits.audit.schedules[1].name.length, 110);
    });

    it("an sqsQueueArn in another region than aws:region", () => {
        assertProblem(
            configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.sqsQueueArn = "arn:aws:sqs:us-east-1:123456789012:alerts";
                }),
            ),
            "iot-defender:alerting.sqsQueueArn",
            "is in us-east-1, not in the stack's region eu-west-1",
        );
    });

    it("an sqsQueueArn in another account than aws:allowedAccountIds, when the stack names its account", () => {
        const queue = (v: Record<string, string>) =>
            editJson(v, "alerting", a => {
                a.sqsQueueArn = "arn:aws:sqs:eu-west-1:210987654321:alerts";
            });
        assertProblem(
            configProblems("dev", v => {
                queue(v);
                v["aws:allowedAccountIds"] = JSON.stringify(["123456789012"]);
            }),
            "iot-defender:alerting.sqsQueueArn",
            "is in account 210987654321, not in the stack's account (aws:allowedAccountIds: 123456789012)",
        );
        // Without a known account there is nothing to hold it against.
        assert.ok(stackSettings("dev", queue).alerting.sqsQueueArn);
    });

    it("the stack's own quarantine group as a Detect target", () => {
        assertProblem(
            configProblems("prod", v =>
                editJson(v, "detect", d => {
                    d.targets.thingGroups.push("iot-defender-prod-quarantine");
                }),
            ),
            "iot-defender:detect.targets.thingGroups[2]",
            "is the stack's own quarantine group",
            '"iot-defender-prod-quarantine"',
        );
    });
});
