/**
 * The `fleetAlarms` section: on by default, alarming on the message broker's auth errors and
 * throttles (threshold 1 in 300 s, one period), rule failures opt-in; any metric key AWS does not
 * publish for it is an error naming the key, its value and every allowed metric; a region may set
 * its own.
 */
import * as assert from "assert";
import { FLEET_METRIC_NAMES } from "../../components/facts";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

const defaults = { threshold: 1, evaluationPeriods: 1, periodSeconds: 300 };
const fleet = (value: unknown) => (v: Record<string, string>) => {
    v["iot-defender:fleetAlarms"] = JSON.stringify(value);
};

describe("config fleetAlarms", () => {
    it("defaults: on, the four message broker metrics at threshold 1 in 300 s, rule failures off", () => {
        const { fleetAlarms } = stackSettings("dev");
        assert.strictEqual(fleetAlarms.enabled, true);
        assert.deepStrictEqual(fleetAlarms.metrics, {
            "Connect.AuthError": { enabled: true, ...defaults },
            "PublishIn.AuthError": { enabled: true, ...defaults },
            "Subscribe.AuthError": { enabled: true, ...defaults },
            "PublishIn.Throttle": { enabled: true, ...defaults },
            ParseError: { enabled: false, ...defaults },
            RuleMessageThrottled: { enabled: false, ...defaults },
            RuleNotFound: { enabled: false, ...defaults },
            Failure: { enabled: false, ...defaults },
        });
    });

    it("takes a metric's threshold, period and evaluation periods, the others keeping their defaults", () => {
        const { metrics } = stackSettings(
            "prod",
            fleet({
                metrics: {
                    "PublishIn.Throttle": {
                        threshold: 20,
                        periodSeconds: 60,
                        evaluationPeriods: 5,
                    },
                    Failure: { enabled: true },
                    "Connect.AuthError": { enabled: false },
                },
            }),
        ).fleetAlarms;
        assert.deepStrictEqual(metrics["PublishIn.Throttle"], {
            enabled: true,
            threshold: 20,
            periodSeconds: 60,
            evaluationPeriods: 5,
        });
        assert.deepStrictEqual(metrics.Failure, { enabled: true, ...defaults });
        assert.deepStrictEqual(metrics["Connect.AuthError"], { enabled: false, ...defaults });
        assert.deepStrictEqual(Object.keys(metrics), FLEET_METRIC_NAMES);
    });

    it("refuses a metric it does not alarm on, naming the key, its value and every allowed metric", () => {
        const problems = configProblems(
            "dev",
            fleet({ metrics: { "Connect.Success": { threshold: 5 } } }),
        );
        assertProblem(
            problems,
            "iot-defender:fleetAlarms.metrics.Connect.Success",
            "is not an AWS/IoT fleet metric the stack alarms on",
            `allowed: ${FLEET_METRIC_NAMES.join(", ")}`,
            'got {"threshold":5}',
        );
    });

    it("refuses a bad threshold, period or evaluation count, and keys an alarm does not have", () => {
        const problems = configProblems(
            "dev",
            fleet({
                metrics: {
                    "PublishIn.Throttle": { threshold: 0, periodSeconds: 90, datapoints: 2 },
                },
            }),
        );
        const key = "iot-defender:fleetAlarms.metrics.PublishIn.Throttle";
        assertProblem(problems, `${key}.threshold`, "at least 1", "got 0");
        assertProblem(problems, `${key}.periodSeconds`, "multiple of 60", "got 90");
        assertProblem(problems, key, "unknown key datapoints", "allowed:");
    });

    it("refuses periods past the 3 hours an alarm on a Metrics Insights query evaluates", () => {
        const problems = configProblems(
            "dev",
            fleet({
                metrics: { "Connect.AuthError": { periodSeconds: 3600, evaluationPeriods: 4 } },
            }),
        );
        assertProblem(
            problems,
            "iot-defender:fleetAlarms.metrics.Connect.AuthError.evaluationPeriods",
            "times periodSeconds 3600 is 14400 s, past the 10800 s (3 hours)",
            "allowed: at most 3 periods of 3600 s",
            "got 4",
        );
        const fits = stackSettings(
            "dev",
            fleet({
                metrics: { "Connect.AuthError": { periodSeconds: 3600, evaluationPeriods: 3 } },
            }),
        );
        assert.strictEqual(fits.fleetAlarms.metrics["Connect.AuthError"].evaluationPeriods, 3);
    });

    it("refuses a key the section does not have", () => {
        const problems = configProblems("dev", fleet({ enable: false }));
        assertProblem(
            problems,
            "iot-defender:fleetAlarms",
            "unknown key enable",
            "enabled, metrics",
        );
    });

    it("may differ per region (regionOverrides), validated as the section's own", () => {
        const regions = (override: unknown) => (v: Record<string, string>) => {
            v["iot-defender:regions"] = JSON.stringify(["eu-west-1", "us-east-1"]);
            editJson(v, "regionOverrides", o => {
                o["us-east-1"] = { fleetAlarms: override };
            });
        };
        const s = stackSettings(
            "prod",
            regions({ metrics: { "Connect.AuthError": { threshold: 10 } } }),
        );
        const [home, us] = s.regions;
        assert.strictEqual(home.fleetAlarms.metrics["Connect.AuthError"].threshold, 1);
        assert.strictEqual(us.fleetAlarms.metrics["Connect.AuthError"].threshold, 10);
        // An object only the override writes is reported under the override's key.
        assertProblem(
            configProblems("prod", regions({ metrics: { Nope: {} } })),
            "iot-defender:regionOverrides.us-east-1.fleetAlarms.metrics.Nope",
            "allowed:",
            "got {}",
        );
    });
});
