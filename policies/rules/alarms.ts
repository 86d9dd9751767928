/**
 * CloudWatch alarms on Device Defender metrics: the right namespace (Device Defender publishes to
 * AWS/IoT; AWS/IoT/DeviceDefender does not exist, and an alarm there never fires) and somewhere
 * to send the alarm.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CLOUDWATCH, DEVICE_DEFENDER_METRIC_NAMES } from "../../components/facts";
import { AWS, forTypes, isObject, Props } from "./common";

const DD_DIMENSIONS: readonly string[] = Object.values(CLOUDWATCH.dimensions);
/** Namespaces that look like an attempt at Device Defender's. */
const IOT_LIKE = /iot|defender/i;

interface MetricRef {
    where: string;
    metricNames: string[];
    /** Namespaces named; empty when the reference names none. */
    namespaces: string[];
    /** Whether the reference uses a Device Defender dimension. */
    ddDimension: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const DD_NAME = new RegExp(`\\b(${DEVICE_DEFENDER_METRIC_NAMES.map(escape).join("|")})\\b`, "g");

/** Namespaces a Metrics Insights or SEARCH expression names. */
export function expressionNamespaces(expression: string): string[] {
    const found: string[] = [];
    for (const re of [/SCHEMA\(\s*"([^"]+)"/gi, /\bFROM\s+"([^"]+)"/gi, /\bFROM\s+([A-Za-z0-9/_.-]+)/gi, /SEARCH\(\s*'\{\s*"?([^,"}]+)"?/gi]) {
        for (const m of expression.matchAll(re)) if (m[1].toUpperCase() !== "SCHEMA") found.push(m[1]);
    }
    return [...new Set(found)];
}

/** Every metric the alarm watches that carries a Device Defender metric name. */
export function deviceDefenderRefs(props: Props): MetricRef[] {
    const refs: MetricRef[] = [];
    const dims = (d: unknown) => (isObject(d) ? Object.keys(d).some(k => DD_DIMENSIONS.includes(k)) : false);
    if (typeof props.metricName === "string" && DEVICE_DEFENDER_METRIC_NAMES.includes(props.metricName)) {
        refs.push({ where: "metricName", metricNames: [props.metricName], namespaces: typeof props.namespace === "string" ? [props.namespace] : [], ddDimension: dims(props.dimensions) });
    }
    const queries = Array.isArray(props.metricQueries) ? props.metricQueries : [];
    queries.forEach((q: Record<string, any>, i: number) => {
        const m = q.metric;
        if (isObject(m) && typeof m.metricName === "string" && DEVICE_DEFENDER_METRIC_NAMES.includes(m.metricName)) {
            refs.push({ where: `metricQueries[${i}].metric`, metricNames: [m.metricName], namespaces: typeof m.namespace === "string" ? [m.namespace] : [], ddDimension: dims(m.dimensions) });
        }
        if (typeof q.expression === "string") {
            const names = [...new Set([...q.expression.matchAll(DD_NAME)].map(x => x[1]))];
            if (names.length > 0) {
                refs.push({ where: `metricQueries[${i}].expression`, metricNames: names, namespaces: expressionNamespaces(q.expression),
                    ddDimension: DD_DIMENSIONS.some(d => q.expression.includes(d)) });
            }
        }
    });
    // A Device Defender metric name in an unrelated namespace (MyApp/Violations) is someone else's metric.
    return refs.filter(r => r.ddDimension || r.namespaces.length === 0 || r.namespaces.some(n => IOT_LIKE.test(n)));
}

export const deviceDefenderAlarms: ResourceValidationPolicy = {
    name: "cloudwatch-device-defender-alarms",
    description: `CloudWatch alarms on Device Defender metrics (${DEVICE_DEFENDER_METRIC_NAMES.join(", ")}; as metricName, metricQueries[].metric or named in a Metrics Insights expression) use namespace ${CLOUDWATCH.namespace} and have alarm actions (actions enabled).`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([AWS.MetricAlarm], (props, args, report) => {
        const refs = deviceDefenderRefs(props);
        if (refs.length === 0) args.notApplicable("not an alarm on Device Defender metrics");
        for (const r of refs) {
            const wrong = r.namespaces.filter(n => n !== CLOUDWATCH.namespace);
            if (r.namespaces.length === 0) report(`${r.where} (${r.metricNames.join(", ")}) names no namespace: Device Defender metrics are in ${CLOUDWATCH.namespace}`);
            else if (wrong.length > 0) report(`${r.where} (${r.metricNames.join(", ")}) uses namespace ${wrong.join(", ")}: Device Defender publishes to ${CLOUDWATCH.namespace}, so the alarm would never fire`);
        }
        const actions = props.alarmActions;
        if (!Array.isArray(actions) || actions.length === 0) report("alarm on Device Defender metrics has no alarmActions: it would change state without telling anyone");
        if (props.actionsEnabled === false) report("alarm on Device Defender metrics has actionsEnabled: false");
    }),
};

export const alarmPolicies = [deviceDefenderAlarms];
