/**
 * `npm run bench`: plan time, growth with fleet layout and AWS calls per operation, in one run.
 * Prints tables, writes bench/results/latest.json and a dated copy, and exits non-zero if a figure
 * check fails. Options: --samples N (cold processes per plan figure, default 5), --reps N (builds
 * per growth size, default 3), --sizes 1,10,100,500.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { measureStack, StackCalls } from "./awsCalls";

const ROOT = path.resolve(__dirname, "..");
const TS_NODE = path.join(ROOT, "node_modules", ".bin", "ts-node");
const RESULTS = path.join(__dirname, "results");
/** Growth checks: per-target cost at the largest size may be at most this many times that at 100. */
const GROWTH_FACTOR = 1.5;

function option(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const SAMPLES = Number(option("samples", "5"));
const REPS = Number(option("reps", "3"));
const SIZES = option("sizes", "1,10,100,500").split(",").map(Number);

// ---------------------------------------------------------------------------------------------
// Helpers

type Sample = Record<string, any> & { wall: number };

function sample(args: string[], nodeFlags: string[] = []): Sample {
    const start = performance.now();
    const res = spawnSync(process.execPath, [...nodeFlags, TS_NODE, "--transpile-only", path.join("bench", "sample.ts"), ...args], {
        cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024,
    });
    const wall = performance.now() - start;
    const line = res.stdout?.split("\n").find(l => l.startsWith("BENCH "));
    if (res.status !== 0 || !line) throw new Error(`sample ${args.join(" ")} failed (exit ${res.status}):\n${res.stderr}\n${res.stdout}`);
    return { ...JSON.parse(line.slice(6)), wall };
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Stats { median: number; min: number; max: number }
function stats(values: number[]): Stats {
    return { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);

function table(title: string, header: string[], rows: (string | number)[][]): void {
    const cells = [header, ...rows.map(r => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map(r => (r[i] ?? "").length)));
    // First and last columns are text (left-aligned) when the last is a free-form list; the rest are figures.
    const left = (i: number) => i === 0 || (i === header.length - 1 && header[i] === "calls");
    const line = (r: string[]) => r.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
    console.log(`\n${title}`);
    console.log(line(header));
    console.log(widths.map(w => "-".repeat(w)).join("  "));
    for (const r of cells.slice(1)) console.log(line(r));
}

function machine() {
    const cpus = os.cpus();
    const version = (pkg: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
    let commit: string | undefined;
    try { commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || undefined; } catch { /* not a checkout */ }
    return {
        cpuModel: cpus[0]?.model ?? "unknown", cores: cpus.length, memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
        freeMemoryGiB: round(os.freemem() / 1024 ** 3, 1), loadAverage1m: round(os.loadavg()[0], 2),
        node: process.version, os: `${os.type()} ${os.release()} ${os.arch()}`,
        pulumi: version("@pulumi/pulumi"), pulumiAws: version("@pulumi/aws"), commit,
    };
}

// ---------------------------------------------------------------------------------------------
// 1. Plan time: cold child processes, interleaved so load changes hit every kind alike.

function planTime() {
    const kinds = [["floor"], ["stack", "dev"], ["stack", "prod"]];
    const samples: Record<string, Sample[]> = { floor: [], dev: [], prod: [] };
    for (let i = 0; i < SAMPLES; i++) {
        for (const args of kinds) samples[args[1] ?? args[0]].push(sample(args));
        process.stderr.write(`plan sample ${i + 1}/${SAMPLES}\n`);
    }
    const summary = Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, {
        resources: s[0].resources,
        wall: stats(s.map(x => x.wall)), total: stats(s.map(x => x.total)), boot: stats(s.map(x => x.boot)),
        load: stats(s.map(x => x.load)), build: stats(s.map(x => x.build)), warm: stats(s.map(x => x.warm)),
        samples: s.map(x => ({ wall: round(x.wall), boot: round(x.boot), load: round(x.load), build: round(x.build), total: round(x.total), warm: round(x.warm) })),
    }]));
    const ratio = (k: string, f: "wall" | "total" | "warm") => round(summary[k][f].median / summary.floor[f].median, 2);
    const ratios = Object.fromEntries(["dev", "prod"].map(k => [k, { wall: ratio(k, "wall"), total: ratio(k, "total"), warm: ratio(k, "warm") }]));
    return { samples: SAMPLES, ...summary, ratios };
}

// ---------------------------------------------------------------------------------------------
// 2. Growth with fleet layout: one fresh process per size, after a warm-up build in that process.

function growth() {
    return SIZES.map(n => {
        const s = sample(["growth", String(n), String(REPS)], ["--expose-gc"]);
        process.stderr.write(`growth ${n} targets done\n`);
        return {
            targets: n, resources: s.resources, profiles: s.profiles, alarms: s.alarms, targetsPerProfile: s.targetsPerProfile,
            profileInputKiB: round(s.profileInputBytes / 1024, 1),
            buildMs: { median: round(s.median), min: round(s.min), reps: s.times.map((t: number) => round(t)) },
            heapRetainedMiB: mb(s.heapRetained), heapPeakMiB: mb(s.heapPeak), rssPeakMiB: mb(s.rssPeak),
            msPerTarget: round(s.median / n, 3), heapKiBPerTarget: round(s.heapRetained / 1024 / n, 2),
        };
    });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
    const started = performance.now();
    const host = machine();
    console.log(`iot-defender benchmarks — ${host.cpuModel}, ${host.cores} cores, ${host.memoryGiB} GiB, Node ${host.node}, ${host.os}, load ${host.loadAverage1m}`);

    const plan = planTime();
    const grow = growth();
    const calls: StackCalls[] = [];
    for (const stack of ["dev", "prod"]) calls.push(await measureStack(stack));

    // --- Tables ---------------------------------------------------------------------------
    table(`1. Plan time: offline build in a fresh process, ${SAMPLES} samples each (ms; median / min)`,
        ["", "resources", "wall", "in-process total", "boot", "load modules", "build (cold)", "build (warm)"],
        (["floor", "dev", "prod"] as const).map(k => {
            const p = (plan as any)[k];
            const f = (s: Stats) => `${s.median} / ${s.min}`;
            return [k === "floor" ? "floor (pulumi+aws, 1 resource)" : `stack ${k}`, p.resources, f(p.wall), f(p.total), f(p.boot), f(p.load), f(p.build), f(p.warm)];
        }));
    table("   Ratio stack / floor (medians)", ["", "wall", "in-process total", "warm build"],
        ["dev", "prod"].map(k => [k, plan.ratios[k].wall, plan.ratios[k].total, plan.ratios[k].warm]));

    table(`2. Growth with thing-group targets (dev, targets = thing groups only; ${REPS} warm builds per size, fresh process per size)`,
        ["targets", "resources", "profiles", "alarms", "profile inputs KiB", "build ms (median/min)", "ms/target", "heap retained MiB", "heap peak Δ MiB", "RSS peak Δ MiB", "heap KiB/target"],
        grow.map(g => [g.targets, g.resources, g.profiles, g.alarms, g.profileInputKiB, `${g.buildMs.median} / ${g.buildMs.min}`, g.msPerTarget,
            g.heapRetainedMiB, g.heapPeakMiB, g.rssPeakMiB, g.heapKiBPerTarget]));

    const byTargets = (n: number) => grow.find(g => g.targets === n);
    const largest = grow[grow.length - 1];
    const at100 = byTargets(100);
    const marginal = (a?: typeof largest, b?: typeof largest) => (a && b ? round((b.buildMs.median - a.buildMs.median) / (b.targets - a.targets), 3) : undefined);
    const marginalKiB = (a?: typeof largest, b?: typeof largest) => (a && b ? round((b.heapRetainedMiB - a.heapRetainedMiB) * 1024 / (b.targets - a.targets), 2) : undefined);
    const growthSummary = {
        timePerTargetRatio: at100 ? round(largest.msPerTarget / at100.msPerTarget, 3) : undefined,
        heapPerTargetRatio: at100 ? round(largest.heapKiBPerTarget / at100.heapKiBPerTarget, 3) : undefined,
        marginalMsPerTarget10to100: marginal(byTargets(10), at100),
        marginalMsPerTarget100toLargest: marginal(at100, largest),
        marginalHeapKiBPerTarget10to100: marginalKiB(byTargets(10), at100),
        marginalHeapKiBPerTarget100toLargest: marginalKiB(at100, largest),
        timePerTargetRatio500vs10: byTargets(10) ? round(largest.msPerTarget / byTargets(10)!.msPerTarget, 3) : undefined,
    };
    console.log(`   time per target at ${largest.targets} / at 100: ${growthSummary.timePerTargetRatio}; at ${largest.targets} / at 10: ${growthSummary.timePerTargetRatio500vs10}; `
        + `heap per target at ${largest.targets} / at 100: ${growthSummary.heapPerTargetRatio}`);
    console.log(`   marginal cost per added target: build ms 10→100 ${growthSummary.marginalMsPerTarget10to100}, 100→${largest.targets} ${growthSummary.marginalMsPerTarget100toLargest}; `
        + `retained heap KiB 10→100 ${growthSummary.marginalHeapKiBPerTarget10to100}, 100→${largest.targets} ${growthSummary.marginalHeapKiBPerTarget100toLargest}`);

    for (const c of calls) {
        table(`3. AWS calls per operation, ${c.stack} (${c.resources.SecurityProfile} profiles, ${c.targets} profile targets, ${c.resources.ScheduledAudit} scheduled audit(s), 1 audit configuration)`,
            ["operation", "total", "reads", "writes", "min total", "min writes", "excess", "calls"],
            c.operations.map(o => [o.operation, o.total, o.reads, o.writes, o.minTotal, o.minWrites, o.total - o.minTotal,
                Object.entries(o.byCommand).map(([k, v]) => `${k}×${v}`).join(" ") || "-"]));
        for (const o of c.operations) console.log(`   minimum, ${o.operation}: ${o.minimum}`);
        console.log(`   retries: ${c.retries}; refresh clean (no drift): ${c.refreshClean}; update applied: ${c.updateApplied}; destroy leaves nothing: ${c.destroyClean}`);
    }

    // --- Assertions -------------------------------------------------------------------------
    const op = (c: StackCalls, name: string) => c.operations.find(o => o.operation === name)!;
    const assertions: { check: string; pass: boolean; detail: string }[] = [];
    for (const c of calls) {
        const noop = op(c, "update (no-op)"), one = op(c, "update (1 threshold)");
        assertions.push({ check: `${c.stack}: no-op update makes zero AWS write calls`, pass: noop.writes === 0, detail: `${noop.writes} writes, ${noop.total} calls` });
        assertions.push({ check: `${c.stack}: one changed threshold makes exactly one write`, pass: one.writes === 1 && c.updateApplied, detail: `${one.writes} writes (${Object.keys(one.byCommand).join(", ")}); applied: ${c.updateApplied}` });
    }
    if (at100) {
        assertions.push({ check: `growth: time per target at ${largest.targets} ≤ ${GROWTH_FACTOR} × at 100`, pass: growthSummary.timePerTargetRatio! <= GROWTH_FACTOR,
            detail: `${largest.msPerTarget} vs ${at100.msPerTarget} ms/target (ratio ${growthSummary.timePerTargetRatio})` });
        assertions.push({ check: `growth: heap per target at ${largest.targets} ≤ ${GROWTH_FACTOR} × at 100`, pass: growthSummary.heapPerTargetRatio! <= GROWTH_FACTOR,
            detail: `${largest.heapKiBPerTarget} vs ${at100.heapKiBPerTarget} KiB/target (ratio ${growthSummary.heapPerTargetRatio})` });
    }
    console.log("\nChecks");
    for (const a of assertions) console.log(`${a.pass ? "PASS" : "FAIL"}  ${a.check} — ${a.detail}`);

    // --- Results ----------------------------------------------------------------------------
    const date = new Date().toISOString();
    const results = {
        schema: 1, date, durationSeconds: round((performance.now() - started) / 1000), machine: host,
        options: { samples: SAMPLES, growthReps: REPS, sizes: SIZES, growthFactor: GROWTH_FACTOR },
        loadAverage1mAtEnd: round(os.loadavg()[0], 2),
        plan, growth: { sizes: grow, summary: growthSummary }, awsCalls: calls, assertions,
        passed: assertions.every(a => a.pass),
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    const text = JSON.stringify(results, null, 2) + "\n";
    fs.writeFileSync(path.join(RESULTS, "latest.json"), text);
    fs.writeFileSync(path.join(RESULTS, `${date.replace(/:/g, "-").replace(/\.\d+Z$/, "Z")}.json`), text);
    console.log(`\nResults: bench/results/latest.json (and a dated copy); run took ${results.durationSeconds} s`);
    process.exitCode = results.passed ? 0 : 1;
}

main().then(() => process.exit(process.exitCode ?? 0), err => { console.error(err); process.exit(2); });
