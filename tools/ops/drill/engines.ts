/**
 * The Detect engines a drill can watch, each with its own expected signal: a Device Defender
 * violation of the drill thing (`device-defender`), or the drill's client ID as a contributor of
 * the behaviour's Contributor Insights rule over IoT logs (`logs`). Everything else the watch
 * does (alarm history, responder logs, quarantine) is the same for both.
 */
import {
    CloudWatchClient,
    GetInsightRuleReportCommand,
    InsightRuleContributor,
} from "@aws-sdk/client-cloudwatch";
import { IoTClient, ListActiveViolationsCommand } from "@aws-sdk/client-iot";
import { Inventory } from "../../../components/inventory";
import { LogsNames } from "../../../components/inventory/logsNames";
import { allPages, request } from "../aws";

export type DetectEngine = "device-defender" | "logs";

/** What the watch learns from an engine in one poll: behaviour key -> when its signal appeared. */
export type Signals = ReadonlyMap<string, Date>;

/** The key of a behaviour in `Signals`: its source (profile or rule) and name. */
export const signalKey = (source: string, behaviour: string) => `${source}/${behaviour}`;

export interface SignalQuery {
    readonly iot: IoTClient;
    readonly cloudwatch: CloudWatchClient;
    readonly region: string;
    readonly thing: string;
    /** Behaviours to look for, with their thresholds. */
    readonly behaviours: readonly {
        source: string;
        name: string;
        metric: string;
        threshold: number | undefined;
    }[];
    readonly since: Date;
    readonly now: Date;
}

export interface Engine {
    readonly name: DetectEngine;
    /** The alarm that should go to ALARM when the behaviour fires. */
    alarmFor(inventory: Inventory, behaviour: string, source: string): string | undefined;
    /** One poll: every expected signal seen so far. */
    signals(query: SignalQuery): Promise<Signals>;
    /** CloudWatch Logs filter pattern for the responder's lines that may be about this drill. */
    responderFilter(thing: string): string;
    /** Whether one responder line (its `message` object) is the response to this behaviour. */
    isResponse(line: ResponderLine, thing: string, behaviour: WatchedBehaviour): boolean;
}

/** A responder log line's fields (lambda/responder/log.ts). */
export type ResponderLine = Readonly<Record<string, unknown>>;

/** The facts of a behaviour a response must match. */
export interface WatchedBehaviour {
    readonly source: string;
    readonly name: string;
    readonly alarm: string | undefined;
}

/**
 * The stack's engine, as its inventory deploys it: the logs engine's inventory is present exactly
 * when `detect.engine` is `logs` (otherwise Device Defender's, or none with Detect off).
 */
export function engineOf(inventory: Inventory): Engine {
    return inventory.detect.logs ? LOGS : DEVICE_DEFENDER;
}

const DEVICE_DEFENDER: Engine = {
    name: "device-defender",
    // One alarm per profile on its Violations: every behaviour of the profile shares it.
    alarmFor: (inventory, _behaviour, profile) =>
        inventory.securityProfiles.find(p => p.name === profile)?.alarm.name,
    async signals(q) {
        const active = await allPages(async token => {
            const page = await request(q, "iot:ListActiveViolations", () =>
                q.iot.send(
                    new ListActiveViolationsCommand({ thingName: q.thing, nextToken: token }),
                ),
            );
            return { items: page.activeViolations, next: page.nextToken };
        });
        const seen = new Map<string, Date>();
        for (const v of active) {
            if (v.thingName !== q.thing || !v.securityProfileName || !v.behavior?.name) continue;
            const at = v.violationStartTime ?? v.lastViolationTime ?? q.now;
            if (at < q.since) continue;
            seen.set(signalKey(v.securityProfileName, v.behavior.name), at);
        }
        return seen;
    },
    // The responder logs each violation with its thing (lambda/responder/log.ts, JSON log format).
    responderFilter: thing => `{ $.message.thingName = "${thing}" }`,
    isResponse: (line, thing, b) =>
        line.kind === "violation" &&
        line.thingName === thing &&
        line.securityProfileName === b.source &&
        line.behaviorName === b.name &&
        line.eventType === "in-alarm",
};

/** The logs engine's names, from the stack inventory (their one home: components/inventory/logsNames). */
export function logsNamesOf(inventory: Inventory): LogsNames {
    const logs = inventory.detect.logs;
    if (!logs)
        throw new Error("the stack's inventory has no logs engine (detect.engine is not logs)");
    return logs.names;
}

/** Contributor Insights reports are read at one-minute granularity. */
const REPORT_PERIOD_SECONDS = 60;

const LOGS: Engine = {
    name: "logs",
    alarmFor: (inventory, behaviour) => logsNamesOf(inventory).behaviorAlarm(behaviour),
    async signals(q) {
        const seen = new Map<string, Date>();
        for (const b of q.behaviours) {
            const report = await request(q, "cloudwatch:GetInsightRuleReport", () =>
                q.cloudwatch.send(
                    new GetInsightRuleReportCommand({
                        RuleName: b.source,
                        StartTime: q.since,
                        EndTime: q.now,
                        Period: REPORT_PERIOD_SECONDS,
                        MaxContributorCount: 10,
                    }),
                ),
            );
            // A size rule counts oversized messages: one is over. Count rules compare counts.
            const over = b.metric === "aws:message-byte-size" ? 0 : b.threshold;
            const at = contributedAt(report.Contributors ?? [], q.thing, over);
            if (at) seen.set(signalKey(b.source, b.name), at);
        }
        return seen;
    },
    // Alarm notifications carry the alarm's name, not the client ID: the watch matches those.
    responderFilter: () => `{ $.message.kind = "alarm" }`,
    isResponse: (line, _thing, b) =>
        line.kind === "alarm" && line.alarmName === b.alarm && line.alarmState === "ALARM",
};

/**
 * When the drill's client ID first went over the threshold in one period, as a contributor keyed
 * on clientId (the rule's only key). Undefined while it has not.
 */
export function contributedAt(
    contributors: readonly InsightRuleContributor[],
    clientId: string,
    threshold: number | undefined,
): Date | undefined {
    const mine = contributors.find(c => c.Keys?.length === 1 && c.Keys[0] === clientId);
    const over = (mine?.Datapoints ?? [])
        .filter(d => d.Timestamp && (d.ApproximateValue ?? 0) > (threshold ?? 0))
        .map(d => d.Timestamp!)
        .sort((a, b) => a.getTime() - b.getTime());
    return over[0];
}
