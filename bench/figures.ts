/** Rounding and summary statistics for the benchmark figures. */

export function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Stats {
    median: number;
    min: number;
    max: number;
}
export function stats(values: number[]): Stats {
    return {
        median: round(median(values)),
        min: round(Math.min(...values)),
        max: round(Math.max(...values)),
    };
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
export const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);
