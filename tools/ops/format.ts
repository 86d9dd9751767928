/** Plain-text rendering shared by the commands: tables, ages, durations, severity order. */
import { AUDIT_CHECKS, SEVERITIES, Severity } from "../../components/facts";

/** Left-aligned columns separated by two spaces; the header row first. No trailing spaces. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? "").length)));
    const line = (cells: readonly string[]) =>
        cells
            .map((c, i) => (c ?? "").padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(headers), ...rows.map(line)];
}

/** A coarse age: "45s", "12m", "3h 12m", "2d 4h". */
export function age(ms: number): string {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m}m`;
    const h = Math.floor(m / 60);
    if (h < 24) return `${h}h ${m % 60}m`;
    return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Seconds from "90", "90s", "15m", "1h"; undefined when not a positive duration. */
export function parseDuration(text: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
    if (!m) return undefined;
    const seconds = Number(m[1]) * (m[2] === "h" ? 3600 : m[2] === "m" ? 60 : 1);
    return seconds > 0 && Number.isFinite(seconds) ? seconds : undefined;
}

/** The severity AWS gave a finding, or the check's severity from the facts. */
export function severityOf(
    check: string | undefined,
    given: string | undefined,
): Severity | undefined {
    if (given && (SEVERITIES as readonly string[]).includes(given)) return given as Severity;
    return check ? AUDIT_CHECKS[check]?.severity : undefined;
}

/** 0 for CRITICAL ... 3 for LOW; unknown severities sort last. */
export function severityRank(severity: string | undefined): number {
    const i = (SEVERITIES as readonly string[]).indexOf(severity ?? "");
    return i < 0 ? SEVERITIES.length : i;
}

/** A compact value: numbers as they are, lists comma-separated, objects as JSON. */
export function compact(value: unknown): string {
    if (value === undefined || value === null) return "";
    if (Array.isArray(value)) return value.map(compact).join(",");
    if (value instanceof Date) return value.toISOString();
    if (typeof value === "object") {
        const fields = Object.entries(value).filter(([, v]) => v !== undefined);
        if (fields.length === 1) return compact(fields[0][1]);
        return fields.map(([k, v]) => `${k}=${compact(v)}`).join(" ");
    }
    return String(value);
}

export function plural(n: number, word: string, many = `${word}s`): string {
    return `${n} ${n === 1 ? word : many}`;
}
