/**
 * Physical names of the `logs` Detect engine's resources, from the stack's base name alone: the
 * component creates them under these names; the responder, ops commands and dashboard find them by
 * the same names.
 */
import { IOT_CORE_METRICS } from "../facts";

/** IoT topic rule names allow only [a-zA-Z0-9_]. */
const ruleSafe = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, "_");

export function logsNames(baseName: string) {
    return {
        /** Lifecycle events and oversized-message records (written by the stack's IoT rules). */
        eventsLogGroup: `/${baseName}/iot-events`,
        lifecycleRule: ruleSafe(`${baseName}_lifecycle`),
        sizeRule: (behavior: string) => ruleSafe(`${baseName}_size_${behavior}`),
        insightRule: (behavior: string) => `${baseName}-${behavior}`,
        behaviorAlarm: (behavior: string) => `${baseName}-logs-${behavior}`,
        anomalyAlarm: (kind: keyof typeof IOT_CORE_METRICS.anomaly) =>
            `${baseName}-anomaly-${kind}`,
    };
}
export type LogsNames = ReturnType<typeof logsNames>;
