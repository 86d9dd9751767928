/** The drill's end: one row per behaviour (fired, time to alarm, time to response) and problems. */
import { age, table } from "../format";
import { StepResult, tally } from "./misbehave";
import { missing, Verdict } from "./watch";

/** Misbehaviour that did not happen as planned: a policy that let a forbidden publish through, no connection at all. */
export function stepProblems(steps: readonly StepResult[]): string[] {
    const problems: string[] = [];
    for (const s of steps) {
        if (s.connections === 0)
            problems.push(`${s.misbehaviour}: no connection succeeded (${tally(s)})`);
        if (s.misbehaviour === "forbidden-publish" && s.accepted > 0)
            problems.push(
                `forbidden-publish: ${s.accepted} publishes to the forbidden topic were accepted: the drill policy is not enforced`,
            );
    }
    return problems;
}

const since = (v: Verdict, at: Date | undefined) =>
    at ? age(at.getTime() - v.startedAt.getTime()) : "-";

export function summaryTable(verdicts: readonly Verdict[]): string[] {
    return table(
        ["BEHAVIOUR", "METRIC", "FIRED", "TIME TO ALARM", "TIME TO RESPONSE", "RESULT"],
        verdicts.map(v => {
            const lacking = missing(v);
            const b = v.behaviour;
            return [
                `${b.source}/${b.name}`,
                b.metric,
                v.signalAt ? "yes" : "no",
                since(v, v.alarmAt),
                v.responseAt ? `${since(v, v.responseAt)} (${v.decision})` : "-",
                b.ml ? "watched (ML)" : lacking.length ? `MISSING ${lacking.join(", ")}` : "ok",
            ];
        }),
    );
}

/** The `--json` document. */
export function summaryJson(verdicts: readonly Verdict[], steps: readonly StepResult[]) {
    const iso = (d: Date | undefined) => d?.toISOString();
    return {
        steps: steps.map(s => ({ ...s, startedAt: iso(s.startedAt), endedAt: iso(s.endedAt) })),
        behaviours: verdicts.map(v => ({
            behaviour: v.behaviour.name,
            source: v.behaviour.source,
            metric: v.behaviour.metric,
            expected: v.behaviour.expect,
            startedAt: iso(v.startedAt),
            signalAt: iso(v.signalAt),
            alarmAt: iso(v.alarmAt),
            responseAt: iso(v.responseAt),
            decision: v.decision,
            quarantinedAt: iso(v.quarantinedAt),
            missing: missing(v),
        })),
    };
}
