/**
 * A Device Defender scheduled audit, as a dynamic resource.
 *
 * The day field follows the frequency (facts.FREQUENCY_DAY_FIELD): WEEKLY and BIWEEKLY take
 * `dayOfWeek`, MONTHLY takes `dayOfMonth`, DAILY neither. The name is the id and cannot change in
 * place; everything else is updated with UpdateScheduledAudit, tags with Tag/UntagResource.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CreateScheduledAuditCommand,
    DeleteScheduledAuditCommand,
    DescribeScheduledAuditCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import type {
    DescribeScheduledAuditResponse,
    IoTClient,
    Tag,
    UpdateScheduledAuditRequest,
} from "@aws-sdk/client-iot";
import {
    AUDIT_FREQUENCIES,
    AuditFrequency,
    DAY_OF_MONTH_PATTERN,
    DAYS_OF_WEEK,
    DayOfWeek,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    FREQUENCY_DAY_FIELD,
    LIMITS,
    NAME_RULES,
} from "../facts";
import {
    changedKeys,
    CheckFailure,
    checkRegionAndName,
    checkTags,
    cleanInputs,
    containsUnknown,
    diffKeys,
    IotTag,
    listTags,
    sameValue,
    syncTags,
    tagMap,
    UNKNOWN,
} from "./kit";
import { callAws, errorName, iotClient, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";

export interface ScheduledAuditInputs {
    region: string;
    /** 1-128 characters of [a-zA-Z0-9_-] (no colon); the id; changing it replaces the audit. */
    scheduledAuditName: string;
    frequency: AuditFrequency;
    /** Required for WEEKLY and BIWEEKLY, absent otherwise. */
    dayOfWeek?: DayOfWeek;
    /** "1".."31" or "LAST"; required for MONTHLY, absent otherwise. */
    dayOfMonth?: string;
    /** Checks to run; each must be enabled in the account audit configuration. */
    targetCheckNames: string[];
    tags?: Tag[];
}

export type ScheduledAuditArgs = {
    [K in keyof ScheduledAuditInputs]: pulumi.Input<ScheduledAuditInputs[K]>;
};

export interface ScheduledAuditOutputs extends ScheduledAuditInputs {
    arn: string;
}

/**
 * CloudFormation's marker for a cleared day field. Only CloudFormation's AWS::IoT::ScheduledAudit
 * schema accepts it; the API model does not (DayOfWeek is SUN..SAT, DayOfMonth `1..31|LAST`), and
 * the CloudFormation handler (aws-cloudformation-resource-providers-iot, UpdateHandler.java) never
 * sends it on its own: it passes the template's day fields through as they are. So this provider
 * never sends it; `read` still drops it if an audit managed elsewhere carries it.
 */
export const DAY_UNSET = "UNSET_VALUE";

const INPUT_KEYS = [
    "region",
    "scheduledAuditName",
    "frequency",
    "dayOfWeek",
    "dayOfMonth",
    "targetCheckNames",
    "tags",
] as const;
const REPLACE_KEYS = ["region", "scheduledAuditName"] as const;
const SETTINGS = ["frequency", "dayOfWeek", "dayOfMonth", "targetCheckNames"] as const;
const DAY_FIELDS = ["dayOfWeek", "dayOfMonth"] as const;

function label(inputs: { scheduledAuditName: string; region: string }): string {
    return `scheduled audit ${inputs.scheduledAuditName} in ${inputs.region}`;
}

/** The day field the frequency uses, with its value, and nothing else. */
function dayFor(
    inputs: Pick<ScheduledAuditInputs, "frequency" | "dayOfWeek" | "dayOfMonth">,
): Pick<ScheduledAuditInputs, "dayOfWeek" | "dayOfMonth"> {
    const field = FREQUENCY_DAY_FIELD[inputs.frequency];
    return field && inputs[field] !== undefined ? { [field]: inputs[field] } : {};
}

