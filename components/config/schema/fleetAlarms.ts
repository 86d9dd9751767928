/**
 * Alarms on IoT Core's own fleet metrics (the `fleetAlarms` section): one alarm per metric, on the
 * metric summed over the whole fleet, for either Detect engine. Which metrics, and their
 * thresholds, periods and evaluation periods; every metric AWS publishes for it is in
 * `FLEET_METRICS` (facts), any other key is an error.
 */
import { z } from "zod";
import { FLEET_METRIC_NAMES, FLEET_METRICS, FleetMetric } from "../../facts";
import { insightsAlarm } from "./fields";

/**
 * Metrics alarmed on unless the config says otherwise: the message broker's auth errors and
 * throttles (any one is worth a look). Rule failures are opt-in: they count the account's own IoT
 * rules, which the stack does not own.
 */
export const DEFAULT_FLEET_METRICS: readonly FleetMetric[] = FLEET_METRIC_NAMES.filter(
    m => FLEET_METRICS[m].source === "message broker",
);

/**
 * One metric's alarm: on by default for `DEFAULT_FLEET_METRICS`, threshold 1 in 300 s, 1 period;
 * its periods within what a Metrics Insights alarm evaluates.
 */
const metricAlarm = insightsAlarm.safeExtend({ enabled: z.boolean().optional() });

/** A metric's alarm as resolved: each field set. */
export type FleetMetricAlarm = Required<z.output<typeof metricAlarm>>;

export const fleetAlarms = z
    .strictObject({
        /** Alarm on IoT Core's fleet metrics (with Detect on, either engine). */
        enabled: z.boolean().default(true),
        /** AWS/IoT metric name -> its alarm; unlisted metrics keep their defaults. */
        metrics: z
            .record(z.string(), z.unknown())
            // Keys first, so that an unknown one is shown with its value as written.
            .superRefine((metrics, ctx) => {
                for (const [key, value] of Object.entries(metrics))
                    if (!(FLEET_METRIC_NAMES as readonly string[]).includes(key))
                        ctx.addIssue({
                            code: "custom",
                            path: [key],
                            input: value,
                            message: `is not an AWS/IoT fleet metric the stack alarms on; allowed: ${FLEET_METRIC_NAMES.join(", ")}`,
                        });
            })
            .pipe(z.record(z.string(), metricAlarm))
            .default({}),
    })
    .transform(section => ({
        enabled: section.enabled,
        /** Every metric, in FLEET_METRICS' order, with its defaults filled in. */
        metrics: Object.fromEntries(
            FLEET_METRIC_NAMES.map(m => {
                const { enabled, ...rest } = section.metrics[m] ?? metricAlarm.parse({});
                return [m, { enabled: enabled ?? DEFAULT_FLEET_METRICS.includes(m), ...rest }];
            }),
        ) as Record<FleetMetric, FleetMetricAlarm>,
    }));
