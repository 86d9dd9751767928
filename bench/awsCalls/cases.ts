/** The configurations whose AWS calls the bench counts: the stack files, and prod with extras. */
import { editJson } from "../../test/harness";

/** One measured configuration: a stack file, optionally edited. */
export interface CallsCase {
    label: string;
    stack: string;
    edit?: (values: Record<string, string>) => void;
}

/** prod plus one custom metric and one dimension, each used by a rule behavior (no stack file declares them). */
function withCustomMetricAndDimension(values: Record<string, string>): void {
    editJson(values, "detect", d => {
        d.customMetrics = [
            { name: "battery-level", type: "number", displayName: "Battery level (%)" },
        ];
        d.dimensions = [{ name: "telemetry-topics", topicFilters: ["dt/fleet/+/telemetry"] }];
        d.rules.behaviors.push(
            { name: "LowBattery", metric: "battery-level", operator: "less-than", threshold: 10 },
            {
                name: "TelemetryFlood",
                metric: "aws:num-messages-sent",
                operator: "greater-than",
                threshold: 500,
                durationSeconds: 300,
                dimension: { name: "telemetry-topics" },
            },
        );
    });
}

export const CALL_CASES: readonly CallsCase[] = [
    { label: "dev", stack: "dev" },
    { label: "prod", stack: "prod" },
    {
        label: "prod + custom metric & dimension",
        stack: "prod",
        edit: withCustomMetricAndDimension,
    },
];
