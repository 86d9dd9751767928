/**
 * `ops violations`: the active Detect violations of the stack's security profiles (or one
 * `--profile`), per profile, thing and behavior, with how long each has been active. On a `logs`
 * engine stack, the current top contributors of each behaviour's rule instead (contributors.ts).
 */
import { ActiveViolation, ListActiveViolationsCommand } from "@aws-sdk/client-iot";
import { allPages, request } from "./aws";
import { topContributors } from "./contributors";
import { EXIT, OpsContext, StackTarget } from "./context";
import { reportFailures } from "./errors";
import { age, compact, plural, table } from "./format";

export interface ViolationsOptions {
    /** Only this profile; default: every profile of the stack (from its outputs, else its settings). */
    readonly profile?: string;
    readonly json: boolean;
}

/** ListActiveViolations' largest page. */
const VIOLATIONS_PAGE = 250;

export interface ViolationSummary {
    readonly violationId: string | undefined;
    readonly thingName: string | undefined;
    readonly behavior: string | undefined;
    readonly metric: string | undefined;
    readonly lastValue: string | undefined;
    readonly startTime: string | undefined;
    readonly lastViolationTime: string | undefined;
    /** Seconds since the violation started, at the time of the command. */
    readonly ageSeconds: number | undefined;
    readonly verificationState: string | undefined;
}

/** The `--json` document. */
export interface ViolationsReport {
    readonly profiles: { readonly name: string; readonly violations: ViolationSummary[] }[];
}

export async function violations(
    ctx: OpsContext,
    target: StackTarget,
    options: ViolationsOptions,
): Promise<number> {
    const logs = target.inventory.detect.logs;
    if (logs) {
        if (options.profile === undefined) return topContributors(ctx, logs, options);
        ctx.err(
            `error: stack ${target.settings.stack} runs the logs engine, which has no security profiles; run without --profile for each behaviour's top contributors`,
        );
        return EXIT.error;
    }
    return reportFailures(ctx.err, async () => {
        const profiles = options.profile ? [options.profile] : target.names.securityProfiles;
        if (profiles.length === 0) {
            const why = target.settings.detect.enabled ? "" : " (detect is disabled)";
            ctx.err(
                `note: stack ${target.settings.stack} deploys no security profiles${why}; use --profile to name one`,
            );
        }
        const now = ctx.now().getTime();
        const report: ViolationsReport = { profiles: [] };
        for (const name of profiles) {
            const active = await allPages<ActiveViolation>(async nextToken => {
                const page = await request(ctx, "iot:ListActiveViolations", () =>
                    ctx.iot.send(
                        new ListActiveViolationsCommand({
                            securityProfileName: name,
                            maxResults: VIOLATIONS_PAGE,
                            nextToken,
                        }),
                    ),
                );
                return { items: page.activeViolations, next: page.nextToken };
            });
            report.profiles.push({
                name,
                violations: active.map(v => toSummary(v, now)).sort(byThingThenBehavior),
            });
        }
        if (options.json) ctx.out(JSON.stringify(report, null, 2));
        else print(ctx, report);
        return EXIT.ok;
    });
}

function toSummary(v: ActiveViolation, now: number): ViolationSummary {
    const start = v.violationStartTime;
    return {
        violationId: v.violationId,
        thingName: v.thingName,
        behavior: v.behavior?.name,
        metric: v.behavior?.metric,
        lastValue: v.lastViolationValue ? compact(v.lastViolationValue) : undefined,
        startTime: start?.toISOString(),
        lastViolationTime: v.lastViolationTime?.toISOString(),
        ageSeconds: start ? Math.max(0, Math.floor((now - start.getTime()) / 1000)) : undefined,
        verificationState: v.verificationState,
    };
}

function byThingThenBehavior(a: ViolationSummary, b: ViolationSummary): number {
    return (
        (a.thingName ?? "").localeCompare(b.thingName ?? "") ||
        (a.behavior ?? "").localeCompare(b.behavior ?? "")
    );
}

function print(ctx: OpsContext, report: ViolationsReport): void {
    report.profiles.forEach((p, i) => {
        if (i > 0) ctx.out("");
        if (p.violations.length === 0) {
            ctx.out(`${p.name}: no active violations`);
            return;
        }
        ctx.out(`${p.name}: ${plural(p.violations.length, "active violation")}`);
        for (const line of table(
            ["THING", "BEHAVIOR", "METRIC", "LAST VALUE", "AGE", "SINCE"],
            p.violations.map(v => [
                v.thingName ?? "?",
                v.behavior ?? "?",
                v.metric ?? "",
                v.lastValue ?? "",
                v.ageSeconds === undefined ? "?" : age(v.ageSeconds * 1000),
                v.startTime ?? "",
            ]),
        ))
            ctx.out(`  ${line}`);
    });
}
