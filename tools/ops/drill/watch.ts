/**
 * Watches the stack react to the drill, polling until every expected reaction is seen or the
 * timeout passes: per behaviour, the engine's signal, the alarm's change to ALARM
 * (DescribeAlarmHistory), the responder's decision in its CloudWatch Logs (FilterLogEvents: a
 * line there proves the SNS delivery reached it) and, when the behaviour's metric is mapped to
 * quarantine and the responder acts, the drill thing's membership of the quarantine group. Each
 * new fact is one progress line on stderr.
 */
import { DescribeAlarmHistoryCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { lambdaLogGroup } from "../../../components/facts";
import { allPages, request } from "../aws";
import { OpsContext } from "../context";
import { age } from "../format";
import { thingGroupsOf } from "./cleanup";
import { Engine, ResponderLine, signalKey } from "./engines";
import { StepResult } from "./misbehave";
import { DrilledBehaviour, DrillPlan } from "./plan";

export interface WatchContext extends OpsContext {
    readonly logs: CloudWatchLogsClient;
}

export interface WatchOptions {
    readonly timeoutSeconds: number;
    readonly intervalSeconds: number;
    readonly aborted: () => boolean;
}

/** What was seen for one behaviour; times are absolute. */
export interface Verdict {
    readonly behaviour: DrilledBehaviour;
    /** When its misbehaviour started: times to alarm and response count from here. */
    readonly startedAt: Date;
    signalAt?: Date;
    alarmAt?: Date;
    responseAt?: Date;
    /** The responder's decision and outcome (`quarantine/dry-run`, `none/no-action`). */
    decision?: string;
    quarantinedAt?: Date;
}

/** What an expected reaction is called in progress lines and the summary. */
export type Reaction = "signal" | "alarm" | "response" | "quarantine";

/** Reactions expected of a behaviour and not seen (yet). */
export function missing(v: Verdict): Reaction[] {
    const e = v.behaviour.expect;
    const out: Reaction[] = [];
    if (e.signal && !v.signalAt) out.push("signal");
    if (e.alarm && !v.alarmAt) out.push("alarm");
    if (e.response && !v.responseAt) out.push("response");
    if (e.quarantineGroup && !v.quarantinedAt) out.push("quarantine");
    return out;
}

export async function watch(
    ctx: WatchContext,
    plan: DrillPlan,
    engine: Engine,
    steps: readonly StepResult[],
    o: WatchOptions,
): Promise<Verdict[]> {
    const stepStart = new Map(steps.map(s => [s.misbehaviour, s.startedAt]));
    const verdicts: Verdict[] = plan.behaviours
        .filter(b => stepStart.has(b.step))
        .map(b => ({ behaviour: b, startedAt: stepStart.get(b.step)! }));
    if (verdicts.length === 0) return verdicts;
    const since = new Date(Math.min(...verdicts.map(v => v.startedAt.getTime())));
    const began = ctx.now().getTime();
    const thing = plan.names.thing;
    const note = (v: Verdict, what: string, at: Date) =>
        ctx.err(`  +${age(at.getTime() - v.startedAt.getTime())} ${label(v)}: ${what}`);

    for (;;) {
        const now = ctx.now();
        const signals = await engine.signals({
            ...ctx,
            thing,
            behaviours: verdicts.filter(v => !v.signalAt).map(v => v.behaviour),
            since,
            now,
        });
        for (const v of verdicts) {
            const at = signals.get(signalKey(v.behaviour.source, v.behaviour.name));
            if (at && !v.signalAt) {
                v.signalAt = at;
                note(v, plan.engine === "logs" ? "top contributor" : "violation", at);
            }
        }
        const alarms = new Set(
            verdicts
                .filter(v => v.behaviour.expect.alarm && !v.alarmAt)
                .map(v => v.behaviour.expect.alarm!),
        );
        for (const alarm of alarms) {
            const at = await firstAlarm(ctx, alarm, since);
            if (!at) continue;
            for (const v of verdicts.filter(x => x.behaviour.expect.alarm === alarm)) {
                v.alarmAt = at;
                note(v, `alarm ${alarm} in ALARM`, at);
            }
        }
        if (
            plan.responderFunction &&
            verdicts.some(v => v.behaviour.expect.response && !v.responseAt)
        ) {
            for (const line of await responderLines(
                ctx,
                plan.responderFunction,
                engine.responderFilter(thing),
                since,
            )) {
                for (const v of verdicts) {
                    if (
                        v.responseAt ||
                        !engine.isResponse(line.fields, thing, {
                            ...v.behaviour,
                            alarm: v.behaviour.expect.alarm,
                        })
                    )
                        continue;
                    v.responseAt = line.at;
                    v.decision = `${String(line.fields.decision)}/${String(line.fields.outcome)}`;
                    note(v, `responder decided ${v.decision}`, line.at);
                }
            }
        }
        const quarantine = verdicts.filter(
            v => v.behaviour.expect.quarantineGroup && !v.quarantinedAt,
        );
        if (quarantine.length > 0) {
            const groups = await thingGroupsOf(ctx, thing);
            for (const v of quarantine)
                if (groups.includes(v.behaviour.expect.quarantineGroup!)) {
                    v.quarantinedAt = ctx.now();
                    note(
                        v,
                        `in quarantine group ${v.behaviour.expect.quarantineGroup}`,
                        v.quarantinedAt,
                    );
                }
        }
        const waiting = verdicts.filter(v => missing(v).length > 0).length;
        const elapsed = ctx.now().getTime() - began;
        ctx.err(
            `watch ${age(elapsed)}/${age(o.timeoutSeconds * 1000)}: ${verdicts.length - waiting}/${verdicts.length} behaviours complete`,
        );
        if (waiting === 0 || o.aborted() || elapsed >= o.timeoutSeconds * 1000) return verdicts;
        await ctx.sleep(Math.min(o.intervalSeconds * 1000, o.timeoutSeconds * 1000 - elapsed));
        if (o.aborted()) return verdicts;
    }
}

const label = (v: Verdict) => `${v.behaviour.source}/${v.behaviour.name}`;

/** When the alarm first went to ALARM at or after `since`, from its state-update history. */
export async function firstAlarm(
    ctx: OpsContext,
    alarm: string,
    since: Date,
): Promise<Date | undefined> {
    const items = await allPages(async token => {
        const page = await request(ctx, "cloudwatch:DescribeAlarmHistory", () =>
            ctx.cloudwatch.send(
                new DescribeAlarmHistoryCommand({
                    AlarmName: alarm,
                    HistoryItemType: "StateUpdate",
                    StartDate: since,
                    ScanBy: "TimestampAscending",
                    NextToken: token,
                }),
            ),
        );
        return { items: page.AlarmHistoryItems, next: page.NextToken };
    });
    const times = items
        .filter(i => i.Timestamp && i.Timestamp >= since && newState(i.HistoryData) === "ALARM")
        .map(i => i.Timestamp!)
        .sort((a, b) => a.getTime() - b.getTime());
    return times[0];
}

/** The new state in an alarm history item's HistoryData (`{"newState": {"stateValue": ...}}`). */
function newState(data: string | undefined): string | undefined {
    try {
        return (JSON.parse(data ?? "") as { newState?: { stateValue?: string } }).newState
            ?.stateValue;
    } catch {
        return undefined;
    }
}

/** Bounds the responder log pages read per poll (a quiet function has one). */
const LOG_PAGES = 20;

async function responderLines(
    ctx: WatchContext,
    functionName: string,
    filterPattern: string,
    since: Date,
): Promise<{ at: Date; fields: ResponderLine }[]> {
    const lines: { at: Date; fields: ResponderLine }[] = [];
    let token: string | undefined;
    for (let page = 0; page < LOG_PAGES; page++) {
        const result = await request(ctx, "logs:FilterLogEvents", () =>
            ctx.logs.send(
                new FilterLogEventsCommand({
                    logGroupName: lambdaLogGroup(functionName),
                    startTime: since.getTime(),
                    filterPattern,
                    nextToken: token,
                }),
            ),
        );
        for (const e of result.events ?? []) {
            const fields = responderFields(e.message);
            if (fields && e.timestamp !== undefined)
                lines.push({ at: new Date(e.timestamp), fields });
        }
        if (!result.nextToken || result.nextToken === token) break;
        token = result.nextToken;
    }
    return lines;
}

/**
 * A responder line's fields: under `message` in Lambda's JSON log format, or the line itself
 * when it is the JSON the responder wrote (lambda/responder/log.ts).
 */
export function responderFields(text: string | undefined): ResponderLine | undefined {
    try {
        const parsed = JSON.parse(text ?? "") as Record<string, unknown>;
        const inner = parsed.message;
        return inner && typeof inner === "object" ? (inner as ResponderLine) : parsed;
    } catch {
        return undefined;
    }
}
