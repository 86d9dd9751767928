/**
 * What a drill will do, derived from the stack's settings and inventory alone (no AWS call): the
 * names of what it creates, and per monitored behaviour the misbehaviour that trips it (just over
 * its threshold, inside its window) and what the stack should do about it. `--dry-run` prints
 * this plan (describe.ts).
 */
import { RuleBehavior } from "../../../components/config/schema";
import { Inventory, SecurityProfileSpec } from "../../../components/inventory";
import { names } from "../../../components/inventory/names";
import { StackTarget } from "../context";
import { profileCoverage } from "./coverage";
import { DetectEngine, engineOf, logsNamesOf } from "./engines";

/** The five ways the drill device misbehaves, one per cloud-side metric it can move. */
export type Misbehaviour =
    | "connection-burst"
    | "forbidden-publish"
    | "message-burst"
    | "oversized-message"
    | "disconnect-churn";

/** Which misbehaviour moves which Device Defender metric. */
export const MISBEHAVIOUR_OF_METRIC: Readonly<Record<string, Misbehaviour>> = {
    "aws:num-connection-attempts": "connection-burst",
    "aws:num-authorization-failures": "forbidden-publish",
    "aws:num-messages-sent": "message-burst",
    "aws:message-byte-size": "oversized-message",
    "aws:num-disconnects": "disconnect-churn",
};

/**
 * Bounds that keep a drill small and polite. AWS IoT accepts one CONNECT per second per client ID
 * and 100 publishes per second per connection; the drill stays under both.
 */
export const DRILL_LIMITS = {
    /** Most events (connections or messages) one misbehaviour sends in one round. */
    maxEventsPerRound: 500,
    /** Largest payload: AWS IoT's message size limit (128 KiB). */
    maxPayloadBytes: 128 * 1024,
    /** Pause between two connections of the drill's client ID. */
    connectIntervalMs: 1100,
    /** Pause between two publishes on one connection. */
    publishIntervalMs: 50,
    /** Events sent for an ML behaviour, which has no threshold to cross. */
    mlEvents: 30,
} as const;

/** The misbehaviour behind some behaviours: how many events, how large, in how many windows. */
export interface DrillStep {
    readonly misbehaviour: Misbehaviour;
    readonly metric: string;
    /** Connections (connection-burst, disconnect-churn, forbidden-publish) or messages per round. */
    readonly events: number;
    /** Payload size of each message, in bytes. */
    readonly payloadBytes: number;
    /** Rounds, one per window (consecutive datapoints to alarm). */
    readonly rounds: number;
    /** The behaviour's window; rounds are this far apart. */
    readonly windowSeconds: number;
}

/** What a behaviour should produce once its step has run. */
export interface Expectation {
    /** The Detect violation (device-defender) or top contributor (logs). False for ML: no threshold. */
    readonly signal: boolean;
    /** The alarm whose state change to ALARM is expected, if any. */
    readonly alarm: string | undefined;
    /** A decision by the responder in its logs (an SNS delivery reached it). */
    readonly response: boolean;
    /** The quarantine group the responder should put the drill thing in (mapped, not dry-run). */
    readonly quarantineGroup: string | undefined;
}

/** One monitored behaviour the drill trips. */
export interface DrilledBehaviour {
    readonly name: string;
    /** Its security profile (device-defender) or Contributor Insights rule (logs). */
    readonly source: string;
    readonly metric: string;
    readonly threshold: number | undefined;
    readonly ml: boolean;
    readonly step: Misbehaviour;
    readonly expect: Expectation;
}

/** A monitored behaviour the drill cannot trip, and why. */
export interface SkippedBehaviour {
    readonly name: string;
    readonly source: string;
    readonly metric: string;
    readonly reason: string;
}

/** Names of what a drill run creates; all start with `<prefix>-<environment>-drill-`. */
export interface DrillNames {
    readonly runId: string;
    readonly thing: string;
    readonly thingGroup: string;
    readonly policy: string;
    /** The only topics the drill's policy lets it publish to: `<topicPrefix>/*`. */
    readonly topicPrefix: string;
    /** A topic outside the prefix: each publish there is an authorization failure. */
    readonly forbiddenTopic: string;
}

export interface DrillPlan {
    readonly engine: DetectEngine;
    readonly names: DrillNames;
    /** The drill group's parent: a group the profiles target, when they target groups only. */
    readonly parentGroup: string | undefined;
    /** Tags on the drill's thing group and policy (the thing carries `marker` as an attribute). */
    readonly tags: Readonly<Record<string, string>>;
    /** `<project>/<stack>`: how `drill --cleanup` recognises this stack's leftovers. */
    readonly marker: string;
    readonly steps: readonly DrillStep[];
    readonly behaviours: readonly DrilledBehaviour[];
    readonly skipped: readonly SkippedBehaviour[];
    /** Why an expectation was dropped (an alarm the drill cannot reach). */
    readonly notes: readonly string[];
    readonly responderFunction: string | undefined;
    readonly dryRunResponder: boolean;
}

