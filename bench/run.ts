/**
 * `npm run bench`: plan time, growth with fleet layout and AWS calls per operation, in one run.
 * Prints tables, writes bench/results/latest.json and a dated copy, and exits non-zero if a figure
 * check fails. Options: --samples N (cold processes per plan figure, default 5), --reps N (builds
 * per growth size, default 3), --sizes 1,10,100,500 (thing groups, ascending).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CALL_CASES, Kind, measureStack, StackCalls } from "./awsCalls";
import { Layout, LAYOUT_TITLES, LAYOUTS } from "./layouts";
import { measureSpeed, msPerGroup, speedChecks } from "./speed";

const ROOT = path.resolve(__dirname, "..");
const TS_NODE = path.join(ROOT, "node_modules", ".bin", "ts-node");
const RESULTS = path.join(__dirname, "results");
/**
 * Growth verdict: the time (or retained heap) an interval of sizes adds may be at most this many
 * times what the previous interval's marginal cost per group predicts, plus the noise allowance.
 * Linear growth gives about 1×; quadratic growth gives 5× from 10→100 to 100→500.
 */
const MARGINAL_FACTOR = 2;
/** Differences this small are noise (build time on a shared machine; heap after GC), not growth. */
const NOISE = { ms: 50, heapKiB: 512 };

