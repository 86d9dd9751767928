/**
 * `npm run bench`'s options: --samples N (cold processes per plan figure, default 5), --reps N
 * (builds per growth size, default 3), --sizes 1,10,100,500 (thing groups, ascending).
 */

export interface BenchOptions {
    readonly samples: number;
    readonly reps: number;
    readonly sizes: number[];
}

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
export function benchOptions(): BenchOptions {
    try {
        return {
            samples: positiveInteger("samples", option("samples", "5")),
            reps: positiveInteger("reps", option("reps", "3")),
            sizes: sizesOption(),
        };
    } catch (err) {
        console.error(`bench: ${(err as Error).message}`);
        return process.exit(2);
    }
}