/** Thing attribute carrying the marker (things take no tags; ListThings filters by attribute). */
export const DRILL_ATTRIBUTE = "iotDefenderDrill";
/** Tag keys on the drill's thing group and policy. */
export const DRILL_TAGS = { marker: "IotDefenderDrill", run: "IotDefenderDrillRun" } as const;

/** The common start of every drill name of a stack. */
export const drillPrefix = (baseName: string) => `${baseName}-drill-`;

/** A run id from the clock and 4 random hex digits: `20261201T083000-1a2b`. */
export function newRunId(now: Date, random: () => number = Math.random): string {
    const stamp = now.toISOString().replace(/[-:]/g, "").slice(0, 15);
    const suffix = Math.floor(random() * 0x10000)
        .toString(16)
        .padStart(4, "0");
    return `${stamp}-${suffix}`;
}

export function drillNames(baseName: string, runId: string): DrillNames {
    const name = `${drillPrefix(baseName)}${runId}`;
    const topicBase = `${baseName}/drill`;
    return {
        runId,
        thing: name,
        thingGroup: name,
        policy: name,
        topicPrefix: `${topicBase}/${runId}`,
        forbiddenTopic: `${topicBase}-forbidden/${runId}`,
    };
}

export function planDrill(target: StackTarget, runId: string): DrillPlan {
    const s = target.settings;
    const inventory = target.inventory;
    const engine = engineOf(inventory);
    const drill = drillNames(inventory.baseName, runId);
    const marker = `${s.project}/${s.stack}`;
    const remediation = s.remediation.enabled && target.names.responderFunction !== undefined;
    const quarantineGroup =
        remediation && !s.remediation.dryRun ? inventory.remediation?.quarantineGroup : undefined;
    const behaviours: DrilledBehaviour[] = [];
    const skipped: SkippedBehaviour[] = [];
    const steps = new Map<Misbehaviour, DrillStep>();

    const add = (
        b: { name: string; source: string; metric: string; suppressAlerts: boolean },
        want: Omit<DrillStep, "misbehaviour" | "metric"> | string,
        threshold: number | undefined,
        ml: boolean,
    ) => {
        if (typeof want === "string") {
            skipped.push({ name: b.name, source: b.source, metric: b.metric, reason: want });
            return;
        }
        const misbehaviour = MISBEHAVIOUR_OF_METRIC[b.metric];
        const before = steps.get(misbehaviour);
        // Behaviours on one metric share a step: the largest burst trips every rule; an ML
        // behaviour (rules come first) only watches a rule's step, which stays just over threshold.
        if (!(ml && before))
            steps.set(misbehaviour, {
                misbehaviour,
                metric: b.metric,
                events: Math.max(before?.events ?? 0, want.events),
                payloadBytes: Math.max(before?.payloadBytes ?? 0, want.payloadBytes),
                rounds: Math.max(before?.rounds ?? 0, want.rounds),
                windowSeconds: Math.max(before?.windowSeconds ?? 0, want.windowSeconds),
            });
        const response = remediation && !b.suppressAlerts;
        const mapped = s.remediation.violationResponses[b.metric] === "quarantine";
        behaviours.push({
            name: b.name,
            source: b.source,
            metric: b.metric,
            threshold,
            ml,
            step: misbehaviour,
            expect: {
                signal: !ml,
                alarm: ml ? undefined : engine.alarmFor(inventory, b.name, b.source),
                response: response && !ml,
                quarantineGroup: response && !ml && mapped ? quarantineGroup : undefined,
            },
        });
    };

    // Device Defender: every profile of the inventory the drill device falls under; rule profiles
    // first, as an ML behaviour only watches a rule's step on its metric.
    const profiles = engine.name === "device-defender" ? deviceDefenderProfiles(inventory) : [];
    const coverage = profileCoverage(profiles);
    for (const p of [...profiles].sort(
        (a, b) => Number(a.kind === "ml") - Number(b.kind === "ml"),
    )) {
        const outside = coverage.outside.get(p.name);
        for (const b of p.definition.behaviors)
            add({ ...b, source: p.name }, outside ?? ruleStep(b), b.threshold, false);
        for (const metric of p.definition.ml?.metrics ?? [])
            add(
                { name: names.mlBehavior(metric), source: p.name, metric, suppressAlerts: false },
                outside ??
                    (MISBEHAVIOUR_OF_METRIC[metric]
                        ? mlStep(metric)
                        : "the drill device cannot move this metric"),
                undefined,
                true,
            );
    }
    // The logs engine: one Contributor Insights rule per behaviour of detect.rules.
    if (engine.name === "logs" && s.detect.enabled && s.detect.rules.enabled)
        for (const b of s.detect.rules.behaviors)
            add(
                { ...b, source: logsNamesOf(inventory).insightRule(b.name) },
                ruleStep(b),
                b.threshold,
                false,
            );
    const notes = unreachableAlarms(profiles, behaviours);
    const order = Object.values(MISBEHAVIOUR_OF_METRIC);
    return {
        engine: engine.name,
        names: drill,
        parentGroup: coverage.parentGroup,
        tags: {
            ...s.tags,
            Project: s.project,
            Stack: s.stack,
            Environment: s.environment,
            Owner: s.owner,
            [DRILL_TAGS.marker]: marker,
            [DRILL_TAGS.run]: runId,
        },
        marker,
        steps: [...steps.values()].sort(
            (a, b) => order.indexOf(a.misbehaviour) - order.indexOf(b.misbehaviour),
        ),
        behaviours,
        skipped,
        notes,
        responderFunction: remediation ? target.names.responderFunction : undefined,
        dryRunResponder: s.remediation.dryRun,
    };
}