function option(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function positiveInteger(name: string, text: string): number {
    const v = Number(text);
    if (!Number.isInteger(v) || v < 1)
        throw new Error(`--${name} must be a whole number ≥ 1; got ${JSON.stringify(text)}`);
    return v;
}

function sizesOption(): number[] {
    const text = option("sizes", "1,10,100,500");
    const sizes = text.split(",").map(s => positiveInteger("sizes", s.trim()));
    if (sizes.some((s, i) => i > 0 && s <= sizes[i - 1]))
        throw new Error(
            `--sizes must be ascending without repeats, e.g. 1,10,100,500; got ${text}`,
        );
    return sizes;
}

/** The command-line options; a bad one stops the run with one line naming it. */
const { SAMPLES, REPS, SIZES } = (() => {
    try {
        return {
            SAMPLES: positiveInteger("samples", option("samples", "5")),
            REPS: positiveInteger("reps", option("reps", "3")),
            SIZES: sizesOption(),
        };
    } catch (err) {
        console.error(`bench: ${(err as Error).message}`);
        return process.exit(2);
    }
})();

// ---------------------------------------------------------------------------------------------
// Helpers

/** One plan sample: the phases bench/sample.ts measured inside the process (ms). */
interface PlanSample {
    resources: number;
    total: number;
    boot: number;
    load: number;
    build: number;
    warm: number;
}

/** One growth sample: what bench/sample.ts built for a layout and size, and what it cost. */
interface GrowthSample {
    resources: number;
    profiles: number;
    alarms: number;
    maxTargetsPerProfile: number;
    profileInputBytes: number;
    median: number;
    min: number;
    times: number[];
    heapRetained: number;
    heapPeak: number;
    rssPeak: number;
}

/** Runs bench/sample.ts in a fresh process; its BENCH line, with the process's wall time. */
function sample<T extends object>(args: string[], nodeFlags: string[] = []): T & { wall: number } {
    const start = performance.now();
    const res = spawnSync(
        process.execPath,
        [...nodeFlags, TS_NODE, "--transpile-only", path.join("bench", "sample.ts"), ...args],
        {
            cwd: ROOT,
            encoding: "utf8",
            maxBuffer: 16 * 1024 * 1024,
        },
    );
    const wall = performance.now() - start;
    const line = res.stdout?.split("\n").find(l => l.startsWith("BENCH "));
    if (res.status !== 0 || !line)
        throw new Error(
            `sample ${args.join(" ")} failed (exit ${res.status}):\n${res.stderr}\n${res.stdout}`,
        );
    return { ...JSON.parse(line.slice(6)), wall };
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Stats {
    median: number;
    min: number;
    max: number;
}
function stats(values: number[]): Stats {
    return {
        median: round(median(values)),
        min: round(Math.min(...values)),
        max: round(Math.max(...values)),
    };
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);

function table(title: string, header: string[], rows: (string | number)[][]): void {
    const cells = [header, ...rows.map(r => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map(r => (r[i] ?? "").length)));
    // First and last columns are text (left-aligned) when the last is a free-form list; the rest are figures.
    const left = (i: number) => i === 0 || (i === header.length - 1 && header[i] === "calls");
    const line = (r: string[]) =>
        r
            .map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    console.log(`\n${title}`);
    console.log(line(header));
    console.log(widths.map(w => "-".repeat(w)).join("  "));
    for (const r of cells.slice(1)) console.log(line(r));
}

function machine() {
    const cpus = os.cpus();
    const version = (pkg: string) =>
        (
            JSON.parse(
                fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8"),
            ) as { version: string }
        ).version;
    const git = (...args: string[]) =>
        spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim();
    let commit: string | undefined;
    try {
        commit = git("rev-parse", "--short", "HEAD") || undefined;
        // Changes not yet committed make the figures those of no commit: say so.
        if (commit && git("status", "--porcelain", "--untracked-files=no"))
            commit += "+uncommitted";
    } catch {
        /* not a checkout */
    }
    return {
        cpuModel: cpus[0]?.model ?? "unknown",
        cores: cpus.length,
        memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
        freeMemoryGiB: round(os.freemem() / 1024 ** 3, 1),
        loadAverage1m: round(os.loadavg()[0], 2),
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        pulumi: version("@pulumi/pulumi"),
        pulumiAws: version("@pulumi/aws"),
        commit,
    };
}

// ---------------------------------------------------------------------------------------------
// 1. Plan time: cold child processes, interleaved so load changes hit every kind alike.

/** Plan figures of one kind (floor, dev, prod): statistics of each phase, and the raw samples. */
interface PlanFigures {
    resources: number;
    wall: Stats;
    total: Stats;
    boot: Stats;
    load: Stats;
    build: Stats;
    warm: Stats;
    samples: Omit<PlanSample & { wall: number }, "resources">[];
}

function planTime() {
    const kinds = [["floor"], ["stack", "dev"], ["stack", "prod"]];
    const samples: Record<string, (PlanSample & { wall: number })[]> = {
        floor: [],
        dev: [],
        prod: [],
    };
    for (let i = 0; i < SAMPLES; i++) {
        for (const args of kinds) samples[args[1] ?? args[0]].push(sample<PlanSample>(args));
        process.stderr.write(`plan sample ${i + 1}/${SAMPLES}\n`);
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
    return { samples: SAMPLES, ...summary, ratios };
}

// ---------------------------------------------------------------------------------------------
// 2. Growth with fleet layout: one fresh process per layout and size, after a warm-up in that process.

interface GrowthRow {
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
interface Interval {
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
const PEAK_NOTE =
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
interface Verdict {
    pass?: boolean;
    detail: string;
    steps: Step[];
}

function growthRows(layout: Layout): GrowthRow[] {
    return SIZES.map(n => {
        const s = sample<GrowthSample>(
            ["growth", layout, String(n), String(REPS)],
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
function verdict(steps: Interval[], measure: "ms" | "heapKiB"): Verdict {
    const noise = NOISE[measure],
        unit = measure === "ms" ? "ms" : "KiB";
    if (steps.length < 2) {
        return {
            detail: `needs at least 3 sizes (2 intervals) to compare marginal costs; got --sizes ${SIZES.join(",")}`,
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

function growth() {
    return Object.fromEntries(
        LAYOUTS.map(layout => {
            const sizes = growthRows(layout);
            const steps = intervals(sizes);
            return [
                layout,
                {
                    title: LAYOUT_TITLES[layout],
                    sizes,
                    intervals: steps,
                    time: verdict(steps, "ms"),
                    heap: verdict(steps, "heapKiB"),
                },
            ];
        }),
    ) as Record<
        Layout,
        { title: string; sizes: GrowthRow[]; intervals: Interval[]; time: Verdict; heap: Verdict }
    >;
}

const status = (pass?: boolean) => (pass === undefined ? "NO VERDICT" : pass ? "PASS" : "FAIL");

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
    const started = performance.now();
    const host = machine();
    console.log(
        `iot-defender benchmarks — ${host.cpuModel}, ${host.cores} cores, ${host.memoryGiB} GiB, Node ${host.node}, ${host.os}, load ${host.loadAverage1m}`,
    );

    // Seconds each part took, so a slow run shows where the time went.
    const phaseSeconds: Record<string, number> = {};
    const timed = async <T>(phase: string, run: () => T | Promise<T>): Promise<T> => {
        const t = performance.now();
        const result = await run();
        phaseSeconds[phase] = round((performance.now() - t) / 1000);
        return result;
    };
    const plan = await timed("plan", planTime);
    const speed = await timed("speed", () => measureSpeed(SAMPLES));
    const grow = await timed("growth", growth);
    const perGroup = msPerGroup(grow.split.sizes);
    const calls = await timed("awsCalls", async () => {
        const all: StackCalls[] = [];
        for (const c of CALL_CASES) all.push(await measureStack(c));
        return all;
    });

    // --- Tables ---------------------------------------------------------------------------
    table(
        `1. Plan time: offline build in a fresh process, ${SAMPLES} samples each (ms; median / min)`,
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
        `   Speed goals (issue 20): fresh processes side by side, ${SAMPLES} samples each (wall ms; median / min)`,
        ["", "wall", "ratio to its floor"],
        [
            ["floor (ts-node, as npm scripts run)", speed.wall.floor, "1"],
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
            `2${"ab"[i]}. Growth, ${g.title}: dev with n thing groups as targets; ${REPS} warm builds per size, fresh process per size`,
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
            `3. AWS calls per operation, ${c.label} (${kinds}; ${c.targets} profile targets)`,
            ["operation", "total", "reads", "writes", "min total", "min writes", "excess", "calls"],
            c.operations.map(o => [
                o.operation,
                o.total,
                o.reads,
                o.writes,
                o.minTotal,
                o.minWrites,
                o.total - o.minTotal,
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
        }
        console.log(
            `   retries: ${c.retries}; refresh clean (no drift): ${c.refreshClean}; update applied: ${c.updateApplied}; destroy leaves nothing: ${c.destroyClean}`,
        );
    }

    // --- Assertions -------------------------------------------------------------------------
    const op = (c: StackCalls, name: string) => c.operations.find(o => o.operation === name)!;
    const assertions: { check: string; pass?: boolean; detail: string }[] = [];
    for (const c of calls) {
        const noop = op(c, "update (no-op)"),
            one = op(c, "update (1 threshold)");
        assertions.push({
            check: `${c.label}: no-op update makes zero AWS write calls`,
            pass: noop.writes === 0,
            detail: `${noop.writes} writes, ${noop.total} calls`,
        });
        assertions.push({
            check: `${c.label}: one changed threshold makes exactly one write`,
            pass: one.writes === 1 && c.updateApplied,
            detail: `${one.writes} writes (${Object.keys(one.byCommand).join(", ") || "none"}); applied: ${c.updateApplied}`,
        });
        assertions.push({
            check: `${c.label}: refresh finds no drift and destroy leaves nothing`,
            pass: c.refreshClean && c.destroyClean,
            detail: `refresh clean: ${c.refreshClean}; destroy clean: ${c.destroyClean}`,
        });
    }
    for (const layout of LAYOUTS) {
        assertions.push({
            check: `growth, ${layout}: build time linear or better`,
            pass: grow[layout].time.pass,
            detail: grow[layout].time.detail,
        });
        assertions.push({
            check: `growth, ${layout}: retained heap linear or better`,
            pass: grow[layout].heap.pass,
            detail: grow[layout].heap.detail,
        });
    }
    assertions.push(...speedChecks(speed, perGroup));
    console.log("\nChecks");
    for (const a of assertions) console.log(`${status(a.pass)}  ${a.check} — ${a.detail}`);

    // --- Results ----------------------------------------------------------------------------
    const date = new Date().toISOString();
    const results = {
        schema: 3,
        date,
        durationSeconds: round((performance.now() - started) / 1000),
        phaseSeconds,
        machine: host,
        options: {
            samples: SAMPLES,
            growthReps: REPS,
            sizes: SIZES,
            marginalFactor: MARGINAL_FACTOR,
            noise: NOISE,
        },
        loadAverage1mAtEnd: round(os.loadavg()[0], 2),
        plan,
        speed: { ...speed, growth: perGroup },
        growth: grow,
        awsCalls: calls,
        assertions,
        passed: assertions.every(a => a.pass !== false),
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    const text = JSON.stringify(results, null, 2) + "\n";
    fs.writeFileSync(path.join(RESULTS, "latest.json"), text);
    fs.writeFileSync(
        path.join(RESULTS, `${date.replace(/:/g, "-").replace(/\.\d+Z$/, "Z")}.json`),
        text,
    );
    const phases = Object.entries(phaseSeconds)
        .map(([k, v]) => `${k} ${v} s`)
        .join(", ");
    console.log(
        `\nResults: bench/results/latest.json (and a dated copy); run took ${results.durationSeconds} s (${phases})`,
    );
    process.exitCode = results.passed ? 0 : 1;
}

main().then(
    () => process.exit(process.exitCode ?? 0),
    err => {
        console.error(err);
        process.exit(2);
    },
);