/** Settings in a form where check order and tag order do not matter (unknown values kept). */
function comparable(v: Record<string, unknown>): Record<string, unknown> {
    const checks = v.targetCheckNames;
    const tags = v.tags;
    return {
        ...v,
        targetCheckNames: Array.isArray(checks) ? [...checks].sort() : checks,
        tags: Array.isArray(tags) && !containsUnknown(tags) ? tagMap(tags as IotTag[]) : tags,
    };
}

async function describe(
    client: IoTClient,
    inputs: { scheduledAuditName: string; region: string },
): Promise<DescribeScheduledAuditResponse> {
    return callAws(`Describe ${label(inputs)}`, () =>
        client.send(
            new DescribeScheduledAuditCommand({ scheduledAuditName: inputs.scheduledAuditName }),
        ),
    );
}

/** The live audit as inputs; the day field the frequency does not use (or a cleared one) is left out. */
function liveSettings(
    live: DescribeScheduledAuditResponse,
): Pick<ScheduledAuditInputs, "frequency" | "dayOfWeek" | "dayOfMonth" | "targetCheckNames"> {
    const frequency = live.frequency as AuditFrequency;
    const raw = {
        frequency,
        dayOfWeek: live.dayOfWeek as DayOfWeek | undefined,
        dayOfMonth: live.dayOfMonth,
    };
    for (const f of DAY_FIELDS) if (raw[f] === DAY_UNSET) delete raw[f];
    return { frequency, ...dayFor(raw), targetCheckNames: live.targetCheckNames ?? [] };
}

function describeSettings(
    s: Partial<ScheduledAuditInputs>,
    tags: readonly IotTag[] | undefined,
): string {
    const day = s.dayOfWeek ? ` on ${s.dayOfWeek}` : s.dayOfMonth ? ` on day ${s.dayOfMonth}` : "";
    const tagText = Object.entries(tagMap(tags))
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
    return `${s.frequency}${day}, checks ${(s.targetCheckNames ?? []).join(", ")}, tags {${tagText}}`;
}

function checkDay(field: "dayOfWeek" | "dayOfMonth", value: unknown): CheckFailure[] {
    if (value === UNKNOWN) return [];
    if (field === "dayOfWeek" && !(DAYS_OF_WEEK as readonly unknown[]).includes(value)) {
        return [
            {
                property: field,
                reason: `dayOfWeek must be one of ${DAYS_OF_WEEK.join(", ")}; got ${JSON.stringify(value)}`,
            },
        ];
    }
    if (
        field === "dayOfMonth" &&
        (typeof value !== "string" || !DAY_OF_MONTH_PATTERN.test(value))
    ) {
        return [
            {
                property: field,
                reason: `dayOfMonth must be a string "1".."31" or "LAST"; got ${JSON.stringify(value)}`,
            },
        ];
    }
    return [];
}

export const scheduledAuditProvider: pulumi.dynamic.ResourceProvider<
    ScheduledAuditInputs,
    ScheduledAuditOutputs
