import * as assert from "assert";
import { profileSettings } from "../../components/config/profiles";
import { assertProblem, configProblems, editJson, Json, stackSettings } from "../harness";

const rule = (name: string) => ({
    name,
    metric: "aws:num-disconnects",
    operator: "greater-than",
    threshold: 5,
    durationSeconds: 300,
});
const named = (name: string, groups: string[], extra: Json = {}) => ({
    name,
    behaviors: [rule("Disconnects")],
    targets: { thingGroups: groups },
    ...extra,
});
/** prod (device-defender engine) with these named profiles. */
const prodWith =
    (...profiles: Json[]) =>
    (v: Record<string, string>) =>
        editJson(v, "detect", d => (d.profiles = profiles));

describe("config: security profiles (detect.profiles, retention and export)", () => {
    it("the short form alone gives today's two profiles on detect.targets, with detect.alarm", () => {
        const s = stackSettings("prod", prodWith());
        assert.deepStrictEqual(s.detect.profiles, []);
        const profiles = profileSettings(s.detect);
        assert.deepStrictEqual(
            profiles.map(p => [p.id, p.kind, p.key, p.description, p.targets, p.alarm]),
            [
                [
                    "rules",
                    "rules",
                    "detect.rules",
                    "Production fleet behaviors (strict)",
                    s.detect.targets,
                    s.detect.alarm,
                ],
                [
                    "ml",
                    "ml",
                    "detect.ml",
                    "ML Detect behaviors (confidence HIGH)",
                    s.detect.targets,
                    s.detect.alarm,
                ],
            ],
        );
        assert.deepStrictEqual(profiles[0].metricsToRetain, []);
        assert.strictEqual(profiles[0].metricsExport, undefined);
    });

    it("named profiles follow, each with its own targets and alarm (detect.alarm by default)", () => {
        const s = stackSettings(
            "prod",
            prodWith(named("gateways", ["gw"], { alarm: { threshold: 4 } }), {
                name: "ml-sensors",
                ml: { metrics: ["aws:num-messages-sent"] },
                targets: { allThings: "things" },
            }),
        );
        const [, , gateways, sensors] = profileSettings(s.detect);
        assert.deepStrictEqual(
            [gateways.id, gateways.kind, gateways.targets, gateways.alarm.threshold],
            ["gateways", "rules", { thingGroups: ["gw"] }, 4],
        );
        assert.deepStrictEqual(
            [sensors.id, sensors.kind, sensors.ml?.metrics, sensors.alarm],
            ["ml-sensors", "ml", ["aws:num-messages-sent"], s.detect.alarm],
        );
    });

    it("a named profile sets exactly one of behaviors or ml, and names its targets", () => {
        const problems = configProblems(
            "prod",
            prodWith(
                { name: "both", behaviors: [rule("A")], ml: {}, targets: { allThings: "things" } },
                { name: "neither", targets: { allThings: "things" } },
                { name: "nowhere", behaviors: [rule("A")] },
            ),
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles[0].ml",
            "profile both",
            "exactly one of behaviors",
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles[1]",
            "profile neither",
            "exactly one of behaviors",
        );
        assertProblem(problems, "iot-defender:detect.profiles[2].targets");
    });

    it("names: the API's pattern, unique (the short form's rules and ml included), within 128 characters physically", () => {
        assertProblem(
            configProblems("prod", prodWith(named("bad name", ["g"]))),
            "iot-defender:detect.profiles[0].name",
            "[a-zA-Z0-9:_-]",
        );
        const dup = configProblems(
            "prod",
            prodWith(named("gw", ["a"]), named("gw", ["b"]), named("rules", ["c"])),
        );
        assertProblem(
            dup,
            "iot-defender:detect.profiles",
            "two security profiles named gw",
            "detect.profiles[0], detect.profiles[1]",
        );
        assert.ok(
            dup.some(p => p.includes("named rules (detect.rules, detect.profiles[2])")),
            dup.join("\n"),
        );
        assertProblem(
            configProblems("prod", prodWith(named("x".repeat(120), ["a"]))),
            "iot-defender:detect.profiles[0].name",
            "138 characters long",
            "at most 110",
        );
    });

    it("at most 5 profiles on one target, naming the target and every profile on it", () => {
        const five = ["a", "b", "c", "d"].map(n => named(n, ["production-gateways"]));
        // prod's rules and ml are on production-gateways too: 6.
        const problems = configProblems("prod", prodWith(...five));
        assertProblem(
            problems,
            "iot-defender:detect.profiles",
            "attach 6 security profiles to thing group production-gateways",
            "rules from detect.rules",
            "d from detect.profiles[3]",
            "at most 5",
        );
        assert.ok(!problems.some(p => p.includes("production-sensors")), problems.join("\n"));
        // Five is fine.
        stackSettings("prod", prodWith(...five.slice(1)));
    });

    it("each profile's behaviours are checked as detect.rules' are, at its own path", () => {
        const problems = configProblems(
            "prod",
            prodWith(
                named("gw", ["g"], {
                    behaviors: [
                        { ...rule("A"), durationSeconds: undefined },
                        { ...rule("A"), dimension: { name: "nope" } },
                    ],
                }),
                {
                    name: "m",
                    ml: { metrics: ["aws:source-ip-address"] },
                    targets: { thingGroups: ["g"] },
                },
            ),
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles[0].behaviors[0].durationSeconds",
            "is required",
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles[0].behaviors[1].dimension.name",
            "not declared",
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles[0].behaviors",
            "two behaviors named A",
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles[1].ml.metrics[0]",
            "not supported by ML Detect",
        );
    });

    it("metrics to retain: known metrics, dimensions only where they apply and declared, no duplicates", () => {
        const problems = configProblems("prod", v =>
            editJson(v, "detect", d => {
                d.customMetrics = [{ name: "temp", type: "number" }];
                d.rules.metricsToRetain = [
                    { metric: "aws:nope" },
                    { metric: "temp", dimension: { name: "t" } },
                    { metric: "aws:num-messages-sent", dimension: { name: "t" } },
                    { metric: "aws:num-disconnects" },
                    { metric: "aws:num-disconnects" },
                ];
            }),
        );
        assertProblem(
            problems,
            "iot-defender:detect.rules.metricsToRetain[0].metric",
            "not a Device Defender metric",
        );
        assertProblem(
            problems,
            "iot-defender:detect.rules.metricsToRetain[1].dimension",
            "cannot scope temp",
        );
        assertProblem(
            problems,
            "iot-defender:detect.rules.metricsToRetain[2].dimension.name",
            "not declared",
        );
        assertProblem(
            problems,
            "iot-defender:detect.rules.metricsToRetain",
            "lists aws:num-disconnects twice",
        );
    });

    it("exportMetric needs a metricsExport topic on the same profile", () => {
        const problems = configProblems("prod", v =>
            editJson(v, "detect", d => {
                d.ml.metricsToRetain = [{ metric: "aws:num-disconnects", exportMetric: true }];
                d.rules.behaviors[0].exportMetric = true;
            }),
        );
        assertProblem(
            problems,
            "iot-defender:detect.rules.metricsExport",
            "is required",
            "ExcessiveMessages",
        );
        assertProblem(
            problems,
            "iot-defender:detect.ml.metricsExport",
            "is required",
            "aws:num-disconnects",
        );
    });

    describe("the export topic (a publish topic of AWS IoT Core)", () => {
        const topicProblems = (mqttTopic: string) =>
            configProblems("prod", v =>
                editJson(v, "detect", d => (d.rules.metricsExport = { mqttTopic })),
            );
        const key = "iot-defender:detect.rules.metricsExport.mqttTopic";
        for (const [topic, fragment] of [
            ["metrics/+/out", "wildcard +"],
            ["metrics/#", "wildcard #"],
            ["", "must name a topic"],
            ["t".repeat(257), "257 bytes"],
            ["é".repeat(129), "258 bytes"],
            ["a/b/c/d/e/f/g/h/i", "8 slashes"],
            ["$aws/things/x/shadow/update", "reserved topic"],
            ["$SYS/metrics", "reserved topic"],
        ])
            it(`refuses ${JSON.stringify(topic.length > 20 ? topic.slice(0, 20) + "..." : topic)}`, () =>
                assertProblem(topicProblems(topic), key, fragment));

        it("takes a plain topic and Basic Ingest, whose $aws/rules/<rule>/ prefix does not count", () => {
            for (const mqttTopic of ["dd/metrics", "$aws/rules/dd_export/a/b/c/d/e/f/g/h"]) {
                const s = stackSettings("prod", v =>
                    editJson(v, "detect", d => (d.rules.metricsExport = { mqttTopic })),
                );
                assert.deepStrictEqual(s.detect.rules.metricsExport, { mqttTopic });
            }
        });
    });

    it("the logs engine refuses named profiles, retention and export, naming the engine and the way out", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "detect", d => {
                d.profiles = [named("gw", ["g"])];
                d.rules.metricsToRetain = [{ metric: "aws:num-disconnects" }];
                d.rules.metricsExport = { mqttTopic: "dd/metrics" };
            }),
        );
        assertProblem(
            problems,
            "iot-defender:detect.profiles",
            "the logs engine",
            "cannot scope rules to thing groups",
            "detect.engine: device-defender",
        );
        assertProblem(problems, "iot-defender:detect.rules.metricsToRetain", "the logs engine");
        assertProblem(problems, "iot-defender:detect.rules.metricsExport", "the logs engine");
    });

    it("detect on with no profile at all is refused; named profiles alone are enough", () => {
        const off = (v: Record<string, string>) =>
            editJson(v, "detect", d => {
                d.rules.enabled = false;
                d.ml.enabled = false;
            });
        assertProblem(
            configProblems("prod", v => {
                off(v);
                prodWith()(v);
            }),
            "iot-defender:detect.enabled",
            "detect.profiles is empty",
        );
        // It watches the metrics prod responds to, so prod's responses still run.
        const watching = named("gw", ["g"], {
            behaviors: ["aws:num-authorization-failures", "aws:num-connection-attempts"].map(
                (metric, i) => ({ ...rule(`B${i}`), metric }),
            ),
        });
        const s = stackSettings("prod", v => {
            off(v);
            prodWith(watching)(v);
        });
        assert.deepStrictEqual(
            profileSettings(s.detect).map(p => p.id),
            ["gw"],
        );
    });

    it("remediation responds to the metrics of named profiles too", () => {
        const problems = configProblems("prod", v =>
            editJson(v, "detect", d => {
                d.rules.enabled = false;
                d.ml.enabled = false;
                d.profiles = [named("gw", ["g"])];
            }),
        );
        assertProblem(
            problems,
            "iot-defender:remediation.violationResponses.aws:num-authorization-failures",
            "watched: aws:num-disconnects",
        );
    });

    it("a named profile may not target the stack's quarantine group", () =>
        assertProblem(
            configProblems("prod", prodWith(named("gw", ["ok", "iot-defender-prod-quarantine"]))),
            "iot-defender:detect.profiles[0].targets.thingGroups[1]",
            "quarantine group",
        ));
});
