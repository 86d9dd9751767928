/** The `securityHub` section: off by default, and nothing enabled that would have nothing to send. */
import * as assert from "assert";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

describe("config securityHub", () => {
    it("is off by default (dev), Security Hub itself never enabled unless asked", () => {
        assert.deepStrictEqual(stackSettings("dev").securityHub, {
            enabled: false,
            enableHub: false,
        });
    });

    it("prod sends Device Defender's findings to a Security Hub it does not enable", () => {
        assert.deepStrictEqual(stackSettings("prod").securityHub, {
            enabled: true,
            enableHub: false,
        });
    });

    it("refuses enableHub without enabled, naming both keys", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "securityHub", h => {
                h.enableHub = true;
            }),
        );
        assertProblem(problems, "iot-defender:securityHub.enableHub", "securityHub.enabled");
    });

    it("refuses enabled when the stack makes no Device Defender findings (no audit, logs engine)", () => {
        const problems = configProblems("dev", v => {
            editJson(v, "securityHub", h => {
                h.enabled = true;
            });
            editJson(v, "audit", a => {
                a.enabled = false;
            });
        });
        assertProblem(problems, "iot-defender:securityHub.enabled", "no Device Defender findings");
    });

    it("refuses a key it does not know", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "securityHub", h => {
                h.productArns = ["arn:aws:securityhub:eu-west-1::product/aws/guardduty"];
            }),
        );
        assert.ok(problems.some(p => p.includes("securityHub") && p.includes("productArns")));
    });
});
