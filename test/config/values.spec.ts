import * as assert from "assert";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

const BEHAVIORS = "iot-defender:detect.rules.behaviors";

/** Adds one behavior to dev's rule profile. */
/** A behaviour added to dev's, on the Device Defender engine (which sees every metric). */
const addBehavior = (behavior: object) => (v: Record<string, string>) =>
    editJson(v, "detect", d => {
        d.engine = "device-defender";
        d.rules.behaviors.push({ name: "Extra", ...behavior });
    });

describe("values the schema's types allowed but the API (or a reader) would not", () => {
    it("CIDRs out of range: an octet above 255, a prefix above 32 (IPv4) or 128 (IPv6), not an address", () => {
        for (const cidr of [
            "999.1.1.1/40",
            "10.0.0.0/33",
            "2001:db8::/129",
            "10.0.0.0/8/1",
            "::::",
        ]) {
            assertProblem(
                configProblems(
                    "dev",
                    addBehavior({
                        metric: "aws:source-ip-address",
                        operator: "not-in-cidr-set",
                        cidrs: [cidr],
                    }),
                ),
                `${BEHAVIORS}[4].cidrs[0]`,
                "must be an IPv4 or IPv6 address with an optional /prefix",
                JSON.stringify(cidr),
            );
        }
        const s = stackSettings(
            "dev",
            addBehavior({
                metric: "aws:source-ip-address",
                operator: "not-in-cidr-set",
                cidrs: ["10.0.0.0/8", "192.168.100.14", "2001:db8::/32"],
            }),
        );
        assert.strictEqual(s.detect.rules.behaviors[4].cidrs!.length, 3);
    });

    it("a count threshold beyond what an API count (an unsigned long sent as a JSON number) can hold", () => {
        assertProblem(
            configProblems(
                "dev",
                addBehavior({
                    metric: "aws:num-disconnects",
                    operator: "greater-than",
                    threshold: 1e20,
                    durationSeconds: 300,
                }),
            ),
            `${BEHAVIORS}[4].threshold`,
            `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
            "100000000000000000000",
        );
    });

    it("an environment outside the allowed form is described in words, not as a regex", () => {
        const problems = configProblems("dev", v => {
            v["iot-defender:environment"] = "Dev_1";
        });
        assertProblem(
            problems,
            "iot-defender:environment",
            "must be 1 to 20 lowercase letters, digits or hyphens, starting with a letter",
        );
        assert.ok(!problems.join("\n").includes("^[a-z]"), problems.join("\n"));
    });
});
