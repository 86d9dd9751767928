/** Renders recorded resources as an indented tree with the properties that matter per type. */
import { RecordedResource } from "./engine";

/** Properties worth a reader's attention, by type token; other types show their scalar inputs. */
const KEY_PROPS: Record<string, string[]> = {
    "pulumi:providers:aws": ["region"],
    "aws:sns/topic:Topic": ["name", "kmsMasterKeyId"],
    "aws:sns/topicSubscription:TopicSubscription": ["protocol", "endpoint"],
    "aws:kms/key:Key": ["enableKeyRotation", "deletionWindowInDays"],
    "aws:iam/role:Role": ["name", "managedPolicyArns"],
    "aws:iam/rolePolicy:RolePolicy": ["name"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["namespace", "metricName", "dimensions", "threshold", "comparisonOperator"],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    "pulumi-nodejs:dynamic/iot:SecurityProfile": ["securityProfileName", "behaviors", "targets", "alertTargets"],
    "pulumi-nodejs:dynamic/iot:AccountAuditConfiguration": ["auditCheckConfigurations", "adoptExisting"],
    "pulumi-nodejs:dynamic/iot:ScheduledAudit": ["scheduledAuditName", "frequency", "dayOfWeek", "dayOfMonth", "targetCheckNames"],
    "pulumi-nodejs:dynamic/iot:MitigationAction": ["actionName", "actionParams"],
};
const HIDDEN = new Set(["__provider", "tags", "tagsAll", "policy", "assumeRolePolicy", "dashboardBody", "code"]);

function summarize(value: unknown): string {
    if (Array.isArray(value)) {
        const names = value.map(v => (v && typeof v === "object" ? (v as { name?: string }).name : undefined));
        if (names.every(n => typeof n === "string")) return `[${names.join(", ")}]`;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length > 4) return `{${keys.length} entries: ${keys.slice(0, 3).join(", ")}, ...}`;
    }
    const text = JSON.stringify(value);
    return text.length > 110 ? `${text.slice(0, 107)}...` : text;
}

export function describeProps(r: RecordedResource): string {
    if (!r.custom) return "";  // a component's args are not properties of anything deployed
    const keys = KEY_PROPS[r.type] ?? Object.keys(r.inputs).filter(k => !HIDDEN.has(k) && typeof r.inputs[k] !== "object").slice(0, 4);
    return keys.filter(k => r.inputs[k] !== undefined).map(k => `${k}=${summarize(r.inputs[k])}`).join("  ");
}

export function renderTree(resources: readonly RecordedResource[]): string {
    const byParent = new Map<string | undefined, RecordedResource[]>();
    const urns = new Set(resources.map(r => r.urn));
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string | undefined, indent: string) => {
        for (const r of byParent.get(parent) ?? []) {
            const props = describeProps(r);
            lines.push(`${indent}${r.type}  ${r.name}${props ? `\n${indent}    ${props}` : ""}`);
            walk(r.urn, `${indent}  `);
        }
    };
    walk(undefined, "");
    return lines.join("\n");
}
