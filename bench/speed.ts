/**
 * The speed goals of issue 20, measured side by side: each round spawns, in turn, the floor and
 * `npm run plan` for dev and prod (the command the npm script runs, under the project's loader as the floor
 * sample is), then the floor and the dev program as `pulumi preview` loads it (bench/runnerLoad.js,
 * as the project configures the runner). Ratios divide medians of wall time within one kind of
 * runner, so load on the machine hits both sides alike.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { LOADER, ROOT } from "./sampleProcess";

/** The goals (issue 20): ratios to the floor, and the cost of each added thing group. */
export const SPEED_GOALS = { planRatio: 1.5, runnerRatio: 1.5, msPerGroup: 10 };

/** What to spawn for each measured kind; the floor of each runner beside it. */
const COMMANDS: Record<string, string[]> = {
    floor: [...LOADER, path.join("bench", "sample.ts"), "floor"],
    "plan dev": [...LOADER, path.join("tools", "offline", "plan.ts"), "dev"],
    "plan prod": [...LOADER, path.join("tools", "offline", "plan.ts"), "prod"],
    "runner floor": [path.join("bench", "runnerLoad.js"), "floor"],
    "runner dev": [path.join("bench", "runnerLoad.js"), "dev"],
};

export interface SpeedFigures {
    samples: number;
    /** Wall time (ms) of each kind: median, min and every sample. */
    wall: Record<string, { median: number; min: number; samples: number[] }>;
    ratios: { planDev: number; planProd: number; runner: number };
    /** Whether the runner loads the program transpile-only (from tsconfig's noCheck), as it reports. */
    runnerTranspileOnly: boolean;
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Spawns one kind with the bench's own Node (the project's Node 22); its wall time and stdout. */
function spawnOnce(kind: string): { wall: number; stdout: string } {
    const env = { ...process.env };
    // As a user's `pulumi preview` sees it: whatever the project configures, no override.
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const start = performance.now();
    const res = spawnSync(process.execPath, COMMANDS[kind], {
        cwd: ROOT,
        encoding: "utf8",
        env,
        maxBuffer: 16 * 1024 * 1024,
    });
    const wall = performance.now() - start;
    if (res.status !== 0)
        throw new Error(`${kind} failed (exit ${res.status}):\n${res.stderr}\n${res.stdout}`);
    return { wall, stdout: res.stdout };
}

/** `samples` interleaved rounds of every kind. */
export function measureSpeed(samples: number): SpeedFigures {
    const walls: Record<string, number[]> = Object.fromEntries(
        Object.keys(COMMANDS).map(k => [k, []]),
    );
    let runnerTranspileOnly = true;
    for (let i = 0; i < samples; i++) {
        for (const kind of Object.keys(COMMANDS)) {
            const { wall, stdout } = spawnOnce(kind);
            walls[kind].push(wall);
            const line = stdout.split("\n").find(l => l.startsWith("BENCH "));
            // Only the runner's samples report it (the floor sample's BENCH line has no such field).
            if (
                kind.startsWith("runner") &&
                line &&
                (JSON.parse(line.slice(6)) as { transpileOnly?: boolean }).transpileOnly !== true
            )
                runnerTranspileOnly = false;
        }
        process.stderr.write(`speed sample ${i + 1}/${samples}\n`);
    }
    const wall = Object.fromEntries(
        Object.entries(walls).map(([k, w]) => [
            k,
            { median: round(median(w)), min: round(Math.min(...w)), samples: w.map(v => round(v)) },
        ]),
    );
    const ratio = (kind: string, floor: string) => round(wall[kind].median / wall[floor].median, 2);
    return {
        samples,
        wall,
        ratios: {
            planDev: ratio("plan dev", "floor"),
            planProd: ratio("plan prod", "floor"),
            runner: ratio("runner dev", "runner floor"),
        },
        runnerTranspileOnly,
    };
}

/** Build time added per thing group from the smallest to the largest size (least of the reps). */
export function msPerGroup(rows: { groups: number; buildMs: { min: number } }[]): {
    from: number;
    to: number;
    totalMs: number;
    perGroup: number;
} {
    const first = rows[0];
    const last = rows[rows.length - 1];
    const added = last.buildMs.min - first.buildMs.min;
    return {
        from: first.groups,
        to: last.groups,
        totalMs: round(last.buildMs.min),
        perGroup: round(added / Math.max(1, last.groups - first.groups), 2),
    };
}

/** One check per goal, each naming the figures it was judged on. */
export function speedChecks(
    speed: SpeedFigures,
    growth: ReturnType<typeof msPerGroup> | undefined,
): { check: string; pass?: boolean; detail: string }[] {
    const w = speed.wall;
    return [
        ...(["Dev", "Prod"] as const).map(s => ({
            check: `speed: npm run plan ${s.toLowerCase()} ≤ ${SPEED_GOALS.planRatio}× the floor`,
            pass: speed.ratios[`plan${s}`] <= SPEED_GOALS.planRatio,
            detail: `${speed.ratios[`plan${s}`]}× (median ${w[`plan ${s.toLowerCase()}`].median} ms vs floor ${w.floor.median} ms, ${speed.samples} samples)`,
        })),
        {
            check: `speed: program as pulumi preview loads it ≤ ${SPEED_GOALS.runnerRatio}× the floor, transpile-only`,
            pass: speed.ratios.runner <= SPEED_GOALS.runnerRatio && speed.runnerTranspileOnly,
            detail: `${speed.ratios.runner}× (median ${w["runner dev"].median} ms vs runner floor ${w["runner floor"].median} ms); transpile-only: ${speed.runnerTranspileOnly}`,
        },
        growth && growth.to > growth.from
            ? {
                  check: `speed: each thing group with its profile pair and alarms ≤ ${SPEED_GOALS.msPerGroup} ms`,
                  pass: growth.perGroup <= SPEED_GOALS.msPerGroup,
                  detail: `${growth.perGroup} ms/group from ${growth.from} to ${growth.to} groups (profiles per group; ${growth.totalMs} ms at ${growth.to})`,
              }
            : {
                  check: `speed: each thing group with its profile pair and alarms ≤ ${SPEED_GOALS.msPerGroup} ms`,
                  detail: "one size only: nothing to compare",
              },
    ];
}
