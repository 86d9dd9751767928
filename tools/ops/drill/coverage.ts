/**
 * Which of the stack's security profiles (from its inventory: the short form's and the named ones
 * alike) watch the drill device. The device is a registered thing in a new thing group, and that
 * group may have one existing group as its parent: profiles on all things or on all registered
 * things watch it; a profile on thing groups watches it when the parent is one of its groups (a
 * group's profiles apply to its child groups' things); a profile on unregistered things never does.
 */
import type { DetectTarget, SecurityProfileSpec } from "../../../components/inventory";

export interface ProfileCoverage {
    /** The group to put the drill's group under: the one most of the other profiles target. */
    readonly parentGroup: string | undefined;
    /** Profile name -> why the drill device is outside it; absent for the profiles that watch it. */
    readonly outside: ReadonlyMap<string, string>;
}

const watchesRegistered = (t: DetectTarget) =>
    t.allThings === "things" || t.allThings === "registered-things";
const groupsOf = (p: SecurityProfileSpec) =>
    p.targets.flatMap(t => (t.thingGroup === undefined ? [] : [t.thingGroup]));

export function profileCoverage(profiles: readonly SecurityProfileSpec[]): ProfileCoverage {
    const onGroups = profiles.filter(p => !p.targets.some(watchesRegistered));
    const watching = (group: string) => onGroups.filter(p => groupsOf(p).includes(group)).length;
    // The first listed wins a tie, so a stack's drill keeps its parent while profiles are added.
    let parentGroup: string | undefined;
    for (const group of new Set(onGroups.flatMap(groupsOf)))
        if (parentGroup === undefined || watching(group) > watching(parentGroup))
            parentGroup = group;
    const outside = new Map<string, string>();
    for (const p of onGroups) {
        const groups = groupsOf(p);
        if (parentGroup !== undefined && groups.includes(parentGroup)) continue;
        outside.set(
            p.name,
            groups.length === 0
                ? `profile ${p.name} watches unregistered things only; the drill device is a registered thing`
                : `profile ${p.name} watches thing groups ${groups.join(", ")}; the drill's group has one parent, ${parentGroup}, which more profiles watch`,
        );
    }
    return { parentGroup, outside };
}
