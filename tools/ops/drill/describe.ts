/** The drill plan as text (`--dry-run`, and before a run asks to go ahead). */
import { plural } from "../format";
import { DRILL_ATTRIBUTE, DRILL_TAGS, DrillNames, DrillPlan, DrillStep } from "./plan";

/** The plan as text: what is created, what is sent, what is expected. */
export function describePlan(plan: DrillPlan, region: string): string[] {
    const n = plan.names;
    const lines = [
        `drill ${n.runId} in ${region} (engine: ${plan.engine})`,
        `creates (tagged ${DRILL_TAGS.marker}=${plan.marker}, removed at the end):`,
        `  thing group  ${n.thingGroup}${plan.parentGroup ? ` (child of ${plan.parentGroup})` : ""}`,
        `  thing        ${n.thing} (attribute ${DRILL_ATTRIBUTE}=${plan.marker})`,
        `  certificate  a new key pair and certificate for ${n.thing}, kept in memory`,
        `  IoT policy   ${n.policy}: connect as ${n.thing}; publish only under ${n.topicPrefix}/`,
        `sends (MQTT over TLS, port 8883, client ID ${n.thing}):`,
        ...plan.steps.map(s => `  ${describeStep(s, plan.names)}`),
        "expects:",
        ...plan.behaviours.map(b => {
            const e = b.expect;
            const wants = [
                e.signal ? (plan.engine === "logs" ? "top contributor" : "violation") : undefined,
                e.alarm ? `alarm ${e.alarm}` : undefined,
                e.response
                    ? `responder ${plan.dryRunResponder ? "dry-run" : "decision"}`
                    : undefined,
                e.quarantineGroup ? `thing in ${e.quarantineGroup}` : undefined,
            ].filter(Boolean);
            return `  ${b.source}/${b.name} (${b.metric}${b.threshold !== undefined ? ` > ${b.threshold}` : ""}): ${
                wants.length
                    ? wants.join(", ")
                    : "watched only (ML: no threshold, models train 14 days)"
            }`;
        }),
        ...plan.notes.map(n => `note: ${n}`),
        ...(plan.skipped.length ? ["not drilled:"] : []),
        ...plan.skipped.map(b => `  ${b.source}/${b.name} (${b.metric}): ${b.reason}`),
    ];
    return lines;
}

function describeStep(s: DrillStep, n: DrillNames): string {
    const rounds = s.rounds > 1 ? `, ${s.rounds} rounds ${s.windowSeconds} s apart` : "";
    switch (s.misbehaviour) {
        case "connection-burst":
            return `connection burst: ${plural(s.events, "connection")}, each closed cleanly${rounds}`;
        case "disconnect-churn":
            return `disconnect churn: ${plural(s.events, "connection")}, each dropped without DISCONNECT${rounds}`;
        case "forbidden-publish":
            return `forbidden publishes: ${plural(s.events, "message")} to ${n.forbiddenTopic}, one per connection${rounds}`;
        case "message-burst":
            return `message burst: ${plural(s.events, "message")} of ${s.payloadBytes} B under ${n.topicPrefix}/${rounds}`;
        case "oversized-message":
            return `oversized messages: ${plural(s.events, "message")} of ${s.payloadBytes} B under ${n.topicPrefix}/`;
    }
}
