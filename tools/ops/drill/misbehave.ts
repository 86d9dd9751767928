/**
 * Runs the plan's misbehaviours, one step after another: rate-limited (one connection per
 * `connectIntervalMs`, one publish per `publishIntervalMs`), bounded in count (the plan's events)
 * and in time (`deadline`), and stopped between any two events when the run is interrupted.
 * Counts what it did per step, so the watch can time each behaviour from its own step.
 */
import { DRILL_LIMITS, DrillNames, DrillPlan, DrillStep } from "./plan";
import { Broker, Link, openLink } from "./link";
import { DeviceCredentials } from "./setup";

export interface StepResult {
    readonly misbehaviour: DrillStep["misbehaviour"];
    readonly startedAt: Date;
    endedAt: Date;
    /** Connections the broker accepted. */
    connections: number;
    /** Connection attempts that failed (each still counts as an attempt for Device Defender). */
    refusedConnections: number;
    /** Messages the broker acknowledged. */
    accepted: number;
    /** Publishes the broker answered by dropping the connection (authorization failures). */
    denied: number;
    /** Payload size of each publish sent, in order. */
    readonly sizes: number[];
}

export interface Pace {
    readonly connectIntervalMs: number;
    readonly publishIntervalMs: number;
}

export interface MisbehaveOptions {
    readonly broker: Broker;
    readonly credentials: DeviceCredentials;
    readonly now: () => Date;
    readonly sleep: (ms: number) => Promise<void>;
    readonly aborted: () => boolean;
    /** Past this instant no new event starts. */
    readonly deadline: Date;
    readonly progress: (line: string) => void;
    readonly pace?: Pace;
    /** Opens a connection; tests may count or fail them. */
    readonly open?: typeof openLink;
}

const DEFAULT_PACE: Pace = {
    connectIntervalMs: DRILL_LIMITS.connectIntervalMs,
    publishIntervalMs: DRILL_LIMITS.publishIntervalMs,
};

/** Why the misbehaviour stopped early. */
export class Stopped extends Error {}

/** Longest a plan's misbehaviour should take at its pace, with room for slow connects. */
export function misbehaviourBudgetMs(plan: DrillPlan, pace: Pace = DEFAULT_PACE): number {
    let ms = 0;
    for (const s of plan.steps) {
        const perEvent =
            s.misbehaviour === "message-burst" || s.misbehaviour === "oversized-message"
                ? pace.publishIntervalMs
                : pace.connectIntervalMs + 2000;
        ms += s.rounds * s.events * perEvent + (s.rounds - 1) * s.windowSeconds * 1000;
    }
    return 2 * ms + 60_000;
}

export async function misbehave(plan: DrillPlan, o: MisbehaveOptions): Promise<StepResult[]> {
    const pace = o.pace ?? DEFAULT_PACE;
    const open = o.open ?? openLink;
    const results: StepResult[] = [];
    const n = plan.names;
    const check = () => {
        if (o.aborted()) throw new Stopped("interrupted");
        if (o.now() > o.deadline) throw new Stopped("misbehaviour passed its time bound");
    };
    let lastConnect = -Infinity;
    const connect = async (r: StepResult): Promise<Link | undefined> => {
        check();
        const wait = lastConnect + pace.connectIntervalMs - o.now().getTime();
        if (wait > 0) await o.sleep(wait);
        check();
        lastConnect = o.now().getTime();
        try {
            const link = await open(o.broker, n.thing, o.credentials);
            r.connections++;
            return link;
        } catch {
            r.refusedConnections++;
            return undefined;
        }
    };
    const publish = async (r: StepResult, link: Link, topic: string, bytes: number) => {
        check();
        r.sizes.push(bytes);
        const outcome = await link.publish(topic, payload(bytes, n.runId));
        if (outcome === "accepted") r.accepted++;
        else r.denied++;
        if (pace.publishIntervalMs > 0) await o.sleep(pace.publishIntervalMs);
        return outcome;
    };

    for (const step of plan.steps) {
        const r: StepResult = {
            misbehaviour: step.misbehaviour,
            startedAt: o.now(),
            endedAt: o.now(),
            connections: 0,
            refusedConnections: 0,
            accepted: 0,
            denied: 0,
            sizes: [],
        };
        results.push(r);
        for (let round = 0; round < step.rounds; round++) {
            if (round > 0) {
                check();
                await o.sleep(step.windowSeconds * 1000);
            }
            await runRound(step, r, n, connect, publish);
            o.progress(`${step.misbehaviour}: ${tally(r)}`);
        }
        r.endedAt = o.now();
    }
    return results;
}

async function runRound(
    step: DrillStep,
    r: StepResult,
    n: DrillNames,
    connect: (r: StepResult) => Promise<Link | undefined>,
    publish: (r: StepResult, link: Link, topic: string, bytes: number) => Promise<string>,
): Promise<void> {
    const topic = `${n.topicPrefix}/${step.misbehaviour}`;
    switch (step.misbehaviour) {
        case "connection-burst":
        case "disconnect-churn":
            for (let i = 0; i < step.events; i++) {
                const link = await connect(r);
                if (!link) continue;
                if (step.misbehaviour === "connection-burst") await link.close();
                else link.drop();
            }
            return;
        case "forbidden-publish":
            // The broker drops the connection on a denied publish: one connection per denial.
            for (let i = 0; i < step.events; i++) {
                const link = await connect(r);
                if (!link) continue;
                try {
                    await publish(r, link, n.forbiddenTopic, step.payloadBytes);
                } finally {
                    await link.close();
                }
            }
            return;
        case "message-burst":
        case "oversized-message": {
            let link = await connect(r);
            try {
                for (let i = 0; i < step.events; i++) {
                    if (!link) link = await connect(r);
                    if (!link) continue;
                    if ((await publish(r, link, topic, step.payloadBytes)) === "dropped") {
                        await link.close();
                        link = undefined;
                    }
                }
            } finally {
                await link?.close();
            }
            return;
        }
    }
}

/** Connection retries while a new certificate and policy propagate through AWS IoT. */
export const READY = { attempts: 10, waitMs: 3000 };

/**
 * Waits until the device can connect (a fresh certificate's policy takes a few seconds to apply);
 * returns the attempts made, which Device Defender counts as connection attempts too.
 */
export async function waitUntilConnectable(o: MisbehaveOptions, clientId: string): Promise<number> {
    const open = o.open ?? openLink;
    let last: unknown;
    for (let attempt = 1; attempt <= READY.attempts; attempt++) {
        if (o.aborted()) throw new Stopped("interrupted");
        try {
            await (await open(o.broker, clientId, o.credentials)).close();
            return attempt;
        } catch (err) {
            last = err;
            await o.sleep(READY.waitMs);
        }
    }
    throw new Stopped(
        `the drill device could not connect to ${o.broker.host}:${o.broker.port} after ${READY.attempts} attempts: ${(last as Error)?.message ?? last}`,
    );
}

/** `size` bytes of printable JSON-free text starting with the run id, so a payload is recognisable. */
function payload(size: number, runId: string): Buffer {
    const head = `drill ${runId} `;
    return Buffer.from(head.padEnd(size, "x").slice(0, size));
}

export function tally(r: StepResult): string {
    const parts = [`${r.connections} connections`];
    if (r.refusedConnections) parts.push(`${r.refusedConnections} refused`);
    if (r.accepted) parts.push(`${r.accepted} messages accepted`);
    if (r.denied) parts.push(`${r.denied} denied`);
    return parts.join(", ");
}
