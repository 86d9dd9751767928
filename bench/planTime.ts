/** 1. Plan time: cold child processes, interleaved so load changes hit every kind alike. */
import { Stats, round, stats } from "./figures";
import { PlanSample, sample } from "./sampleProcess";

/** Plan figures of one kind (floor, dev, prod): statistics of each phase, and the raw samples. */
export interface PlanFigures {
    resources: number;
    wall: Stats;
    total: Stats;
    boot: Stats;
    load: Stats;
    build: Stats;
    warm: Stats;
    samples: Omit<PlanSample & { wall: number }, "resources">[];
}

/** Plan figures of the floor, dev and prod, `count` samples each, and their ratios to the floor. */
export function planTime(count: number) {
    const kinds = [["floor"], ["stack", "dev"], ["stack", "prod"]];
    const samples: Record<string, (PlanSample & { wall: number })[]> = {
        floor: [],
        dev: [],
        prod: [],
    };
    for (let i = 0; i < count; i++) {
        for (const args of kinds) samples[args[1] ?? args[0]].push(sample<PlanSample>(args));
        process.stderr.write(`plan sample ${i + 1}/${count}\n`);
    }
    const summary: Record<string, PlanFigures> = Object.fromEntries(
        Object.entries(samples).map(([k, s]) => [
            k,
            {
                resources: s[0].resources,
                wall: stats(s.map(x => x.wall)),
                total: stats(s.map(x => x.total)),
                boot: stats(s.map(x => x.boot)),
                load: stats(s.map(x => x.load)),
                build: stats(s.map(x => x.build)),
                warm: stats(s.map(x => x.warm)),
                samples: s.map(x => ({
                    wall: round(x.wall),
                    boot: round(x.boot),
                    load: round(x.load),
                    build: round(x.build),
                    total: round(x.total),
                    warm: round(x.warm),
                })),
            },
        ]),
    );
    const ratio = (k: string, f: "wall" | "total" | "warm") =>
        round(summary[k][f].median / summary.floor[f].median, 2);
    const ratios = Object.fromEntries(
        ["dev", "prod"].map(k => [
            k,
            { wall: ratio(k, "wall"), total: ratio(k, "total"), warm: ratio(k, "warm") },
        ]),
    );
    return { samples: count, ...summary, ratios };
}
