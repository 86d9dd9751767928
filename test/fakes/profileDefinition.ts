/**
 * What AWS refuses in a security profile definition, as the fake account (./iotAccount.ts) refuses
 * it: the AWS IoT API model's shapes for behaviors (at most 100), metrics to retain
 * (MetricToRetain: metric required; MetricDimension: dimensionName required, 1-128 of
 * [a-zA-Z0-9:_-], operator IN or NOT_IN; exportMetric a boolean) and the metrics export
 * (MetricsExportConfig: mqttTopic 1-512 and roleArn 20-2048 characters, both required), and an
 * update that both sets a field and asks to delete it (UpdateSecurityProfile takes one or the other).
 */
import {
    DIMENSION_OPERATORS,
    LIMITS,
    MQTT_TOPIC_LENGTH,
    NAME_RULES,
    ROLE_ARN_LENGTH,
} from "../../components/facts";

const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
const inRange = (v: unknown, r: { min: number; max: number }) =>
    typeof v === "string" && v.length >= r.min && v.length <= r.max;

/** The first problem AWS would report with a definition (Create or Update fields), if any. */
export function definitionProblem(def: Record<string, unknown>): string | undefined {
    const behaviors = def.behaviors;
    if (Array.isArray(behaviors) && behaviors.length > LIMITS.behaviorsPerProfile)
        return `behaviors: at most ${LIMITS.behaviorsPerProfile} are allowed; got ${behaviors.length}`;
    const retain = def.additionalMetricsToRetainV2;
    if (retain !== undefined) {
        if (!Array.isArray(retain)) return "additionalMetricsToRetainV2 must be a list";
        for (const [i, m] of retain.entries()) {
            const at = `additionalMetricsToRetainV2[${i}]`;
            if (!isObject(m) || typeof m.metric !== "string") return `${at}.metric is required`;
            if (m.exportMetric !== undefined && typeof m.exportMetric !== "boolean")
                return `${at}.exportMetric must be a boolean`;
            const d = m.metricDimension;
            if (d === undefined) continue;
            if (!isObject(d) || typeof d.dimensionName !== "string")
                return `${at}.metricDimension.dimensionName is required`;
            if (!NAME_RULES.dimensionName.pattern.test(d.dimensionName))
                return `${at}.metricDimension.dimensionName must be ${NAME_RULES.dimensionName.allowed}`;
            if (
                d.operator !== undefined &&
                !(DIMENSION_OPERATORS as readonly unknown[]).includes(d.operator)
            )
                return `${at}.metricDimension.operator must be one of ${DIMENSION_OPERATORS.join(", ")}`;
        }
    }
    const exported = def.metricsExportConfig;
    if (exported !== undefined) {
        if (!isObject(exported)) return "metricsExportConfig must be {mqttTopic, roleArn}";
        if (!inRange(exported.mqttTopic, MQTT_TOPIC_LENGTH))
            return `metricsExportConfig.mqttTopic must be ${MQTT_TOPIC_LENGTH.min}-${MQTT_TOPIC_LENGTH.max} characters`;
        if (!inRange(exported.roleArn, ROLE_ARN_LENGTH))
            return `metricsExportConfig.roleArn must be ${ROLE_ARN_LENGTH.min}-${ROLE_ARN_LENGTH.max} characters`;
    }
    return undefined;
}

/** UpdateSecurityProfile's delete flags, each with the field it clears. */
export const DELETE_FLAGS = {
    deleteBehaviors: "behaviors",
    deleteAlertTargets: "alertTargets",
    deleteAdditionalMetricsToRetain: "additionalMetricsToRetainV2",
    deleteMetricsExportConfig: "metricsExportConfig",
} as const;

/** An update that sets a field and deletes it at once. */
export function deleteConflict(input: Record<string, unknown>): string | undefined {
    for (const [flag, field] of Object.entries(DELETE_FLAGS))
        if (input[flag] === true && input[field] !== undefined)
            return `${field} cannot be set when ${flag} is true`;
    return undefined;
}
