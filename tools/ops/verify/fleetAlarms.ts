/**
 * verify: each IoT Core fleet alarm (either Detect engine) reads its metric summed over the fleet
 * with the inventory's period, evaluation periods, threshold and operator, and notifies the alert
 * topic. Names and values come from the stack inventory; none is derived here. An alarm the stack
 * outputs do not list is left to `verifyAlarms`, which fails it as not deployed.
 */
import { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { FleetAlarmSpec, FleetAlarmsInventory } from "../../../components/inventory";
import { judgeAlarms, judgementProblems, notificationProblems } from "./alarms";
import { Verifier } from "./verifier";

export async function verifyFleetAlarms(v: Verifier, fleet: FleetAlarmsInventory): Promise<void> {
    await judgeAlarms(
        v,
        "fleet alarm",
        fleet.alarms.filter(a => v.names.alarms.includes(a.name)),
        a => a.name,
        (alarm, spec) => fleetAlarmProblem(v, alarm, spec),
        a => `${a.metric} ${a.comparisonOperator} ${a.threshold} in ${a.periodSeconds}s`,
    );
}

/** Why the alarm does not judge its metric as the inventory plans it, or undefined. */
function fleetAlarmProblem(
    v: Verifier,
    alarm: MetricAlarm,
    spec: FleetAlarmSpec,
): string | undefined {
    const query = (alarm.Metrics ?? []).find(q => q.Expression !== undefined);
    const problems = [
        ...(query?.Expression !== spec.query
            ? [`does not read ${spec.query} (reads ${query?.Expression ?? "no query"})`]
            : []),
        ...(query?.Period !== spec.periodSeconds
            ? [`period ${query?.Period ?? "(none)"}s, not ${spec.periodSeconds}s`]
            : []),
        ...judgementProblems(alarm, spec),
        ...notificationProblems(v, alarm),
    ];
    return problems.join("; ") || undefined;
}
