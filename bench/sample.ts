/**
 * One benchmark sample, run in a fresh child process by `bench/run.ts` (never on its own in CI):
 *
 *   sample.ts floor            load @pulumi/pulumi + @pulumi/aws, register one resource under the offline mocks
 *   sample.ts stack <name>     build Pulumi.<name>.yaml through the program's own buildStack
 *   sample.ts growth <layout> <n> <reps>  build dev in a fleet layout (bench/layouts.ts) with n thing groups:
 *                              once for memory, then <reps> timed (after a warm-up)
 *
 * Prints one line `BENCH <json>` on stdout. Times are milliseconds from `performance.now()`,
 * whose origin is the start of this process, so `boot` covers node and the loader's start-up.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const boot = performance.now();

type BuildModule = typeof import("../tools/offline/build");

const WARM_REPS = 2;

function report(result: Record<string, unknown>): void {
    process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function gc(): void {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) {
        g();
        g();
    }
}

async function floor(): Promise<void> {
    const t0 = performance.now();
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const aws = require("@pulumi/aws") as typeof import("@pulumi/aws");
    const { OfflineEngine } =
        require("../tools/offline/engine") as typeof import("../tools/offline/engine");
    const t1 = performance.now();
    const once = async () => {
        const a = performance.now();
        const engine = new OfflineEngine();
        await engine.install("iot-defender", "dev", { "aws:region": "eu-west-1" });
        // Force the aws module's lazy parts to load, as any real program does.
        new aws.sns.Topic("floor-topic", {});
        await engine.settle();
        void pulumi;
        return { ms: performance.now() - a, resources: engine.resources.length };
    };
    const cold = await once();
    const warm: number[] = [];
    for (let i = 0; i < WARM_REPS; i++) warm.push((await once()).ms);
    report({
        kind: "floor",
        boot,
        load: t1 - t0,
        build: cold.ms,
        total: performance.now(),
        warm: median(warm),
        resources: cold.resources,
    });
}

async function stack(name: string): Promise<void> {
    const t0 = performance.now();
    const { buildOffline } = require("../tools/offline/build") as BuildModule;
    const t1 = performance.now();
    const once = async () => {
        const a = performance.now();
        const b = await buildOffline(name);
        return { ms: performance.now() - a, resources: b.engine.resources.length };
    };
    const cold = await once();
    const warm: number[] = [];
    for (let i = 0; i < WARM_REPS; i++) warm.push((await once()).ms);
    report({
        kind: "stack",
        stack: name,
        boot,
        load: t1 - t0,
        build: cold.ms,
        total: performance.now(),
        warm: median(warm),
        resources: cold.resources,
    });
}

async function growth(layout: string, n: number, reps: number): Promise<void> {
    const { LAYOUTS, buildLayout } = require("./layouts") as typeof import("./layouts");
    const { OfflineEngine } =
        require("../tools/offline/engine") as typeof import("../tools/offline/engine");
    const { readStackConfig } =
        require("../components/config/stackFile") as typeof import("../components/config/stackFile");
    const { DYNAMIC_TYPES } =
        require("../components/facts") as typeof import("../components/facts");
    if (!(LAYOUTS as readonly string[]).includes(layout))
        throw new Error(
            `layout must be one of ${LAYOUTS.join(", ")}; got ${JSON.stringify(layout)}`,
        );
    const build = (size: number) => buildLayout(layout as (typeof LAYOUTS)[number], size);
    // Warm-up: pays the one-time costs (lazy module loads, JIT) so the figures show what grows with n.
    // Two groups, so the split layout's per-group code runs too; then one, so both layouts leave the
    // same state behind.
    await build(2);
    await build(1);
    // An empty engine replaces the warm-up's in the SDK's globals, so the baseline retains no build.
    const file = readStackConfig("dev");
    const empty = new OfflineEngine();
    await empty.install(file.project, "dev", file.values);
    await empty.settle();
    gc();
    const before = process.memoryUsage();

    // Memory build: retained heap (after GC, result held) and peaks sampled every 2 ms.
    let peakHeap = before.heapUsed,
        peakRss = before.rss;
    const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
    }, 2);
    let held: Awaited<ReturnType<typeof build>> | undefined = await build(n);
    clearInterval(sampler);
    gc();
    const after = process.memoryUsage();
    const profiles = held.ofType(DYNAMIC_TYPES.SecurityProfile);
    const alarms = held.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    const maxTargetsPerProfile = Math.max(
        0,
        ...profiles.map(p => (p.inputs.targets as string[]).length),
    );
    const inputBytes = profiles.reduce((sum, p) => {
        const { __provider: _, ...rest } = p.inputs;
        return sum + JSON.stringify(rest).length;
    }, 0);
    const resources = held.resources.length;
    held = undefined;

    // Timed builds, without the sampler.
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
        const s = performance.now();
        await build(n);
        times.push(performance.now() - s);
    }
    report({
        kind: "growth",
        layout,
        groups: n,
        times,
        median: median(times),
        min: Math.min(...times),
        heapRetained: after.heapUsed - before.heapUsed,
        heapPeak: peakHeap - before.heapUsed,
        rssPeak: peakRss - before.rss,
        resources,
        profiles: profiles.length,
        alarms: alarms.length,
        maxTargetsPerProfile,
        profileInputBytes: inputBytes,
    });
}

async function main(): Promise<void> {
    const [kind, arg, size, reps] = process.argv.slice(2);
    if (kind === "floor") await floor();
    else if (kind === "stack") await stack(arg);
    else if (kind === "growth") await growth(arg, Number(size), Number(reps ?? 3));
    else throw new Error(`unknown sample kind ${kind}`);
}

if (require.main === module) {
    main().then(
        () => process.exit(0),
        err => {
            console.error(err);
            process.exit(1);
        },
    );
}

// A module, not a script: its names stay out of the global scope (Node's types declare a global `gc`).
export {};
