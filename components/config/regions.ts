/**
 * One stack, many regions: the region list checked against the stack (its home region listed, one
 * partition, overrides only for listed regions), each region's raw config (the stack-wide config
 * with the region's override merged in), and problem lines that say which region they occur in.
 */
import { partitionOfRegion } from "../facts";
import { show } from "./errors";
import type { RegionsSection } from "./schema";

/** The listed regions' problems against the stack's home region (`aws:region`). */
export function regionListProblems(
    project: string,
    home: string,
    section: RegionsSection,
): string[] {
    const key = (path: string) => `${project}:${path}`;
    const listed = section.regions ?? [home];
    const problems: string[] = [];
    if (!listed.includes(home))
        problems.push(
            `${key("regions")}: must list the stack's home region ${home} (aws:region), where the ` +
                `dashboard is; got ${show(section.regions)}`,
        );
    const homePartition = partitionOfRegion(home);
    listed.forEach((region, i) => {
        const partition = partitionOfRegion(region);
        if (section.regions && homePartition && partition && partition !== homePartition)
            problems.push(
                `${key(`regions[${i}]`)}: is in partition ${partition}, but the home region ${home} is in ` +
                    `${homePartition}; one stack deploys with one identity, so in one partition: give ` +
                    `${region} a stack of its own; got ${show(region)}`,
            );
    });
    for (const [region, override] of Object.entries(section.regionOverrides)) {
        if (!listed.includes(region))
            problems.push(
                `${key(`regionOverrides.${region}`)}: overrides region ${region}, which ${key("regions")} ` +
                    `does not list (${listed.join(", ")}); list the region or remove its override; got ${show(override)}`,
            );
    }
    return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

/** A region's raw config: objects merge key by key, a list or a value in the override replaces the stack's. */
export function withOverride(stackWide: unknown, override: unknown): unknown {
    if (override === undefined) return stackWide;
    if (!isObject(override) || !isObject(stackWide)) return override;
    const merged: Record<string, unknown> = { ...stackWide };
    for (const [key, value] of Object.entries(override))
        merged[key] = withOverride(stackWide[key], value);
    return merged;
}

/**
 * Where a problem in a region's merged config was written: under `regionOverrides.<region>` when
 * the override set the value (or a list or value holding it, or an object the stack-wide config
 * does not have), else the stack-wide key.
 */
export function writtenPath(
    path: readonly PropertyKey[],
    region: string,
    override: unknown,
    stackWide?: unknown,
): PropertyKey[] {
    if (override === undefined) return [...path];
    let at: unknown = override;
    for (const part of path) {
        if (!isObject(at)) break;
        if (!(String(part) in at)) return [...path];
        at = at[String(part)];
    }
    if (!isObject(at)) return ["regionOverrides", region, ...path];
    // An object both write is the stack's; one only the override writes is the override's.
    let stack: unknown = stackWide;
    for (const part of path) stack = isObject(stack) ? stack[String(part)] : undefined;
    return stack === undefined ? ["regionOverrides", region, ...path] : [...path];
}

/**
 * Every region's problem lines as one list. In a stack of several regions, each line names the
 * regions it occurs in (every region, for a stack-wide mistake) unless its key is already a
 * region's override; a stack of one region keeps its lines as they are.
 */
export function regionalProblems(
    project: string,
    byRegion: ReadonlyMap<string, readonly string[]>,
): string[] {
    const regions = [...byRegion.keys()];
    const where = new Map<string, string[]>();
    for (const [region, lines] of byRegion)
        for (const line of new Set(lines)) where.set(line, [...(where.get(line) ?? []), region]);
    if (regions.length <= 1) return [...where.keys()];
    return [...where].map(([line, found]) =>
        line.startsWith(`${project}:regionOverrides.`)
            ? line
            : `${line} (in ${
                  found.length === regions.length
                      ? "every region: "
                      : found.length === 1
                        ? "region "
                        : "regions "
              }${found.join(", ")})`,
    );
}
