/** Renders recorded resources as an indented tree with the properties that matter per type. */
import * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_TYPES } from "../../components/facts";
import { actionsOf, resourcesOf, statements } from "../../policies/rules/common";
import { RecordedResource } from "./engine";
import { SECRET, UNKNOWN } from "./outputs";

/** Properties worth a reader's attention, by type token; other types show their scalar inputs. */
const KEY_PROPS: Record<string, string[]> = {
    "pulumi:providers:aws": ["region"],
    "aws:sns/topic:Topic": ["name", "kmsMasterKeyId"],
    "aws:sns/topicSubscription:TopicSubscription": ["protocol", "endpoint"],
    "aws:kms/key:Key": ["enableKeyRotation", "deletionWindowInDays"],
    "aws:iam/role:Role": ["name", "managedPolicyArns"],
    "aws:iam/rolePolicy:RolePolicy": ["name"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        "name",
        "namespace",
        "metricName",
        "dimensions",
        "threshold",
        "comparisonOperator",
    ],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
    [DYNAMIC_TYPES.SecurityProfile]: [
        "securityProfileName",
        "behaviors",
        "targets",
        "alertTargets",
        "additionalMetricsToRetainV2",
        "metricsExportConfig",
    ],
    [DYNAMIC_TYPES.AccountAudit]: ["auditCheckConfigurations", "adoptExisting", "scheduledAudits"],
    [DYNAMIC_TYPES.MitigationAction]: ["actionName", "actionParams"],
    [DYNAMIC_TYPES.AuditSuppression]: [
        "checkName",
        "resourceIdentifier",
        "expirationDate",
        "suppressIndefinitely",
    ],
};
const HIDDEN = new Set([
    "__provider",
    "tags",
    "tagsAll",
    "policy",
    "assumeRolePolicy",
    "dashboardBody",
    "code",
]);
/** Policy documents worth summarising (who may do what), by type token: the recipe's IAM bugs live here. */
const POLICY_PROPS: Record<string, string> = {
    "aws:iam/role:Role": "assumeRolePolicy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:kms/key:Key": "policy",
    "aws:iot/policy:Policy": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
};

/** `Allow sns:Publish on arn:...:alerts` per statement; principals for trust and resource policies. */
export function summarizePolicy(document: unknown): string[] {
    // Nothing to summarise when the document is not known yet (preview) or not JSON.
    return statements(document).map(st => {
        const principal =
            st.Principal === undefined
                ? ""
                : ` for ${Object.values(st.Principal as object)
                      .flat()
                      .join(", ")}`;
        const resources = resourcesOf(st);
        return `${st.Effect} ${actionsOf(st).join(", ")}${principal}${resources.length ? ` on ${resources.join(", ")}` : ""}`;
    });
}

function summarize(value: unknown): string {
    if (Array.isArray(value)) {
        const names = value.map(v =>
            v && typeof v === "object" ? (v as { name?: string }).name : undefined,
        );
        if (names.every(n => typeof n === "string")) return `[${names.join(", ")}]`;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length > 4) return `{${keys.length} entries: ${keys.slice(0, 3).join(", ")}, ...}`;
    }
    const text = JSON.stringify(value, (_key, v) => (pulumi.isUnknown(v) ? UNKNOWN : v));
    return text.length > 110 ? `${text.slice(0, 107)}...` : text;
}

/** One line of key properties, then one line per policy statement. */
export function describeProps(r: RecordedResource): string[] {
    if (!r.custom) return []; // a component's args are not properties of anything deployed
    const keys =
        KEY_PROPS[r.type] ??
        Object.keys(r.inputs)
            .filter(k => !HIDDEN.has(k) && typeof r.inputs[k] !== "object")
            .slice(0, 4);
    const props = keys
        .filter(k => r.inputs[k] !== undefined)
        .map(k => `${k}=${r.secretInputs.includes(k) ? SECRET : summarize(r.inputs[k])}`)
        .join("  ");
    const queries = (
        r.secretInputs.includes("metricQueries")
            ? []
            : ((r.inputs.metricQueries as { expression?: string }[] | undefined) ?? [])
    )
        .filter(q => q.expression)
        .map(q => `query: ${q.expression}`);
    const policyProp = POLICY_PROPS[r.type];
    const policy = !policyProp
        ? []
        : r.secretInputs.includes(policyProp)
          ? [`policy: ${SECRET}`]
          : summarizePolicy(r.inputs[policyProp]).map(line => `policy: ${line}`);
    return [...(props ? [props] : []), ...queries, ...policy];
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
            lines.push(
                `${indent}${r.type}  ${r.name}`,
                ...describeProps(r).map(line => `${indent}    ${line}`),
            );
            walk(r.urn, `${indent}  `);
        }
    };
    walk(undefined, "");
    return lines.join("\n");
}
