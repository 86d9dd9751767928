/** 2. Growth with fleet layout: one fresh process per layout and size, after a warm-up in that process. */
import { Layout, LAYOUT_TITLES, LAYOUTS } from "./layouts";
import { mb, round } from "./figures";
import { GrowthSample, sample } from "./sampleProcess";

/**
 * Growth verdict: the time (or retained heap) an interval of sizes adds may be at most this many
 * times what the previous interval's marginal cost per group predicts, plus the noise allowance.
 * Linear growth gives about 1×; quadratic growth gives 5× from 10→100 to 100→500.
 */
export const MARGINAL_FACTOR = 2;
/** Differences this small are noise (build time on a shared machine; heap after GC), not growth. */
export const NOISE = { ms: 50, heapKiB: 512 };

export interface GrowthRow {
    groups: number;
    resources: number;
    profiles: number;
    alarms: number;
    maxTargetsPerProfile: number;
    profileInputKiB: number;
    buildMs: { median: number; min: number; reps: number[] };
    heapRetainedMiB: number;
    heapPeakMiB: number;
    rssPeakMiB: number;
}

/**
 * What one interval of sizes adds, in total and per added group. Time is the least of the reps:
 * other work on the machine only ever adds time, so the least is the best estimate of the build's own.
 */
export interface Interval {
    from: number;
    to: number;
    ms: number;
    heapKiB: number;
    msPerGroup: number;
    heapKiBPerGroup: number;
    /** Peak heap during the build (sampled every 2 ms): reported, not judged (see PEAK_NOTE). */
    peakMiB: number;
    peakKiBPerGroup: number;
}

/**
 * Why the transient peak is printed but not judged: V8 collects later as the heap grows, so the
 * peak measures garbage-collector pacing as much as the program; the retained heap after a forced
 * GC is what the stack itself holds.
 */
export const PEAK_NOTE =
    "peak heap: reported, not judged (V8 collects later on larger heaps, so the peak reflects GC pacing as well as the build)";

/** One comparison of an interval with the one before it (figures in ms or KiB). */
interface Step {
    interval: string;
    added: number;
    perGroup: number;
    /** The previous interval, its cost per group (raised to the noise floor) and whether it was raised. */
    previous: string;
    previousPerGroup: number;
    atNoiseFloor: boolean;
    /** What the previous rate predicts for this interval, and the most it may add. */
    expected: number;
    allowed: number;
    pass: boolean;
}
export interface Verdict {
    pass?: boolean;
    detail: string;
    steps: Step[];
}

function growthRows(layout: Layout, sizes: number[], reps: number): GrowthRow[] {
    return sizes.map(n => {
        const s = sample<GrowthSample>(
            ["growth", layout, String(n), String(reps)],
            ["--expose-gc"],
        );
        process.stderr.write(`growth ${layout} ${n} groups done\n`);
        return {
            groups: n,
            resources: s.resources,
            profiles: s.profiles,
            alarms: s.alarms,
            maxTargetsPerProfile: s.maxTargetsPerProfile,
            profileInputKiB: round(s.profileInputBytes / 1024, 1),
            buildMs: {
                median: round(s.median),
                min: round(s.min),
                reps: s.times.map(t => round(t)),
            },
            heapRetainedMiB: mb(s.heapRetained),
            heapPeakMiB: mb(s.heapPeak),
            rssPeakMiB: mb(s.rssPeak),
        };
    });
}

function intervals(rows: GrowthRow[]): Interval[] {
    return rows.slice(1).map((b, i) => {
        const a = rows[i],
            span = b.groups - a.groups;
        const ms = round(b.buildMs.min - a.buildMs.min),
            heapKiB = round((b.heapRetainedMiB - a.heapRetainedMiB) * 1024);
        const peakMiB = round(b.heapPeakMiB - a.heapPeakMiB);
        return {
            from: a.groups,
            to: b.groups,
            ms,
            heapKiB,
            msPerGroup: round(ms / span, 3),
            heapKiBPerGroup: round(heapKiB / span, 2),
            peakMiB,
            peakKiBPerGroup: round((peakMiB * 1024) / span, 1),
        };
    });
}

/**
 * Linear or better: each interval adds at most MARGINAL_FACTOR × what the previous interval's
 * marginal cost per group predicts for its span, plus the noise allowance. The previous interval's
 * addition counts as at least the noise allowance, so a tiny or negative one (noise) cannot make
 * the next one fail.
 */
function verdict(steps: Interval[], measure: "ms" | "heapKiB", sizes: number[]): Verdict {
    const noise = NOISE[measure],
        unit = measure === "ms" ? "ms" : "KiB";
    if (steps.length < 2) {
        return {
            detail: `needs at least 3 sizes (2 intervals) to compare marginal costs; got --sizes ${sizes.join(",")}`,
            steps: [],
        };
    }
    const perGroup = (i: Interval) => i[measure] / (i.to - i.from);
    const judged: Step[] = steps.slice(1).map((next, i) => {
        const prev = steps[i];
        const atNoiseFloor = prev[measure] < noise;
        const rate = Math.max(prev[measure], noise) / (prev.to - prev.from);
        const expected = rate * (next.to - next.from);
        const allowed = MARGINAL_FACTOR * expected + noise;
        return {
            interval: `${next.from}→${next.to}`,
            added: next[measure],
            perGroup: round(perGroup(next), 3),
            previous: `${prev.from}→${prev.to}`,
            previousPerGroup: round(rate, 3),
            atNoiseFloor,
            expected: round(expected),
            allowed: round(allowed),
            pass: next[measure] <= allowed,
        };
    });
    const detail = judged
        .map(
            j =>
                `${j.interval} adds ${j.added} ${unit} (${j.perGroup}/group) ${j.pass ? "≤" : ">"} ${j.allowed} allowed ` +
                `[${j.previous} at ${j.previousPerGroup}/group${j.atNoiseFloor ? " (noise floor)" : ""} predicts ${j.expected}; ${MARGINAL_FACTOR} × that + ${noise}]`,
        )
        .join("; ");
    return { pass: judged.every(j => j.pass), detail, steps: judged };
}

/** Each layout's sizes, their intervals and the time and heap verdicts. */
export function growth(sizes: number[], reps: number) {
    return Object.fromEntries(
        LAYOUTS.map(layout => {
            const rows = growthRows(layout, sizes, reps);
            const steps = intervals(rows);
            return [
                layout,
                {
                    title: LAYOUT_TITLES[layout],
                    sizes: rows,
                    intervals: steps,
                    time: verdict(steps, "ms", sizes),
                    heap: verdict(steps, "heapKiB", sizes),
                },
            ];
        }),
    ) as Record<
        Layout,
        { title: string; sizes: GrowthRow[]; intervals: Interval[]; time: Verdict; heap: Verdict }
    >;
}
