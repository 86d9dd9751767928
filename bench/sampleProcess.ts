/** One benchmark sample run by bench/sample.ts in a fresh process, and what it reports. */
import { spawnSync } from "child_process";
import * as path from "path";

/** The repository root: samples run from it. */
export const ROOT = path.resolve(__dirname, "..");
/** The project's TypeScript loader, as the npm scripts run it (`node -r ./loader/register.js`). */
export const LOADER = ["-r", path.join(ROOT, "loader", "register.js")];

/** One plan sample: the phases bench/sample.ts measured inside the process (ms). */
export interface PlanSample {
    resources: number;
    total: number;
    boot: number;
    load: number;
    build: number;
    warm: number;
}

/** One growth sample: what bench/sample.ts built for a layout and size, and what it cost. */
export interface GrowthSample {
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
export function sample<T extends object>(
    args: string[],
    nodeFlags: string[] = [],
): T & { wall: number } {
    const start = performance.now();
    const res = spawnSync(
        process.execPath,
        [...nodeFlags, ...LOADER, path.join("bench", "sample.ts"), ...args],
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
