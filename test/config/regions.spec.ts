import * as assert from "assert";
import { DEVICE_DEFENDER_REGIONS } from "../../components/facts";
import { regionInventories } from "../../components/inventory";
import { assertProblem, configProblems, editJson, stackSettings } from "../harness";

const REGIONS = "iot-defender:regions";
const OVERRIDES = "iot-defender:regionOverrides";

/** Lists the regions (and their overrides) in a stack's config. */
const inRegions = (regions: unknown, overrides?: unknown) => (values: Record<string, string>) => {
    values[REGIONS] = JSON.stringify(regions);
    if (overrides !== undefined) values[OVERRIDES] = JSON.stringify(overrides);
};

describe("config: one stack, many regions", () => {
    it("covers the stack's aws:region alone when regions is not set", () => {
        const s = stackSettings("prod");
        assert.strictEqual(s.region, "eu-west-1");
        assert.deepStrictEqual(
            s.regions.map(r => r.region),
            ["eu-west-1"],
        );
        assert.deepStrictEqual(s.regions[0].detect, s.detect);
    });

    it("resolves one effective settings object per listed region, an override only where it is set", () => {
        const s = stackSettings(
            "prod",
            inRegions(["eu-west-1", "us-east-1", "ap-southeast-2"], {
                "us-east-1": {
                    detect: { targets: { thingGroups: ["us-gateways"] }, alarm: { threshold: 3 } },
                    audit: {
                        schedules: [{ name: "weekly", frequency: "WEEKLY", dayOfWeek: "SUN" }],
                    },
                },
            }),
        );
        assert.deepStrictEqual(
            s.regions.map(r => r.region),
            ["eu-west-1", "us-east-1", "ap-southeast-2"],
        );
        const [home, us, ap] = s.regions;
        assert.strictEqual(s.region, "eu-west-1");
        assert.deepStrictEqual(home.detect, s.detect);
        assert.deepStrictEqual(ap.detect, s.detect);
        assert.deepStrictEqual(us.detect.targets.thingGroups, ["us-gateways"]);
        // Objects merge key by key: the alarm keeps the stack's other keys; a list replaces.
        assert.deepStrictEqual(us.detect.alarm, { ...s.detect.alarm, threshold: 3 });
        assert.deepStrictEqual(
            us.audit.schedules.map(x => x.name),
            ["weekly"],
        );
        assert.deepStrictEqual(us.detect.rules, s.detect.rules);
        assert.deepStrictEqual(us.alerting, s.alerting);
    });

    it("refuses a region listed twice, naming it and where it was first", () => {
        const problems = configProblems("prod", inRegions(["eu-west-1", "us-east-1", "us-east-1"]));
        assertProblem(problems, `${REGIONS}[2]`, "us-east-1 a second time", "regions[1]");
    });

    it("refuses a region name Device Defender does not serve, listing those it does", () => {
        const problems = configProblems("prod", inRegions(["eu-west-1", "eu-wast-1"]));
        assertProblem(problems, `${REGIONS}[1]`, '"eu-wast-1"', "us-east-1", "eu-west-1");
        assert.ok(Object.keys(DEVICE_DEFENDER_REGIONS).includes("eu-west-1"));
    });

    it("refuses a list without the home region, and one across partitions", () => {
        assertProblem(
            configProblems("prod", inRegions(["us-east-1"])),
            REGIONS,
            "home region eu-west-1",
            '["us-east-1"]',
        );
        assertProblem(
            configProblems("prod", inRegions(["eu-west-1", "cn-north-1"])),
            `${REGIONS}[1]`,
            "partition aws-cn",
            "cn-north-1",
        );
    });

    it("refuses an override for a region the stack does not list", () => {
        const problems = configProblems(
            "prod",
            inRegions(["eu-west-1", "us-east-1"], { "us-west-2": { detect: { engine: "logs" } } }),
        );
        assertProblem(
            problems,
            `${OVERRIDES}.us-west-2`,
            "region us-west-2",
            "eu-west-1, us-east-1",
        );
        // Without `regions`, only the home region may be overridden.
        assertProblem(
            configProblems("prod", values => {
                values[OVERRIDES] = JSON.stringify({ "us-east-1": {} });
            }),
            `${OVERRIDES}.us-east-1`,
            "(eu-west-1)",
        );
    });

    it("refuses an override of a key a region may not change, naming the region in the key", () => {
        const problems = configProblems(
            "prod",
            inRegions(["eu-west-1", "us-east-1"], { "us-east-1": { alerting: { emails: [] } } }),
        );
        assertProblem(
            problems,
            `${OVERRIDES}.us-east-1`,
            "unknown key alerting",
            "allowed: audit, detect",
        );
    });

    it("names an override's bad value by the override's key", () => {
        const problems = configProblems(
            "prod",
            inRegions(["eu-west-1", "us-east-1"], {
                "us-east-1": { detect: { engine: "guardduty", alarm: { threshold: 0 } } },
            }),
        );
        assertProblem(problems, `${OVERRIDES}.us-east-1.detect.engine`, '"guardduty"', "logs");
        assertProblem(problems, `${OVERRIDES}.us-east-1.detect.alarm.threshold`, "at least 1");
        assert.strictEqual(problems.length, 2, problems.join("\n"));
    });

    it("says in which regions a stack-wide problem or one the override causes occurs", () => {
        const stackWide = configProblems("prod", values => {
            inRegions(["eu-west-1", "us-east-1"])(values);
            editJson(values, "detect", d => {
                d.alarm.threshold = 0;
            });
        });
        assertProblem(
            stackWide,
            "iot-defender:detect.alarm.threshold",
            "(in every region: eu-west-1, us-east-1)",
        );
        // The logs engine in one region meets prod's ML profile: a problem of that region only.
        const regional = configProblems(
            "prod",
            inRegions(["eu-west-1", "us-east-1"], { "us-east-1": { detect: { engine: "logs" } } }),
        );
        assert.ok(regional.length > 0);
        for (const line of regional)
            assert.ok(
                line.includes("(in region us-east-1)") || line.includes(`${OVERRIDES}.us-east-1`),
                line,
            );
    });

    it("lets a region declare its own named profiles: its list replaces the stack's", () => {
        const naGateways = {
            name: "na-gateways",
            targets: { thingGroups: ["na-gateways"] },
            behaviors: [
                {
                    name: "Disconnects",
                    metric: "aws:num-disconnects",
                    operator: "greater-than",
                    threshold: 5,
                    durationSeconds: 300,
                },
            ],
        };
        const s = stackSettings(
            "prod",
            inRegions(["eu-west-1", "us-east-1", "ap-southeast-2"], {
                "us-east-1": { detect: { profiles: [naGateways] } },
                "ap-southeast-2": { detect: { profiles: [] } },
            }),
        );
        const named = (region: string) =>
            regionInventories(s)[region].detect.deviceDefender!.profiles.map(p => p.id);
        assert.deepStrictEqual(named("eu-west-1"), ["rules", "ml", "gateways-connections"]);
        assert.deepStrictEqual(named("us-east-1"), ["rules", "ml", "na-gateways"]);
        assert.deepStrictEqual(named("ap-southeast-2"), ["rules", "ml"]);
        assert.deepStrictEqual(s.regions[1].detect.profiles[0].targets.thingGroups, [
            "na-gateways",
        ]);
    });

    it("checks a region's profiles as the stack's, naming the region's override and the profile", () => {
        const onAllThings = (name: string) => ({
            name,
            targets: { allThings: "registered-things" },
            ml: { metrics: ["aws:num-disconnects"] },
        });
        const problems = configProblems(
            "prod",
            inRegions(["eu-west-1", "us-east-1"], {
                "us-east-1": {
                    detect: {
                        targets: { allThings: "registered-things", thingGroups: [] },
                        profiles: ["a", "b", "c", "d"].map(onAllThings),
                    },
                },
            }),
        );
        // The region's short form (rules, ml) and its four profiles: six on one target.
        assertProblem(
            problems,
            `${OVERRIDES}.us-east-1.detect.profiles`,
            "6 security profiles to all/registered-things",
            "rules from detect.rules",
            "d from detect.profiles[3]",
            "at most 5",
        );
        assert.strictEqual(problems.length, 1, problems.join("\n"));
        const named = configProblems(
            "prod",
            inRegions(["eu-west-1", "us-east-1"], {
                "us-east-1": { detect: { profiles: [{ ...onAllThings("na"), behaviors: [] }] } },
            }),
        );
        assertProblem(
            named,
            `${OVERRIDES}.us-east-1.detect.profiles[0].ml`,
            "profile na",
            "exactly one",
        );
    });

    it("keeps a single-region stack's problem lines as they were", () => {
        const problems = configProblems("prod", values =>
            editJson(values, "detect", d => {
                d.alarm.threshold = 0;
            }),
        );
        assert.deepStrictEqual(problems, [
            "iot-defender:detect.alarm.threshold: must be at least 1; got 0",
        ]);
    });
});
