/**
 * The two fleet layouts the growth figures compare, each built offline from the dev stack on the
 * Device Defender engine (thing groups are targets of security profiles) with `n` thing groups:
 *
 *   shared   the stack as it is, with `detect.targets` = the n groups: the rule and ML profiles are
 *            attached to every group, so the resources stay the same and the profiles' targets grow.
 *   split    one Detect component per group (components are reusable on their own): the stack's
 *            own Detect for the first group, plus one per further group with that group's rule and
 *            ML profiles and their Violations alarms, alerting to the stack's topic. Profiles and
 *            alarms grow with the groups. The further groups share one explicit AWS provider (the
 *            stack's region and tags), as the stack's own components do.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Settings } from "../components/config/load";
import { Detect } from "../components/detect";
import { deviceDefenderInventory, stackInventory, targetArn } from "../components/inventory";
import { StackOutputs } from "../components/stack";
import { stackTags } from "../components/tags";
import { editJson } from "../test/harness";
import { buildOffline } from "../tools/offline/build";
import { OfflineEngine } from "../tools/offline/engine";

export const LAYOUTS = ["shared", "split"] as const;
export type Layout = (typeof LAYOUTS)[number];

export const LAYOUT_TITLES: Record<Layout, string> = {
    shared: "targets on shared profiles (the stack's 2 profiles attached to every group)",
    split: "profiles per group (one Detect component per group: 2 profiles and 2 alarms each)",
};

const STACK = "dev";

export function groupNames(n: number): string[] {
    return Array.from({ length: n }, (_, i) => `fleet-group-${String(i).padStart(3, "0")}`);
}

/** Thing groups as targets of the stack's profiles: the Device Defender engine's (dev runs the logs engine). */
function targetGroups(groups: string[]) {
    return (values: Record<string, string>) =>
        editJson(values, "detect", d => {
            d.engine = "device-defender";
            d.targets = { thingGroups: groups };
        });
}

/** One Detect component per group, with the stack's profiles (behaviours, alarm settings), alert topic and publisher role. */
function groupDetects(settings: Settings, stack: StackOutputs, groups: readonly string[]): void {
    if (groups.length === 0) return;
    const { region } = settings;
    const { baseName } = stackInventory(settings);
    const tags = stackTags(settings);
    const provider = new aws.Provider(`${baseName}-fleet-split`, {
        region: region as aws.Region,
        defaultTags: { tags },
    });
    const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
    const partition = aws.getPartitionOutput({}, { provider }).partition;
    for (const group of groups) {
        const { profiles } = deviceDefenderInventory(settings, `-${group}`);
        new Detect(
            `${baseName}-detect-${group}`,
            {
                region,
                accountId,
                partition,
                profiles: profiles.map(spec => ({
                    spec,
                    targetArns: [
                        pulumi
                            .all([partition, accountId])
                            .apply(([p, a]) => targetArn({ thingGroup: group }, p, region, a)),
                    ],
                })),
                topicArn: stack.regions[region].alertTopicArn,
                publisherRoleArn: stack.regions[region].publisherRoleArn,
                // Declared once, by the stack's own Detect.
                customMetrics: [],
                dimensions: [],
                tags,
            },
            { providers: [provider] },
        );
    }
}

/** Builds a layout with `n` thing groups (n ≥ 1) and returns the engine holding what was registered. */
export async function buildLayout(layout: Layout, n: number): Promise<OfflineEngine> {
    if (!Number.isInteger(n) || n < 1)
        throw new Error(`thing groups must be a whole number ≥ 1; got ${n}`);
    const groups = groupNames(n);
    if (layout === "shared")
        return (await buildOffline(STACK, { edit: targetGroups(groups) })).engine;
    // The stack's own Detect takes the first group; one more Detect per further group.
    const build = await buildOffline(STACK, {
        edit: targetGroups(groups.slice(0, 1)),
        extend: (settings, outputs) => groupDetects(settings, outputs, groups.slice(1)),
    });
    return build.engine;
}
