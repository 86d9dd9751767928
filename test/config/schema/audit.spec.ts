/**
 * Bad audit config (components/config/schema/audit.ts): schedules, checks, certificate thresholds.
 */
import { assertProblem, configProblems, editJson, Json } from "../../harness";

describe("stack configuration", () => {
    describe("rejects bad config, naming the key, the value and what is allowed", () => {
        it("a day of month of the wrong type", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "audit", a => {
                    a.schedules.find((s: Json) => s.frequency === "MONTHLY").dayOfMonth = true;
                }),
            );
            const key = problems
                .find(p => p.includes(".dayOfMonth:"))!
                .split(":")
                .slice(0, 2)
                .join(":");
            assertProblem(problems, key, 'must be "1".."31" or "LAST"', "got true");
        });

        it("an alarm whose periods run past the 3 hours its Metrics Insights query evaluates", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "audit", a => {
                    a.alarm = { threshold: 1, periodSeconds: 86400, evaluationPeriods: 1 };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.alarm.periodSeconds",
                "past the 10800 s (3 hours) an alarm on a Metrics Insights query evaluates",
                "allowed: a multiple of 60 from 60 to 10800",
                "got 86400",
            );
            const twice = configProblems("prod", v =>
                editJson(v, "audit", a => {
                    a.alarm = { threshold: 1, periodSeconds: 7200, evaluationPeriods: 2 };
                }),
            );
            assertProblem(
                twice,
                "iot-defender:audit.alarm.evaluationPeriods",
                "times periodSeconds 7200 is 14400 s, past the 10800 s (3 hours)",
                "allowed: at most 1 periods of 7200 s",
                "got 2",
            );
        });

        it("a MONTHLY audit without a day of the month, and a WEEKLY one with one", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "audit", a => {
                    a.schedules = [
                        { name: "monthly", frequency: "MONTHLY" },
                        { name: "weekly", frequency: "WEEKLY", dayOfWeek: "MON", dayOfMonth: "3" },
                    ];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].dayOfMonth",
                "required when frequency is MONTHLY",
                '"LAST"',
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[1].dayOfMonth",
                "must not be set when frequency is WEEKLY",
                'got "3"',
            );
        });

        it("a bad day of the month or of the week", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "audit", a => {
                    a.schedules = [
                        { name: "m", frequency: "MONTHLY", dayOfMonth: 32 },
                        { name: "w", frequency: "BIWEEKLY", dayOfWeek: "MONDAY" },
                    ];
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].dayOfMonth",
                '"1".."31" or "LAST"',
                "32",
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[1].dayOfWeek",
                '"MONDAY"',
                "MON, TUE",
            );
        });

        it("an unknown audit check, and a schedule running a check that is not enabled", () => {
            const problems = configProblems("dev", v =>
                editJson(v, "audit", a => {
                    a.checks.push("DEVICE_CERT_APPROACHING_EXPIRATION_CHECK");
                    a.schedules[0].checks.push(
                        "INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK",
                    );
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.checks[14]",
                '"DEVICE_CERT_APPROACHING_EXPIRATION_CHECK"',
                "DEVICE_CERTIFICATE_EXPIRING_CHECK",
            );
            assertProblem(
                problems,
                "iot-defender:audit.schedules[0].checks[6]",
                "not enabled in audit.checks",
                "INTERMEDIATE_CA_REVOKED",
            );
        });

        it("a certificate threshold out of range or on a check without one", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "audit", a => {
                    a.checkThresholds = {
                        DEVICE_CERTIFICATE_AGE_CHECK: 10,
                        LOGGING_DISABLED_CHECK: 30,
                    };
                }),
            );
            assertProblem(
                problems,
                "iot-defender:audit.checkThresholds.DEVICE_CERTIFICATE_AGE_CHECK",
                "between 30 and 3652",
                "got 10",
            );
            assertProblem(
                problems,
                "iot-defender:audit.checkThresholds.LOGGING_DISABLED_CHECK",
                "not a check with a threshold",
                "DEVICE_CERTIFICATE_EXPIRING_CHECK",
            );
        });
    });
});
