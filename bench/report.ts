/** The benchmark's tables: plan time, speed goals, growth per layout, AWS calls per operation. */
import { Kind, StackCalls } from "./awsCalls";
import { Stats } from "./figures";
import { growth, PEAK_NOTE } from "./growth";
import { LAYOUTS } from "./layouts";
import { PlanFigures, planTime } from "./planTime";
import { measureSpeed, msPerGroup } from "./speed";
import { table } from "./table";

export const status = (pass?: boolean) =>
    pass === undefined ? "NO VERDICT" : pass ? "PASS" : "FAIL";

/** What one run measured, as the tables print it. */
export interface Measured {
    readonly plan: ReturnType<typeof planTime>;
    readonly speed: ReturnType<typeof measureSpeed>;
    readonly perGroup: ReturnType<typeof msPerGroup>;
    readonly grow: ReturnType<typeof growth>;
    readonly calls: StackCalls[];
}

/** Prints every table of the run; `samples` and `reps` are the options they were measured with. */
export function printTables(
    { plan, speed, perGroup, grow, calls }: Measured,
    samples: number,
    reps: number,
): void {
    table(
        `1. Plan time: offline build in a fresh process, ${samples} samples each (ms; median / min)`,
        [
            "",
            "resources",
            "wall",
            "in-process total",
            "boot",
            "load modules",
            "build (cold)",
            "build (warm)",
        ],
        (["floor", "dev", "prod"] as const).map(k => {
            const p = (plan as unknown as Record<typeof k, PlanFigures>)[k];
            const f = (s: Stats) => `${s.median} / ${s.min}`;
            return [
                k === "floor" ? "floor (pulumi+aws, 1 resource)" : `stack ${k}`,
                p.resources,
                f(p.wall),
                f(p.total),
                f(p.boot),
                f(p.load),
                f(p.build),
                f(p.warm),
            ];
        }),
    );
    table(
        "   Ratio stack / floor (medians)",
        ["", "wall", "in-process total", "warm build"],
        ["dev", "prod"].map(k => [
            k,
            plan.ratios[k].wall,
            plan.ratios[k].total,
            plan.ratios[k].warm,
        ]),
    );

    table(
        `   Speed goals (issue 20): fresh processes side by side, ${samples} samples each (wall ms; median / min)`,
        ["", "wall", "ratio to its floor"],
        [
            ["floor (the loader, as npm scripts run)", speed.wall.floor, "1"],
            ["npm run plan dev", speed.wall["plan dev"], speed.ratios.planDev],
            ["npm run plan prod", speed.wall["plan prod"], speed.ratios.planProd],
            ["floor (Pulumi's runner registration)", speed.wall["runner floor"], "1"],
            ["dev as pulumi preview loads it", speed.wall["runner dev"], speed.ratios.runner],
        ].map(([k, w, r]) => [
            k as string,
            `${(w as { median: number }).median} / ${(w as { min: number }).min}`,
            r as string | number,
        ]),
    );
    console.log(
        `   runner transpile-only: ${speed.runnerTranspileOnly}; growth, profiles per group: ${perGroup.perGroup} ms/group from ${perGroup.from} to ${perGroup.to} groups, ${perGroup.totalMs} ms at ${perGroup.to}`,
    );

    LAYOUTS.forEach((layout, i) => {
        const g = grow[layout];
        table(
            `2${"ab"[i]}. Growth, ${g.title}: dev on the Device Defender engine with n thing groups as targets; ${reps} warm builds per size, fresh process per size`,
            [
                "groups",
                "resources",
                "profiles",
                "alarms",
                "targets/profile",
                "profile inputs KiB",
                "build ms (median/min)",
                "heap retained MiB",
                "heap peak Δ MiB",
                "RSS peak Δ MiB",
            ],
            g.sizes.map(r => [
                r.groups,
                r.resources,
                r.profiles,
                r.alarms,
                r.maxTargetsPerProfile,
                r.profileInputKiB,
                `${r.buildMs.median} / ${r.buildMs.min}`,
                r.heapRetainedMiB,
                r.heapPeakMiB,
                r.rssPeakMiB,
            ]),
        );
        table(
            "    Marginal cost per added group (build time: least of the reps)",
            [
                "groups",
                "build ms added",
                "ms/group",
                "heap KiB added",
                "heap KiB/group",
                "peak heap MiB added",
                "peak KiB/group",
            ],
            g.intervals.map(s => [
                `${s.from}→${s.to}`,
                s.ms,
                s.msPerGroup,
                s.heapKiB,
                s.heapKiBPerGroup,
                s.peakMiB,
                s.peakKiBPerGroup,
            ]),
        );
        console.log(`    time ${status(g.time.pass)}: ${g.time.detail}`);
        console.log(`    heap ${status(g.heap.pass)}: ${g.heap.detail}`);
        console.log(`    ${PEAK_NOTE}`);
    });

    for (const c of calls) {
        const kinds = (Object.entries(c.resources) as [Kind, number][])
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ");
        table(
            `3. AWS calls per operation (HTTP requests to the IoT endpoint), ${c.label} (${kinds}; ${c.targets} profile targets)`,
            [
                "operation",
                "total",
                "reads",
                "writes",
                "min total",
                "min writes",
                "excess",
                "STS",
                "calls",
            ],
            c.operations.map(o => [
                o.operation,
                o.total,
                o.reads,
                o.writes,
                o.minTotal,
                o.minWrites,
                o.total - o.minTotal,
                o.sts,
                Object.entries(o.byCommand)
                    .map(([k, v]) => `${k}×${v}`)
                    .join(" ") || "-",
            ]),
        );
        for (const o of c.operations) {
            const excess = Object.entries(o.excess)
                .map(([k, v]) => `${k} ${v > 0 ? "+" : ""}${v}`)
                .join(", ");
            if (excess) console.log(`   above the minimum, ${o.operation}: ${excess}`);
            if (o.note) console.log(`   ${o.operation}: ${o.note}`);
        }
        console.log(
            `   error answers: ${
                Object.entries(c.errors)
                    .map(([k, v]) => `${k}×${v}`)
                    .join(", ") || "none"
            }; refresh clean (no drift): ${c.refreshClean}; update applied: ${c.updateApplied}; destroy leaves nothing: ${c.destroyClean}`,
        );
    }
}