> = {
    configure: configureAws,
    async check(_olds, news) {
        const inputs = cleanInputs(news) as ScheduledAuditInputs & { arn?: unknown };
        delete inputs.arn;
        const failures = checkRegionAndName(
            inputs as unknown as Record<string, unknown>,
            "scheduledAuditName",
            NAME_RULES.scheduledAuditName,
        );
        const frequency = inputs.frequency as unknown;
        if (
            frequency !== UNKNOWN &&
            !(AUDIT_FREQUENCIES as readonly unknown[]).includes(frequency)
        ) {
            failures.push({
                property: "frequency",
                reason: `frequency must be one of ${AUDIT_FREQUENCIES.join(", ")}; got ${JSON.stringify(frequency)}`,
            });
        }
        const known =
            frequency !== UNKNOWN && (AUDIT_FREQUENCIES as readonly unknown[]).includes(frequency);
        const needed = known ? FREQUENCY_DAY_FIELD[frequency as AuditFrequency] : undefined;
        for (const field of DAY_FIELDS) {
            const value = inputs[field] as unknown;
            if (known && field === needed && value === undefined) {
                failures.push({
                    property: field,
                    reason: `${field} is required when frequency is ${frequency}`,
                });
            } else if (known && field !== needed && value !== undefined && value !== UNKNOWN) {
                const uses = needed ? `it uses ${needed}` : "it takes no day";
                failures.push({
                    property: field,
                    reason: `${field} cannot be set when frequency is ${frequency} (${uses}); got ${JSON.stringify(value)}`,
                });
            } else if (value !== undefined) {
                failures.push(...checkDay(field, value));
            }
        }
        const checks = inputs.targetCheckNames as unknown;
        if (checks !== UNKNOWN) {
            if (!Array.isArray(checks) || checks.length === 0) {
                failures.push({
                    property: "targetCheckNames",
                    reason: `targetCheckNames must list at least one audit check; got ${JSON.stringify(checks)}`,
                });
            } else {
                const bad = checks.filter(
                    c => c !== UNKNOWN && (typeof c !== "string" || c.trim().length === 0),
                );
                if (bad.length > 0)
                    failures.push({
                        property: "targetCheckNames",
                        reason: `targetCheckNames must be non-empty check names; got ${JSON.stringify(bad)}`,
                    });
                const dupes = checks.filter((c, i) => c !== UNKNOWN && checks.indexOf(c) !== i);
                if (dupes.length > 0)
                    failures.push({
                        property: "targetCheckNames",
                        reason: `targetCheckNames lists ${dupes.join(", ")} more than once`,
                    });
            }
        }
        failures.push(...checkTags(inputs.tags));
        return { inputs, failures };
    },

    async diff(_id, olds, news) {
        return diffKeys(
            comparable(olds as unknown as Record<string, unknown>),
            comparable(news as unknown as Record<string, unknown>),
            INPUT_KEYS,
            REPLACE_KEYS,
        );
    },

    async create(news) {
        const inputs = cleanInputs(news);
        const client = iotClient(inputs.region);
        const tags = inputs.tags && inputs.tags.length > 0 ? inputs.tags : undefined;
        try {
            const created = await callAws(`Create ${label(inputs)}`, () =>
                client.send(
                    new CreateScheduledAuditCommand({
                        scheduledAuditName: inputs.scheduledAuditName,
                        frequency: inputs.frequency,
                        ...dayFor(inputs),
                        targetCheckNames: inputs.targetCheckNames,
                        ...(tags ? { tags } : {}),
                    }),
                ),
            );
            return {
                id: inputs.scheduledAuditName,
                outs: { ...inputs, arn: created.scheduledAuditArn ?? "" },
            };
        } catch (err) {
            if (errorName(err) === "LimitExceededException") {
                throw new Error(
                    `${(err as Error).message}. An account has at most ${LIMITS.scheduledAudits} scheduled audits per region (not adjustable): ` +
                        "delete one (`aws iot list-scheduled-audits`, `aws iot delete-scheduled-audit`) or fold these checks into an existing schedule.",
                );
            }
            if (errorName(err) !== "ResourceAlreadyExistsException") throw err;
        }
        // It exists already: adopt it only if it is exactly what is asked for (e.g. a retried create).
        const live = await describe(client, inputs);
        const arn = live.scheduledAuditArn ?? "";
        const liveTags = await listTags(client, arn, label(inputs));
        const want = {
            frequency: inputs.frequency,
            ...dayFor(inputs),
            targetCheckNames: inputs.targetCheckNames,
        };
        const have = liveSettings(live);
        if (
            sameValue(comparable(want), comparable(have)) &&
            sameValue(tagMap(liveTags), tagMap(inputs.tags as IotTag[] | undefined))
        ) {
            return { id: inputs.scheduledAuditName, outs: { ...inputs, arn } };
        }
        throw new Error(
            `Scheduled audit ${inputs.scheduledAuditName} already exists in ${inputs.region} with different settings ` +
                `(${describeSettings(have, liveTags)}; this stack wants ${describeSettings(want, inputs.tags as IotTag[] | undefined)}). ` +
                `Delete it (\`aws iot delete-scheduled-audit --scheduled-audit-name ${inputs.scheduledAuditName} --region ${inputs.region}\`) or give this schedule another name.`,
        );
    },

    async read(id, props) {
        const stored = cleanInputs((props ?? {}) as ScheduledAuditOutputs);
        const ref = { scheduledAuditName: stored.scheduledAuditName ?? id, region: stored.region };
        const client = iotClient(ref.region);
        const live: DescribeScheduledAuditResponse | undefined = await unlessNotFound(() =>
            describe(client, ref),
        );
        if (!live) return { id: "", props: {} as ScheduledAuditOutputs };
        const arn = live.scheduledAuditArn ?? stored.arn;
        const settings = liveSettings(live);
        // Keep the stored order when only the order differs, so a refresh does not churn.
        if (
            stored.targetCheckNames &&
            sameValue([...stored.targetCheckNames].sort(), [...settings.targetCheckNames].sort())
        ) {
            settings.targetCheckNames = stored.targetCheckNames;
        }
        const liveTags = await listTags(client, arn, label(ref));
        const tags =
            stored.tags && sameValue(tagMap(stored.tags as IotTag[]), tagMap(liveTags))
                ? stored.tags
                : liveTags;
        const { dayOfWeek: _w, dayOfMonth: _m, tags: _t, ...rest } = stored;
        return {
            id,
            props: {
                ...rest,
                ...ref,
                ...settings,
                arn,
                ...(tags.length > 0 || stored.tags !== undefined ? { tags: tags as Tag[] } : {}),
            },
        };
    },

    async update(_id, olds, news) {
        const old = cleanInputs(olds);
        const inputs = cleanInputs(news);
        const client = iotClient(inputs.region);
        const what = label(inputs);
        if (
            changedKeys(
                comparable(old as unknown as Record<string, unknown>),
                comparable(inputs as unknown as Record<string, unknown>),
                SETTINGS,
            ).length > 0
        ) {
            // Only the day field the new frequency uses is sent (see DAY_UNSET): a day the frequency
            // no longer uses may stay stored on AWS, where the frequency ignores it and `read` drops it.
            const request: UpdateScheduledAuditRequest = {
                scheduledAuditName: inputs.scheduledAuditName,
                frequency: inputs.frequency,
                ...dayFor(inputs),
                targetCheckNames: inputs.targetCheckNames,
            };
            await callAws(`Update ${what}`, () =>
                client.send(new UpdateScheduledAuditCommand(request)),
            );
        }
        await syncTags(
            client,
            old.arn,
            old.tags as IotTag[] | undefined,
            inputs.tags as IotTag[] | undefined,
            what,
        );
        return { outs: { ...inputs, arn: old.arn } };
    },

    async delete(id, props) {
        const state = cleanInputs(props);
        const ref = { scheduledAuditName: state.scheduledAuditName ?? id, region: state.region };
        await unlessNotFound(() =>
            callAws(`Delete ${label(ref)}`, () =>
                iotClient(ref.region).send(
                    new DeleteScheduledAuditCommand({ scheduledAuditName: ref.scheduledAuditName }),
                ),
            ),
        );
    },
};

export class ScheduledAudit extends pulumi.dynamic.Resource {
    static readonly __pulumiType = DYNAMIC_TYPES.ScheduledAudit;
    declare readonly region: pulumi.Output<string>;
    declare readonly scheduledAuditName: pulumi.Output<string>;
    declare readonly frequency: pulumi.Output<AuditFrequency>;
    declare readonly dayOfWeek: pulumi.Output<DayOfWeek | undefined>;
    declare readonly dayOfMonth: pulumi.Output<string | undefined>;
    declare readonly targetCheckNames: pulumi.Output<string[]>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly arn: pulumi.Output<string>;

    constructor(name: string, args: ScheduledAuditArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            scheduledAuditProvider,
            name,
            { arn: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "ScheduledAudit",
        );
    }
}
