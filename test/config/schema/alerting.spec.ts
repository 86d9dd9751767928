/**
 * Bad alerting config (components/config/schema/alerting.ts): recipients.
 */
import { assertProblem, configProblems, editJson } from "../../harness";

describe("stack configuration", () => {
    describe("rejects bad config, naming the key, the value and what is allowed", () => {
        it("a bad email address", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.emails = ["security-at-example.com"];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:alerting.emails[0]",
                "not a valid email",
                "allowed: an address like security@example.com",
                '"security-at-example.com"',
            );
        });

        it("an HTTPS endpoint that is not an https URL", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.httpsEndpoint = "http://hooks.example.com/iot";
                }),
            );
            assertProblem(
                problems,
                "iot-defender:alerting.httpsEndpoint",
                "allowed: an https:// URL",
                '"http://hooks.example.com/iot"',
            );
        });

        it("no alert recipient at all", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "alerting", a => {
                    a.emails = [];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:alerting.emails",
                "no alert recipient",
                "httpsEndpoint",
                "sqsQueueArn",
            );
        });
    });
});
