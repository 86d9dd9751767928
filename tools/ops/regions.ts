/**
 * Running an ops command in every region of a stack: in parallel, a few regions at a time (each
 * region's API rate limits are its own, and within a region a command calls AWS as it does
 * alone), each region's result kept apart and printed in the stack's order, then a summary line
 * per region; the exit code is the worst region's.
 */
import { EXIT } from "./context";

/** At most this many regions run at once: bounds open clients and the calls in flight. */
export const REGION_CONCURRENCY = 4;

/** One region's run: its exit code and the result lines it printed. */
export interface RegionRun {
    readonly region: string;
    readonly code: number;
    readonly out: readonly string[];
}

/** Runs `command` for each region, `limit` at a time; results in the order of `regions`. */
export async function inRegions(
    regions: readonly string[],
    command: (region: string, out: (line: string) => void) => Promise<number>,
    limit = REGION_CONCURRENCY,
): Promise<RegionRun[]> {
    const runs: RegionRun[] = new Array(regions.length);
    let next = 0;
    const worker = async () => {
        while (next < regions.length) {
            const i = next++;
            const out: string[] = [];
            const code = await command(regions[i], line => out.push(line));
            runs[i] = { region: regions[i], code, out };
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, regions.length) }, worker));
    return runs;
}

/** The worst exit code: an error (1) over findings (2) over ok (0). */
export function worstExit(codes: readonly number[]): number {
    if (codes.includes(EXIT.error)) return EXIT.error;
    if (codes.includes(EXIT.findings)) return EXIT.findings;
    return codes.some(c => c !== EXIT.ok) ? EXIT.error : EXIT.ok;
}

const VERDICT: Readonly<Record<number, string>> = {
    [EXIT.ok]: "ok",
    [EXIT.error]: "FAILED",
    [EXIT.findings]: "findings",
};

/**
 * The regions' results as the user reads them: each region's lines under a `== <region> ==`
 * header, then one summary line per region; with `json`, one document holding each region's.
 */
export function reportRegions(runs: readonly RegionRun[], json: boolean): string[] {
    const verdict = (code: number) => `${VERDICT[code] ?? "FAILED"} (exit ${code})`;
    if (json) {
        const regions = Object.fromEntries(
            runs.map(r => {
                const text = r.out.join("\n");
                let result: unknown = null;
                try {
                    result = text ? JSON.parse(text) : null;
                } catch {
                    result = text;
                }
                return [r.region, { exitCode: r.code, result }];
            }),
        );
        return [JSON.stringify({ regions, exitCode: worstExit(runs.map(r => r.code)) }, null, 2)];
    }
    return [
        ...runs.flatMap(r => [`== ${r.region} ==`, ...r.out, ""]),
        "Regions:",
        ...runs.map(r => `  ${r.region}: ${verdict(r.code)}`),
    ];
}
