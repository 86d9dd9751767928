import * as assert from "assert";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

const REMEDIATION = "iot-defender:remediation";

describe("remediation responses: defaults follow what is enabled; written ones must be able to run", () => {
    describe("defaults the user never wrote cause no error and respond only to what is deployed", () => {
        it("a smaller check list drops the default responses to checks it does not enable", () => {
            const s = stackSettings("dev", v =>
                editJson(v, "audit", a => {
                    a.checks = ["DEVICE_CERTIFICATE_SHARED_CHECK", "CONFLICTING_CLIENT_IDS_CHECK"];
                    a.schedules = [{ name: "weekly", frequency: "WEEKLY", dayOfWeek: "MON" }];
                }),
            );
            assert.deepStrictEqual(s.remediation.auditResponses, {
                DEVICE_CERTIFICATE_SHARED_CHECK: ["quarantine"],
            });
        });

        it("fewer remediation actions drop the default responses that need the others", () => {
            const s = stackSettings("dev", v =>
                editJson(v, "remediation", r => {
                    r.actions = ["enable-iot-logging", "publish-finding"];
                }),
            );
            assert.deepStrictEqual(s.remediation.auditResponses, {
                LOGGING_DISABLED_CHECK: ["enable-iot-logging"],
            });
            assert.deepStrictEqual(s.remediation.violationResponses, {});
        });

        it("the default violation response only for a metric a deployed behavior watches", () => {
            const watching = stackSettings("dev");
            assert.deepStrictEqual(watching.remediation.violationResponses, {
                "aws:num-authorization-failures": "quarantine",
            });
            const notWatching = stackSettings("dev", v =>
                editJson(v, "detect", d => {
                    d.rules.behaviors = d.rules.behaviors.filter(
                        (b: { metric: string }) => b.metric !== "aws:num-authorization-failures",
                    );
                }),
            );
            assert.deepStrictEqual(notWatching.remediation.violationResponses, {});
        });

        it("no defaults for a disabled engine", () => {
            const s = stackSettings("dev", v => {
                editJson(v, "detect", d => {
                    d.enabled = false;
                });
            });
            assert.deepStrictEqual(s.remediation.violationResponses, {});
            const t = stackSettings("dev", v => {
                editJson(v, "audit", a => {
                    a.enabled = false;
                });
            });
            assert.deepStrictEqual(t.remediation.auditResponses, {});
        });
    });

    describe("responses the user wrote", () => {
        it("a response for a metric no behavior of a deployed profile watches", () => {
            assertProblem(
                configProblems("dev", v =>
                    editJson(v, "remediation", r => {
                        r.violationResponses = { "aws:source-ip-address": "quarantine" };
                    }),
                ),
                `${REMEDIATION}.violationResponses.aws:source-ip-address`,
                "no behavior of a deployed profile watches aws:source-ip-address",
                "watched: aws:num-messages-sent, aws:num-authorization-failures",
            );
        });

        it("a metric watched only by a disabled profile is not watched", () => {
            assertProblem(
                configProblems("dev", v =>
                    editJson(v, "detect", d => {
                        d.engine = "device-defender";
                        d.ml = { ...d.ml, enabled: false };
                        v[REMEDIATION] = JSON.stringify({
                            violationResponses: { "aws:num-disconnects": "notify-only" },
                        });
                    }),
                ),
                `${REMEDIATION}.violationResponses.aws:num-disconnects`,
                "no behavior of a deployed profile watches",
            );
        });

        it("violation responses with Detect disabled, audit responses with Audit disabled", () => {
            const problems = configProblems("prod", v => {
                editJson(v, "detect", d => {
                    d.enabled = false;
                });
            });
            assertProblem(
                problems,
                `${REMEDIATION}.violationResponses`,
                "would never run: detect.enabled is false",
            );
            assertProblem(
                configProblems("prod", v =>
                    editJson(v, "audit", a => {
                        a.enabled = false;
                    }),
                ),
                `${REMEDIATION}.auditResponses`,
                "would never run: audit.enabled is false",
            );
        });

        it("responses with remediation disabled", () => {
            const problems = configProblems("prod", v =>
                editJson(v, "remediation", r => {
                    r.enabled = false;
                }),
            );
            assertProblem(
                problems,
                `${REMEDIATION}.violationResponses`,
                "remediation.enabled is false",
            );
            assertProblem(
                problems,
                `${REMEDIATION}.auditResponses`,
                "remediation.enabled is false",
            );
        });

        it("an audit response to a check that is not enabled", () => {
            assertProblem(
                configProblems("dev", v => {
                    editJson(v, "remediation", r => {
                        r.auditResponses = {
                            CA_CERTIFICATE_KEY_QUALITY_CHECK: ["publish-finding"],
                        };
                    });
                    editJson(v, "audit", a => {
                        a.checks = ["LOGGING_DISABLED_CHECK"];
                        a.schedules = [{ name: "weekly", frequency: "DAILY" }];
                    });
                }),
                `${REMEDIATION}.auditResponses.CA_CERTIFICATE_KEY_QUALITY_CHECK`,
                "responds to a check that is not enabled",
            );
        });
    });
});
