/**
 * Builds the whole stack from validated settings: the one function index.ts, the offline tools
 * and the tests call. Settings in, components out; no config is read here.
 *
 * One explicit `aws.Provider` per region, each region's components on it (`./region`); what is
 * account-wide exists once: the dashboard, in the home region, with a section per region.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providerArgs } from "./config/identity";
import { Settings } from "./config/load";
import { Dashboard } from "./dashboard";
import { regionInventories } from "./inventory";
import { buildRegion, RegionBuild, RegionOutputs, regionProvider } from "./region";
import { secretInputs, secretOutputs } from "./secrets";
import { stackTags } from "./tags";
import { withoutStackTraces } from "./traces";

export type { RegionOutputs } from "./region";

/** What the stack exports. */
export interface StackOutputs {
    /** The home region (`aws:region`). */
    region: string;
    environment: string;
    auditEnabled: boolean;
    detectEnabled: boolean;
    remediationEnabled: boolean;
    /** Each region's outputs, keyed by region, in the order `regions` lists them. */
    regions: Record<string, RegionOutputs>;
    /** The one dashboard (home region), if enabled. */
    dashboardName: string | undefined;
    [name: string]: pulumi.Input<unknown>;
}

/** Builds the stack from validated settings: every component and resource, and the outputs. */
export function buildStack(settings: Settings): StackOutputs {
    return withoutStackTraces(() => construct(settings));
}

function construct(settings: Settings): StackOutputs {
    const inventories = regionInventories(settings);
    const tags = stackTags(settings);
    // Secret config values stay secrets in every resource that holds one.
    const transformations = settings.secrets.length ? [secretInputs(settings.secrets)] : [];
    // One explicit provider per region: its region, the stack's credentials (an explicit provider
    // reads no aws: config by itself; the dynamic providers get the same identity in `configure`,
    // and each dynamic resource its region as an input), and its tags on every taggable resource.
    const identity = { ...providerArgs(settings.identity), defaultTags: { tags } };
    const providers = Object.fromEntries(
        Object.values(inventories).map(inv => [
            inv.region,
            regionProvider(inv, identity, { transformations }),
        ]),
    );
    // The account is one for every region: read it once, through the home region's provider.
    const home = providers[settings.region];
    const accountId = aws.getCallerIdentityOutput({}, { provider: home }).accountId;
    const partition = aws.getPartitionOutput({}, { provider: home }).partition;

    // The home region first: its account-wide parts (the audit role) serve the other regions.
    const built: Record<string, RegionBuild> = {};
    const order = [
        ...settings.regions.filter(r => r.region === settings.region),
        ...settings.regions.filter(r => r.region !== settings.region),
    ];
    for (const regionSettings of order) {
        const { region } = regionSettings;
        built[region] = buildRegion(regionSettings, inventories[region], {
            opts: { providers: [providers[region]], transformations },
            accountId,
            partition,
            tags,
            auditRole: built[settings.region]?.auditRole,
        });
    }

    const dashboardName = inventories[settings.region].dashboard;
    if (dashboardName) {
        new Dashboard(
            `${inventories[settings.region].logicalBase}-dashboard`,
            {
                dashboardName,
                sections: settings.regions.map(({ region }) => ({
                    region,
                    securityProfileNames: built[region].outputs.securityProfileNames,
                    scheduledAuditNames: built[region].outputs.scheduledAuditNames,
                    insightRules: inventories[region].detect.logs?.behaviors,
                    fleetMetrics: inventories[region].fleetAlarms?.alarms.map(a => a.metric),
                    iotCoreTraffic: inventories[region].detect.logs !== undefined,
                    alarmArns: built[region].alarms.map(a => a.arn),
                })),
            },
            { providers: [home], transformations },
        );
    }

    return secretOutputs<StackOutputs>(
        {
            region: settings.region,
            environment: settings.environment,
            auditEnabled: settings.audit.enabled,
            detectEnabled: settings.detect.enabled,
            remediationEnabled: settings.remediation.enabled,
            regions: Object.fromEntries(
                settings.regions.map(({ region }) => [region, built[region].outputs]),
            ),
            dashboardName,
        },
        settings.secrets,
    );
}
