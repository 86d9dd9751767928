/**
 * The regions one stack covers (`regions`) and what differs in one of them (`regionOverrides`).
 * An override holds only keys a region may change; its values are validated as the section's own,
 * once merged into the stack-wide settings (`../regions.ts`), so each region resolves to one
 * effective settings object.
 */
import { z } from "zod";
import { DEVICE_DEFENDER_REGIONS, partitionOfRegion } from "../../facts";

/** Values are the section's: checked after merging, with the section's schema. */
const value = z.unknown();

/**
 * What a region may set differently from the stack: its fleet, thresholds, schedules, engine and
 * fleet alarms. `detect.profiles` is a list, so a region's list replaces the stack's whole (thing groups are
 * regional: a region names its own), and each region's profiles meet every profile check there.
 */
export const regionOverride = z.strictObject({
    audit: z
        .strictObject({ schedules: value, checkThresholds: value, alarm: value })
        .partial()
        .optional(),
    detect: z
        .strictObject({
            engine: value,
            targets: value,
            rules: z.strictObject({ behaviors: value }).partial().optional(),
            ml: value,
            logs: value,
            profiles: value,
            alarm: value,
        })
        .partial()
        .optional(),
    /** A region's fleet is its own: its thresholds, and which metrics, may differ. */
    fleetAlarms: value.optional(),
});
export type RegionOverride = z.output<typeof regionOverride>;

/** The listed regions: each one Device Defender serves, each once. Default: `aws:region` alone. */
export const regions = z
    .array(z.string())
    .min(1)
    .superRefine((list, ctx) => {
        list.forEach((region, i) => {
            const first = list.indexOf(region);
            if (first !== i)
                ctx.addIssue({
                    code: "custom",
                    path: [i],
                    input: region,
                    message: `lists region ${region} a second time (first at regions[${first}]); list each region once`,
                });
            else if (partitionOfRegion(region) === undefined)
                ctx.addIssue({
                    code: "custom",
                    path: [i],
                    input: region,
                    message: `is not a region AWS IoT Device Defender serves; allowed: ${Object.keys(DEVICE_DEFENDER_REGIONS).join(", ")}`,
                });
        });
    })
    .optional();

/** Region -> its override; a region not listed in `regions` is an error (../regions.ts). */
export const regionOverrides = z.record(z.string(), regionOverride).default({});
