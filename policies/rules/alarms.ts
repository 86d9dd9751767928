/**
 * CloudWatch alarms on Device Defender metrics: the right namespace (Device Defender publishes to
 * AWS/IoT; AWS/IoT/DeviceDefender does not exist, and an alarm there never fires) and somewhere
 * to send the alarm.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CLOUDWATCH, DEVICE_DEFENDER_METRIC_NAMES } from "../../components/facts";
import { AWS, forTypes, isObject, Props } from "./common";

const DD_DIMENSIONS: readonly string[] = Object.values(CLOUDWATCH.dimensions);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const DD_NAME = new RegExp(`\\b(${DEVICE_DEFENDER_METRIC_NAMES.map(escape).join("|")})\\b`, "g");
const DD_NAMESPACE_OR_BELOW = new RegExp(`^${escape(CLOUDWATCH.namespace)}(/.*)?$`, "i");

/**
 * Whether a namespace can only be a mistaken Device Defender namespace, whatever the metric: it names
 * Device Defender, or it is AWS/IoT in another letter case or with a path below it (the recipe's
 * AWS/IoT/DeviceDefender). Other IoT-like namespaces are real (AWS/IoTSiteWise, AWS/IoTAnalytics, an
 * IoT rule's custom namespace), so their own metrics are left alone.
 */
export function isMistakenDeviceDefenderNamespace(namespace: string): boolean {
    return (
        namespace !== CLOUDWATCH.namespace &&
        (/defender/i.test(namespace) || DD_NAMESPACE_OR_BELOW.test(namespace))
    );
}

interface MetricRef {
    where: string;
    /** The metric named (metricName, metric), or the Device Defender metrics an expression names. */
    metricNames: string[];
    /** Namespaces named; empty when the reference names none. */
    namespaces: string[];
    /** Whether the reference uses a Device Defender dimension. */
    ddDimension: boolean;
}

/** Namespaces a Metrics Insights or SEARCH expression names. */
export function expressionNamespaces(expression: string): string[] {
    const found: string[] = [];
    const patterns = [
        /SCHEMA\(\s*"([^"]+)"/gi,
        /\bFROM\s+"([^"]+)"/gi,
        /\bFROM\s+([A-Za-z0-9/_.-]+)/gi,
        /SEARCH\(\s*'\{\s*"?([^,"}]+)"?/gi,
        /\bNamespace\s*=\s*"([^"]+)"/gi,
        /\bNamespace\s*=\s*([A-Za-z0-9/_.-]+)/gi,
    ];
    for (const re of patterns) {
        for (const m of expression.matchAll(re))
            if (m[1].toUpperCase() !== "SCHEMA") found.push(m[1]);
    }
    return [...new Set(found)];
}

/** Every metric the alarm watches: its own metric, each metricQueries[].metric and each expression. */
function metricRefs(props: Props): MetricRef[] {
    const refs: MetricRef[] = [];
    const dims = (d: unknown) =>
        isObject(d) ? Object.keys(d).some(k => DD_DIMENSIONS.includes(k)) : false;
    const namespaces = (ns: unknown) => (typeof ns === "string" ? [ns] : []);
    if (typeof props.metricName === "string") {
        refs.push({
            where: "metricName",
            metricNames: [props.metricName],
            namespaces: namespaces(props.namespace),
            ddDimension: dims(props.dimensions),
        });
    }
    const queries = Array.isArray(props.metricQueries) ? props.metricQueries : [];
    queries.forEach((q: Props, i: number) => {
        const m = q.metric;
        if (isObject(m) && typeof m.metricName === "string") {
            refs.push({
                where: `metricQueries[${i}].metric`,
                metricNames: [m.metricName],
                namespaces: namespaces(m.namespace),
                ddDimension: dims(m.dimensions),
            });
        }
        if (typeof q.expression === "string") {
            refs.push({
                where: `metricQueries[${i}].expression`,
                metricNames: [...new Set([...q.expression.matchAll(DD_NAME)].map(x => x[1]))],
                namespaces: expressionNamespaces(q.expression),
                ddDimension: DD_DIMENSIONS.some(d => q.expression.includes(d)),
            });
        }
    });
    return refs;
}

/**
 * The metrics of the alarm that are, or were meant to be, Device Defender's: a Device Defender metric
 * name in AWS/IoT, without a namespace or with a Device Defender dimension, or any metric in a
 * mistaken Device Defender namespace. A fleet's own Violations metric in its custom namespace
 * (Fleet/IoT, MyApp) is someone else's; AWS/IoT's own metrics (PublishIn.Success, ...) are not
 * Device Defender's either.
 */
export function deviceDefenderRefs(props: Props): MetricRef[] {
    const namesDdMetric = (r: MetricRef) =>
        r.metricNames.some(n => DEVICE_DEFENDER_METRIC_NAMES.includes(n)) &&
        (r.ddDimension ||
            r.namespaces.length === 0 ||
            r.namespaces.some(n => n.toUpperCase() === CLOUDWATCH.namespace.toUpperCase()));
    return metricRefs(props).filter(
        r => namesDdMetric(r) || r.namespaces.some(isMistakenDeviceDefenderNamespace),
    );
}

/** How a reference reads in a message: where, and the metrics it names. */
function describe(r: MetricRef): string {
    return r.metricNames.length > 0 ? `${r.where} (${r.metricNames.join(", ")})` : r.where;
}

/** A note on metric names Device Defender does not publish (the recipe's AuditFindings). */
function unknownMetricNote(r: MetricRef): string {
    const others = r.metricNames.filter(n => !DEVICE_DEFENDER_METRIC_NAMES.includes(n));
    return others.length === 0
        ? ""
        : `; and Device Defender publishes no ${others.join(", ")} metric (its metrics: ${DEVICE_DEFENDER_METRIC_NAMES.join(", ")})`;
}

export const deviceDefenderAlarms: ResourceValidationPolicy = {
    name: "cloudwatch-device-defender-alarms",
    description: `CloudWatch alarms on Device Defender metrics (${DEVICE_DEFENDER_METRIC_NAMES.join(", ")}; as metricName, metricQueries[].metric or named in a Metrics Insights or SEARCH expression) use namespace ${CLOUDWATCH.namespace} and have alarm actions (actions enabled); no alarm watches any metric in a mistaken Device Defender namespace (one naming Device Defender, or below ${CLOUDWATCH.namespace}, such as ${CLOUDWATCH.namespace}/DeviceDefender).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.MetricAlarm], (props, args, report) => {
        const refs = deviceDefenderRefs(props);
        if (refs.length === 0) args.notApplicable("not an alarm on Device Defender metrics");
        for (const r of refs) {
            const wrong = r.namespaces.filter(n => n !== CLOUDWATCH.namespace);
            if (r.namespaces.length === 0)
                report(
                    `${describe(r)} names no namespace: Device Defender metrics are in ${CLOUDWATCH.namespace}`,
                );
            else if (wrong.length > 0)
                report(
                    `${describe(r)} uses namespace ${wrong.join(", ")}: Device Defender publishes to ${CLOUDWATCH.namespace}, so the alarm would never fire${unknownMetricNote(r)}`,
                );
        }
        const actions = props.alarmActions;
        if (!Array.isArray(actions) || actions.length === 0)
            report(
                "alarm on Device Defender metrics has no alarmActions: it would change state without telling anyone",
            );
        if (props.actionsEnabled === false)
            report("alarm on Device Defender metrics has actionsEnabled: false");
    }),
};

export const alarmPolicies = [deviceDefenderAlarms];
