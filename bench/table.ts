/** Prints one aligned text table of benchmark figures. */

export function table(title: string, header: string[], rows: (string | number)[][]): void {
    const cells = [header, ...rows.map(r => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map(r => (r[i] ?? "").length)));
    // First and last columns are text (left-aligned) when the last is a free-form list; the rest are figures.
    const left = (i: number) => i === 0 || (i === header.length - 1 && header[i] === "calls");
    const line = (r: string[]) =>
        r
            .map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    console.log(`\n${title}`);
    console.log(line(header));
    console.log(widths.map(w => "-".repeat(w)).join("  "));
    for (const r of cells.slice(1)) console.log(line(r));
}
