/**
 * `npm run bench:regions [-- --sizes 1,3,10 --reps 3]`: the regions axis (issue 17). Builds the
 * multi-region sample stack (Pulumi.multi.yaml) offline over 1, 3 and 10 regions and reports, per
 * size, the resources (in all, per region, and account-wide) and the build time (in all and per
 * region), then checks that both grow linearly with the regions: resources exactly, time within
 * the growth bench's marginal factor. Prints a table and writes bench/results/regions-latest.json;
 * exit code 1 if a check fails. Offline, in one process: a warm-up build, then `reps` timed builds.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { DEVICE_DEFENDER_REGIONS } from "../components/facts";
import { buildOffline } from "../tools/offline/build";
import { median, round } from "./figures";
import { MARGINAL_FACTOR, NOISE } from "./growth";

const STACK = "multi";
const HOME = "eu-west-1";
const PROVIDER = "pulumi:providers:aws";
/** Account-wide, once per stack (in the home region): not counted as any region's. */
const ACCOUNT_WIDE = [PROVIDER, "aws:cloudwatch/dashboard:Dashboard"];

/** The home region first, then the partition's other regions in the facts' order. */
const REGIONS = [
    HOME,
    ...Object.entries(DEVICE_DEFENDER_REGIONS)
        .filter(([r, partition]) => partition === "aws" && r !== HOME)
        .map(([r]) => r),
];

export interface RegionsRow {
    regions: number;
    resources: number;
    /** Resources on each region's provider, or given that region (dynamic): the same in every region. */
    perRegion: number[];
    /** Resources of the stack as a whole: the providers, the dashboard and its component. */
    accountWide: number;
    buildMs: { median: number; min: number; reps: number[] };
    msPerRegion: number;
}

async function measure(n: number, reps: number): Promise<RegionsRow> {
    const regions = REGIONS.slice(0, n);
    const edit = (v: Record<string, string>) => {
        v["iot-defender:regions"] = JSON.stringify(regions);
        v["iot-defender:regionOverrides"] = "{}";
    };
    const build = () => buildOffline(STACK, { edit, serializeProviders: false });
    await build(); // warm-up: modules loaded, JIT warm
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof build>> | undefined;
    for (let i = 0; i < reps; i++) {
        const start = performance.now();
        last = await build();
        times.push(performance.now() - start);
    }
    const resources = last!.engine.resources;
    const providerRegion = new Map(
        resources.filter(r => r.type === PROVIDER).map(r => [r.name, r.inputs.region as string]),
    );
    const regionOf = (r: (typeof resources)[number]) =>
        providerRegion.get(r.provider?.split("::").slice(-2, -1)[0] ?? "") ??
        (typeof r.inputs.region === "string" ? r.inputs.region : undefined);
    const perRegion = regions.map(
        region =>
            resources.filter(r => !ACCOUNT_WIDE.includes(r.type) && regionOf(r) === region).length,
    );
    const min = Math.min(...times);
    return {
        regions: n,
        resources: resources.length,
        perRegion,
        accountWide: resources.length - perRegion.reduce((a, b) => a + b, 0),
        buildMs: { median: round(median(times)), min: round(min), reps: times.map(t => round(t)) },
        msPerRegion: round(min / n),
    };
}

/** PASS/FAIL lines: resources grow by the same count per region; time no faster than linearly. */
export function regionChecks(rows: readonly RegionsRow[]): string[] {
    const lines: string[] = [];
    const per = rows.flatMap(r => r.perRegion);
    lines.push(
        `${new Set(per).size === 1 ? "PASS" : "FAIL"} every region holds the same resources (${[...new Set(per)].join(", ")} per region)`,
    );
    for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1], rows[i]];
        const resourcesPerRegion = (b.resources - a.resources) / (b.regions - a.regions);
        // Each added region brings its resources and its provider; nothing account-wide grows.
        lines.push(
            `${resourcesPerRegion === per[0] + 1 ? "PASS" : "FAIL"} resources ${a.regions}→${b.regions} regions: +${resourcesPerRegion} per region (its ${per[0]} and its provider)`,
        );
        if (i < 2) continue;
        const before = rows[i - 2];
        const marginal = (x: RegionsRow, y: RegionsRow) =>
            (y.buildMs.min - x.buildMs.min) / (y.regions - x.regions);
        const predicted = MARGINAL_FACTOR * Math.max(marginal(before, a), 0) + NOISE.ms;
        const added = marginal(a, b);
        lines.push(
            `${added <= predicted ? "PASS" : "FAIL"} build time ${a.regions}→${b.regions} regions: ${round(added)} ms per added region (at most ${round(predicted)}: ${MARGINAL_FACTOR}× ${before.regions}→${a.regions}'s plus ${NOISE.ms} ms noise)`,
        );
    }
    return lines;
}

function table(rows: readonly RegionsRow[]): string[] {
    return [
        "regions | resources | per region | account-wide | build ms (min / median) | ms per region",
        ...rows.map(
            r =>
                `${r.regions} | ${r.resources} | ${r.perRegion[0]} | ${r.accountWide} | ${r.buildMs.min} / ${r.buildMs.median} | ${r.msPerRegion}`,
        ),
    ];
}

function option(argv: readonly string[], name: string, fallback: string): string {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? argv[at + 1] : fallback;
}

async function main(argv: readonly string[]): Promise<number> {
    const sizes = option(argv, "sizes", "1,3,10").split(",").map(Number);
    const reps = Number(option(argv, "reps", "3"));
    if (sizes.some(n => !Number.isInteger(n) || n < 1 || n > REGIONS.length) || !(reps >= 1))
        throw new Error(
            `--sizes takes region counts from 1 to ${REGIONS.length}, --reps a count ≥ 1; got ${sizes.join(",")} and ${reps}`,
        );
    const rows: RegionsRow[] = [];
    for (const n of sizes) {
        process.stderr.write(`building ${STACK} over ${n} region(s)\n`);
        rows.push(await measure(n, reps));
    }
    const checks = regionChecks(rows);
    for (const line of [...table(rows), "", ...checks]) console.log(line);
    const out = path.join(__dirname, "results", "regions-latest.json");
    fs.writeFileSync(
        out,
        `${JSON.stringify({ when: new Date().toISOString(), stack: STACK, reps, rows, checks }, null, 2)}\n`,
    );
    return checks.some(c => c.startsWith("FAIL")) ? 1 : 0;
}

if (require.main === module)
    main(process.argv.slice(2)).then(
        code => process.exit(code),
        err => {
            console.error(`error: ${(err as Error).message}`);
            process.exit(1);
        },
    );
