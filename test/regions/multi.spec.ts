/**
 * One stack over three regions (Pulumi.multi.yaml: eu-west-1 home, us-east-1 with its own thing
 * groups, ap-southeast-2): each region's resources on its own provider, account-wide ones once.
 */
import * as assert from "assert";
import { AccountAudit } from "../../components/iot/audit/resource";
import { SecurityProfile } from "../../components/iot/securityProfile";
import { ALERT_TARGET_TYPE, DYNAMIC_TYPES } from "../../components/facts";
import type { OfflineBuild } from "../../tools/offline/build";
import { buildOffline, documentOf, Json, RecordedResource, regionOutputs } from "../harness";
import { recordOf } from "./recorded";

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"];
const PROVIDER = "pulumi:providers:aws";
const DYNAMIC: readonly string[] = Object.values(DYNAMIC_TYPES);
/** Types whose physical names AWS wants unique in the whole account, not per region. */
const ACCOUNT_WIDE = ["aws:iam/role:Role", "aws:cloudwatch/dashboard:Dashboard"];

const providerName = (r: RecordedResource) => r.provider?.split("::").slice(-2, -1)[0];

/** The region of each explicit provider, by name. */
function providerRegions(b: OfflineBuild): Map<string, string> {
    return new Map(b.engine.ofType(PROVIDER).map(p => [p.name, p.inputs.region as string]));
}

/** The region a custom resource is in: its provider's, or (dynamic) its `region` input. */
function regionOf(b: OfflineBuild, r: RecordedResource): string {
    const fromProvider = providerRegions(b).get(providerName(r) ?? "");
    return fromProvider ?? (r.inputs.region as string);
}

/** The top-level component a resource is under. */
function rootOf(b: OfflineBuild, r: RecordedResource): RecordedResource {
    const byUrn = new Map(b.engine.resources.map(x => [x.urn, x]));
    let at = r;
    while (at.parent && byUrn.get(at.parent)?.parent && byUrn.has(at.parent))
        at = byUrn.get(at.parent)!;
    return at;
}