/**
 * A profile's Violations alarm needs its `alarm.threshold` new violations in one period; a drill
 * that trips fewer behaviours of the profile cannot move it. Such alarms are dropped from the
 * expectations (in place), with a note saying so.
 */
function unreachableAlarms(
    profiles: readonly SecurityProfileSpec[],
    behaviours: DrilledBehaviour[],
): string[] {
    const notes: string[] = [];
    for (const p of profiles) {
        const list = behaviours.filter(b => b.source === p.name);
        const firing = list.filter(b => b.expect.signal).length;
        const alarm = list.find(b => b.expect.alarm)?.expect.alarm;
        const { threshold, periodSeconds } = p.definition.alarm;
        if (!alarm || firing >= threshold) continue;
        notes.push(
            `alarm ${alarm} needs ${threshold} violations in ${periodSeconds} s; the drill trips ${firing} in ${p.name}: not expected`,
        );
        for (const b of list)
            (b as { expect: Expectation }).expect = { ...b.expect, alarm: undefined };
    }
    return notes;
}

/** The stack's security profiles in the region, as its inventory deploys them (none with Detect off). */
const deviceDefenderProfiles = (inventory: Inventory): readonly SecurityProfileSpec[] =>
    inventory.detect.deviceDefender?.profiles ?? [];

/** Just over a rule's threshold inside its window, or why the drill cannot do that. */
export function ruleStep(b: RuleBehavior): Omit<DrillStep, "misbehaviour" | "metric"> | string {
    if (!MISBEHAVIOUR_OF_METRIC[b.metric]) return "the drill device cannot move this metric";
    if (b.dimension) return "scoped to the stack's topic filters, outside the drill's topics";
    if (b.threshold === undefined) return "statistical threshold: depends on the fleet";
    if (b.operator !== "greater-than" && b.operator !== "greater-than-equals")
        return `operator ${b.operator}: only too much of something can be drilled`;
    const over = b.operator === "greater-than" ? Math.floor(b.threshold) + 1 : b.threshold;
    const rounds = b.consecutiveDatapointsToAlarm ?? 1;
    if (b.metric === "aws:message-byte-size") {
        if (over > DRILL_LIMITS.maxPayloadBytes)
            return `threshold ${b.threshold} B is over AWS IoT's ${DRILL_LIMITS.maxPayloadBytes} B message limit`;
        // Each message is a datapoint: one oversized message per datapoint to alarm.
        return { events: rounds, payloadBytes: Math.max(over, 1), rounds: 1, windowSeconds: 0 };
    }
    const events = Math.max(over, 1);
    const window = b.durationSeconds ?? 300;
    if (events > DRILL_LIMITS.maxEventsPerRound)
        return `threshold ${b.threshold} is over the drill's bound of ${DRILL_LIMITS.maxEventsPerRound} events`;
    if (connects(b.metric) && (events * DRILL_LIMITS.connectIntervalMs) / 1000 > window)
        return `${events} connections at one per ${DRILL_LIMITS.connectIntervalMs} ms do not fit in ${window} s`;
    return { events, payloadBytes: SMALL_PAYLOAD, rounds, windowSeconds: window };
}

/** ML behaviours have no threshold: a bounded burst, watched but not required to fire. */
function mlStep(metric: string): Omit<DrillStep, "misbehaviour" | "metric"> {
    const size = metric === "aws:message-byte-size";
    return {
        events: size ? 1 : DRILL_LIMITS.mlEvents,
        payloadBytes: size ? 16 * 1024 : SMALL_PAYLOAD,
        rounds: 1,
        windowSeconds: 300,
    };
}

const SMALL_PAYLOAD = 16;
const connects = (metric: string) =>
    ["connection-burst", "disconnect-churn", "forbidden-publish"].includes(
        MISBEHAVIOUR_OF_METRIC[metric],
    );

/** Connections a step opens (each denied publish costs one: AWS IoT drops the connection). */
export function connectionsOf(step: DrillStep): number {
    const perRound = step.misbehaviour === "message-burst" ? 1 : step.events;
    return step.misbehaviour === "oversized-message" ? step.rounds : perRound * step.rounds;
}
