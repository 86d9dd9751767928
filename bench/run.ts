/**
 * `npm run bench`: plan time, growth with fleet layout and AWS calls per operation, in one run.
 * Prints tables, writes bench/results/latest.json and a dated copy, and exits non-zero if a figure
 * check fails. Options: --samples N (cold processes per plan figure, default 5), --reps N (builds
 * per growth size, default 3), --sizes 1,10,100,500 (thing groups, ascending).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CALL_CASES, measureStack, ONE_SETTING, StackCalls } from "./awsCalls";
import { round } from "./figures";
import { growth, MARGINAL_FACTOR, NOISE } from "./growth";
import { LAYOUTS } from "./layouts";
import { machine } from "./machine";
import { benchOptions } from "./options";
import { planTime } from "./planTime";
import { printTables, status } from "./report";
import { measureSpeed, msPerGroup, speedChecks } from "./speed";

const RESULTS = path.join(__dirname, "results");

async function main(): Promise<void> {
    const options = benchOptions();
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
    const plan = await timed("plan", () => planTime(options.samples));
    const speed = await timed("speed", () => measureSpeed(options.samples));
    const grow = await timed("growth", () => growth(options.sizes, options.reps));
    const perGroup = msPerGroup(grow.split.sizes);
    const calls = await timed("awsCalls", async () => {
        const all: StackCalls[] = [];
        for (const c of CALL_CASES) all.push(await measureStack(c));
        return all;
    });

    printTables({ plan, speed, perGroup, grow, calls }, options.samples, options.reps);

    // --- Assertions -------------------------------------------------------------------------
    const op = (c: StackCalls, name: string) => c.operations.find(o => o.operation === name)!;
    const assertions: { check: string; pass?: boolean; detail: string }[] = [];
    for (const c of calls) {
        const noop = op(c, "update (no-op)"),
            one = op(c, ONE_SETTING);
        assertions.push({
            check: `${c.label}: no-op update makes zero AWS write calls`,
            pass: noop.writes === 0,
            detail: `${noop.writes} writes, ${noop.total} calls`,
        });
        assertions.push({
            check: `${c.label}: one changed setting makes exactly one write`,
            pass: one.writes === 1 && c.updateApplied,
            detail: `${one.note}: ${one.writes} writes (${Object.keys(one.byCommand).join(", ") || "none"}); applied: ${c.updateApplied}`,
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
        schema: 4,
        date,
        durationSeconds: round((performance.now() - started) / 1000),
        phaseSeconds,
        machine: host,
        options: {
            samples: options.samples,
            growthReps: options.reps,
            sizes: options.sizes,
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
