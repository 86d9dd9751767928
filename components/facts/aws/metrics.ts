/** Device Defender Detect metrics: built-in metrics and what a rule on each takes, custom metric types. */

/** How a metric's value is expressed in a behavior's `criteria.value`. */
export type MetricValueKind = "count" | "cidrs" | "ports" | "number" | "numbers" | "strings";

/** Whether a static rule on the metric takes `criteria.durationSeconds`. */
export type DurationRule = "required" | "optional" | "forbidden";

export interface MetricFact {
    /** Cloud-side metrics need no agent; device-side ones need the Device Defender agent. */
    readonly side: "cloud" | "device";
    readonly valueKind: MetricValueKind;
    readonly duration: DurationRule;
    /** Whether ML Detect (`mlDetectionConfig`) supports the metric. */
    readonly mlCapable: boolean;
    /** Whether the metric can be scoped with a TOPIC_FILTER dimension. */
    readonly dimensionCapable: boolean;
    readonly description: string;
}

/** Built-in Device Defender Detect metrics. */
export const METRICS: Readonly<Record<string, MetricFact>> = {
    "aws:message-byte-size": {
        side: "cloud",
        valueKind: "count",
        duration: "forbidden",
        mlCapable: true,
        dimensionCapable: true,
        description: "size of a message in bytes",
    },
    "aws:num-messages-sent": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: true,
        description: "messages sent by a device in the period",
    },
    "aws:num-messages-received": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: true,
        description: "messages received by a device in the period",
    },
    "aws:num-authorization-failures": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: true,
        description: "authorization failures in the period",
    },
    "aws:source-ip-address": {
        side: "cloud",
        valueKind: "cidrs",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: true,
        description: "IP address a device connected from",
    },
    "aws:num-connection-attempts": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "connection attempts (successful or not) in the period",
    },
    "aws:num-disconnects": {
        side: "cloud",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "disconnects in the period",
    },
    "aws:all-bytes-out": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "outbound bytes from a device in the period",
    },
    "aws:all-bytes-in": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "inbound bytes to a device in the period",
    },
    "aws:all-packets-out": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "outbound packets from a device in the period",
    },
    "aws:all-packets-in": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "inbound packets to a device in the period",
    },
    "aws:num-listening-tcp-ports": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "number of listening TCP ports",
    },
    "aws:num-listening-udp-ports": {
        side: "device",
        valueKind: "count",
        duration: "required",
        mlCapable: true,
        dimensionCapable: false,
        description: "number of listening UDP ports",
    },
    // The guide's example omits durationSeconds here; it is accepted, so it is optional.
    "aws:num-established-tcp-connections": {
        side: "device",
        valueKind: "count",
        duration: "optional",
        mlCapable: true,
        dimensionCapable: false,
        description: "number of established TCP connections",
    },
    "aws:destination-ip-addresses": {
        side: "device",
        valueKind: "cidrs",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: false,
        description: "destination IP addresses of outbound connections",
    },
    "aws:listening-tcp-ports": {
        side: "device",
        valueKind: "ports",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: false,
        description: "listening TCP ports",
    },
    "aws:listening-udp-ports": {
        side: "device",
        valueKind: "ports",
        duration: "forbidden",
        mlCapable: false,
        dimensionCapable: false,
        description: "listening UDP ports",
    },
};

export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);
export const ML_METRIC_NAMES: readonly string[] = METRIC_NAMES.filter(m => METRICS[m].mlCapable);

/** Custom metric types (API enum CustomMetricType) and how their values are expressed. */
export const CUSTOM_METRIC_TYPES = {
    number: "number",
    "number-list": "numbers",
    "string-list": "strings",
    "ip-address-list": "cidrs",
} as const satisfies Record<string, MetricValueKind>;
export type CustomMetricType = keyof typeof CUSTOM_METRIC_TYPES;
