/**
 * Required tags on every taggable resource: AWS resources count their own `tags`, `tagsAll` and the
 * provider's `defaultTags`; the IoT dynamic resources count their own `tags` ([{Key, Value}]).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    configOf,
    isObject,
    nonEmptyString,
    Props,
    read,
    schemaWithDefaults,
    TAGGABLE_AWS_TYPES,
    TAGGABLE_DYNAMIC_TYPES,
    Unknowns,
} from "./common";

const TAG_DEFAULTS = {
    requiredTags: ["Project", "Stack", "Environment", "Owner"],
    /** More AWS resource types to treat as taggable. */
    extraTaggableTypes: [] as string[],
    /** Types exempt from the rule. */
    exemptTypes: [] as string[],
};

/** The provider's default tags: `defaultTags` is JSON text (`{"tags":{...}}`) in engine props, or an object. */
export function providerDefaultTags(
    providerProps: Props | undefined,
    unknowns: Unknowns,
): Record<string, unknown> {
    const raw = unknowns.get(() => providerProps?.defaultTags);
    let value: unknown = raw;
    if (typeof raw === "string") {
        try {
            value = JSON.parse(raw);
        } catch {
            value = undefined;
        }
    }
    const tags = isObject(value) ? unknowns.get(() => (value as Props).tags) : undefined;
    return isObject(tags) ? tags : {};
}

/** Tag keys of a map whose values are set (an unknown value counts as set). */
function keysOfMap(tags: unknown): Map<string, boolean> {
    const out = new Map<string, boolean>();
    if (!isObject(tags)) return out;
    for (const k of Object.keys(tags)) {
        const v = read(() => tags[k]);
        out.set(k, !v.known || nonEmptyString(v.value));
    }
    return out;
}

/** A Pulumi type token (`aws:sns/topic:Topic`). */
const TYPE_TOKEN = "^[a-zA-Z0-9-]+:[^:]+:[^:]+$";

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description:
        "Every taggable resource carries the requiredTags (default Project, Stack, Environment, Owner) with non-empty values, counting the AWS provider's defaultTags for AWS resources and the own [{Key, Value}] tags of the IoT dynamic resources.",
    enforcementLevel: "mandatory",
    severity: "low",
    configSchema: schemaWithDefaults(TAG_DEFAULTS, {
        requiredTags: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            minItems: 1,
        },
        extraTaggableTypes: { type: "array", items: { type: "string", pattern: TYPE_TOKEN } },
        exemptTypes: { type: "array", items: { type: "string", pattern: TYPE_TOKEN } },
    }),
    validateResource: (args, report) => {
        const cfg = configOf(args, TAG_DEFAULTS);
        const props = args.props;
        const dynamic = TAGGABLE_DYNAMIC_TYPES.includes(args.type);
        const aws =
            TAGGABLE_AWS_TYPES.includes(args.type) ||
            cfg.extraTaggableTypes.includes(args.type) ||
            (args.type.startsWith("aws:") && ("tags" in props || "tagsAll" in props));
        if (cfg.exemptTypes.includes(args.type) || (!dynamic && !aws))
            args.notApplicable("not a taggable resource");

        const unknowns = new Unknowns();
        const present = new Map<string, boolean>();
        const merge = (m: Map<string, boolean>) =>
            m.forEach((ok, k) => present.set(k, ok || present.get(k) === true));
        if (dynamic) {
            const list = unknowns.get(() => props.tags);
            if (Array.isArray(list)) {
                list.forEach((_, i) => {
                    const t = unknowns.get(() => list[i]);
                    if (isObject(t) && typeof t.Key === "string") {
                        const v = read(() => t.Value);
                        present.set(t.Key, !v.known || nonEmptyString(v.value));
                    }
                });
            }
        } else {
            merge(keysOfMap(providerDefaultTags(args.provider?.props, unknowns)));
            merge(keysOfMap(unknowns.get(() => props.tagsAll)));
            merge(keysOfMap(unknowns.get(() => props.tags)));
        }
        const missing = cfg.requiredTags.filter(k => !present.has(k));
        const empty = cfg.requiredTags.filter(k => present.get(k) === false);
        if (missing.length > 0) {
            unknowns.violation(
                report,
                `missing required tags: ${missing.join(", ")}${dynamic ? " (IoT resources take their own tags; provider defaultTags do not apply)" : " (neither on the resource nor in the provider's defaultTags)"}`,
            );
        }
        if (empty.length > 0) report(`required tags with empty values: ${empty.join(", ")}`);
    },
};

export const tagPolicies = [requiredTags];