describe("one stack, many regions (Pulumi.multi.yaml)", () => {
    let multi: OfflineBuild;
    before(async () => {
        multi = await buildOffline("multi", { serializeProviders: false });
    });

    it("has one explicit provider per region, named by region (the home region's keeps the stack's name)", () => {
        assert.deepStrictEqual(
            multi.engine.ofType(PROVIDER).map(p => [p.name, p.inputs.region]),
            [
                ["iot-defender-multi", "eu-west-1"],
                ["iot-defender-multi-us-east-1", "us-east-1"],
                ["iot-defender-multi-ap-southeast-2", "ap-southeast-2"],
            ],
        );
    });

    it("deploys one alert topic, one audit configuration and the same alarms in each region", () => {
        const perRegion = (type: string) =>
            multi.engine
                .ofType(type)
                .map(r => regionOf(multi, r))
                .sort();
        assert.deepStrictEqual(perRegion("aws:sns/topic:Topic"), [...REGIONS].sort());
        assert.deepStrictEqual(perRegion(AccountAudit.__pulumiType), [...REGIONS].sort());
        const alarms = multi.engine.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        for (const region of REGIONS) {
            const names = alarms
                .filter(a => regionOf(multi, a) === region)
                .map(a => a.inputs.name)
                .sort();
            assert.deepStrictEqual(
                names,
                [...(regionOutputs(multi, region).alarmNames as string[])].sort(),
            );
            assert.ok(names.includes("iot-defender-multi-audit-noncompliant"), region);
            assert.ok(names.includes("iot-defender-multi-rules-violations"), region);
        }
    });

    it("has one dashboard, in the home region, with a section of widgets per region", () => {
        const [dashboard, ...others] = multi.engine.ofType("aws:cloudwatch/dashboard:Dashboard");
        assert.deepStrictEqual(others, []);
        assert.strictEqual(regionOf(multi, dashboard), "eu-west-1");
        const body = JSON.parse(dashboard.inputs.dashboardBody as string);
        assert.deepStrictEqual(
            body.widgets
                .filter((w: Json) => w.type === "text")
                .map((w: Json) => w.properties.markdown),
            REGIONS.map(r => `## ${r}`),
        );
        const metricRegions = new Set(
            body.widgets
                .filter((w: Json) => w.type === "metric")
                .map((w: Json) => w.properties.region),
        );
        assert.deepStrictEqual([...metricRegions], REGIONS);
        assert.strictEqual(multi.outputs.dashboardName, "iot-defender-multi-device-defender");
    });

    it("gives no two resources one physical name where AWS wants it unique (account-wide, or per region)", () => {
        const seen = new Map<string, string>();
        for (const r of multi.engine.resources.filter(x => x.custom && x.type !== PROVIDER)) {
            const name = (r.state.name ?? r.inputs.name ?? r.inputs.dashboardName) as
                string | undefined;
            if (name === undefined) continue;
            const scope = ACCOUNT_WIDE.includes(r.type) ? "account" : regionOf(multi, r);
            const key = `${scope} ${r.type} ${name}`;
            assert.ok(!seen.has(key), `${r.urn} and ${seen.get(key)} share ${key}`);
            seen.set(key, r.urn);
        }
        // The audit role serves every region (IAM is global): one, in the home region's Audit.
        const auditRoles = multi.engine
            .ofType("aws:iam/role:Role")
            .filter(r => /-audit-role$/.test(r.name));
        assert.deepStrictEqual(
            auditRoles.map(r => r.name),
            ["iot-defender-multi-audit-role"],
        );
        const configRoles = multi.engine
            .ofType(AccountAudit.__pulumiType)
            .map(a => a.inputs.roleArn);
        assert.deepStrictEqual(
            configRoles,
            REGIONS.map(() => auditRoles[0].state.arn),
        );
        const roles = multi.engine.ofType("aws:iam/role:Role").map(r => r.state.name as string);
        assert.strictEqual(new Set(roles).size, roles.length);
        for (const region of REGIONS.slice(1))
            assert.ok(
                roles.some(n => n.includes(region)),
                `no role named for ${region}`,
            );
    });

    it("puts each region's resources on that region's provider, and each Device Defender resource in that region", () => {
        const regions = providerRegions(multi);
        for (const r of multi.engine.resources.filter(x => x.custom && x.type !== PROVIDER)) {
            const root = rootOf(multi, r);
            const rootRegion =
                REGIONS.slice(1).find(region => root.name.includes(`-${region}-`)) ?? "eu-west-1";
            if (DYNAMIC.includes(r.type)) assert.strictEqual(r.inputs.region, rootRegion, r.urn);
            else assert.strictEqual(regions.get(providerName(r) ?? ""), rootRegion, r.urn);
        }
    });

    it("has each security profile and the audit notify the topic and publisher role of its own region", () => {
        for (const region of REGIONS) {
            const o = regionOutputs(multi, region);
            const profiles = multi.engine
                .ofType(SecurityProfile.__pulumiType)
                .filter(p => p.inputs.region === region);
            assert.strictEqual(profiles.length, 2, region);
            for (const p of profiles) {
                const target = documentOf(p.inputs.alertTargets)[ALERT_TARGET_TYPE];
                assert.strictEqual(target.alertTargetArn, o.alertTopicArn);
                assert.strictEqual(target.roleArn, o.publisherRoleArn);
                assert.match(String(o.alertTopicArn), new RegExp(`^arn:aws:sns:${region}:`));
            }
        }
    });

    it("applies the override to its region only: us-east-1's profiles watch its own thing groups", () => {
        const targetsIn = (region: string) =>
            multi.engine
                .ofType(SecurityProfile.__pulumiType)
                .filter(p => p.inputs.region === region)
                .flatMap(p => p.inputs.targets as string[]);
        assert.strictEqual(targetsIn("us-east-1").length, 4);
        assert.strictEqual(targetsIn("ap-southeast-2").length, 2);
        assert.ok(targetsIn("us-east-1").every(t => /:us-east-1:\d+:thinggroup\/na-/.test(t)));
        assert.ok(
            targetsIn("ap-southeast-2").every(t =>
                /:ap-southeast-2:\d+:all\/registered-things$/.test(t),
            ),
        );
    });

    it("removing a region from the list deletes only that region's resources", async () => {
        const fewer = await buildOffline("multi", {
            serializeProviders: false,
            edit: v => {
                v["iot-defender:regions"] = JSON.stringify(["eu-west-1", "us-east-1"]);
            },
        });
        const before = recordOf(multi.engine.resources);
        const after = recordOf(fewer.engine.resources);
        const afterUrns = new Set(after.map(r => r.urn));
        const deleted = before.filter(r => !afterUrns.has(r.urn));
        assert.ok(deleted.length > 0);
        assert.deepStrictEqual(
            deleted.filter(r => !r.urn.includes("-ap-southeast-2")),
            [],
            "deleted outside ap-southeast-2",
        );
        // Every other resource stays as it was: same URN, provider, physical names, region.
        assert.deepStrictEqual(
            after,
            before.filter(r => afterUrns.has(r.urn)),
        );
        assert.strictEqual(after.length, before.length - deleted.length);
        // All that the removed region held goes: its provider and everything on it.
        const gone = multi.engine.resources.filter(
            r => regionOf(multi, r) === "ap-southeast-2" || r.inputs.region === "ap-southeast-2",
        );
        for (const r of gone) assert.ok(!afterUrns.has(r.urn), r.urn);
    });
});
