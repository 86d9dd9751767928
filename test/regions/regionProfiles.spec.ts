/**
 * A region's own named security profiles (`regionOverrides.<region>.detect.profiles`), built: the
 * multi sample with one exporting profile on us-east-1's gateways. It is deployed in that region
 * only, on that region's thing group, with an export role of its own, and only that region's
 * responder acts on its violations.
 */
import * as assert from "assert";
import { SecurityProfile } from "../../components/iot/securityProfile";
import type { OfflineBuild } from "../../tools/offline/build";
import { packedSettingsOf } from "../components/responderPackage";
import { buildOffline, documentOf, editJson } from "../harness";

const NA_GATEWAYS = {
    name: "na-gateway-churn",
    targets: { thingGroups: ["na-gateways"] },
    behaviors: [
        {
            name: "GatewayDisconnects",
            metric: "aws:num-disconnects",
            operator: "greater-than",
            threshold: 5,
            durationSeconds: 300,
            exportMetric: true,
        },
    ],
    metricsExport: { mqttTopic: "$aws/rules/dd_export/na" },
};

describe("one stack, many regions: a region's own named profiles", () => {
    let multi: OfflineBuild;
    before(async () => {
        multi = await buildOffline("multi", {
            serializeProviders: false,
            edit: v =>
                editJson(
                    v,
                    "regionOverrides",
                    o => (o["us-east-1"].detect.profiles = [NA_GATEWAYS]),
                ),
        });
    });
    const profilesIn = (region: string) =>
        multi.engine.ofType(SecurityProfile.__pulumiType).filter(p => p.inputs.region === region);
    const named = "iot-defender-multi-na-gateway-churn";

    it("deploys the region's profile in that region only, on that region's thing group", () => {
        const [profile] = profilesIn("us-east-1").filter(
            p => p.inputs.securityProfileName === named,
        );
        assert.ok(profile, "us-east-1 has the profile");
        assert.deepStrictEqual(
            (profile.inputs.targets as string[]).map(t => t.replace(/\d{12}/, "ACCOUNT")),
            ["arn:aws:iot:us-east-1:ACCOUNT:thinggroup/na-gateways"],
        );
        for (const region of ["eu-west-1", "ap-southeast-2"])
            assert.ok(
                profilesIn(region).every(p => p.inputs.securityProfileName !== named),
                region,
            );
        const exportConfig = documentOf(profile.inputs.metricsExportConfig);
        assert.strictEqual(exportConfig.mqttTopic, "$aws/rules/dd_export/na");
        const exporting = profilesIn("us-east-1")
            .map(p => p.inputs.metricsExportConfig)
            .filter(Boolean);
        assert.strictEqual(exporting.length, 1, "the only exporting profile of the region");
    });

    it("lets only that region's responder act on the profile's violations", async () => {
        // Each responder is on its region's provider (named by the region; the home one by the stack).
        const regionOfProvider = new Map(
            multi.engine.ofType("pulumi:providers:aws").map(p => [p.urn, p.inputs.region]),
        );
        const acting = Object.fromEntries(
            await Promise.all(
                multi.engine
                    .ofType("aws:lambda/function:Function")
                    .map(async f => [
                        regionOfProvider.get(f.provider!.split("::").slice(0, -1).join("::")),
                        (await packedSettingsOf(f)).SECURITY_PROFILES,
                    ]),
            ),
        );
        const own = ["iot-defender-multi-rules", "iot-defender-multi-ml"];
        assert.deepStrictEqual(acting, {
            "eu-west-1": own,
            "us-east-1": [...own, named],
            "ap-southeast-2": own,
        });
    });
});
