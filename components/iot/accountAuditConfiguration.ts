/**
 * The Device Defender audit configuration of one account and region, as a dynamic resource.
 *
 * The configuration is a per-account-and-region singleton, so this resource never silently takes
 * over one that exists: `create` fails unless `adoptExisting` is set, and when adopting it records
 * what it found (`priorConfiguration`) so `delete` can put it back exactly. The account ends up
 * exactly as configured: every check the API knows and the inputs do not enable is disabled.
 *
 * A check still used by a scheduled audit cannot be disabled, so before disabling checks `update`
 * (and `delete` when it restores an adopted configuration) moves the stack's own scheduled audits
 * off them: each is set to the checks it is to run (`managedScheduledAudits`), the new checks it
 * needs being enabled first, so swapping a schedule's only check works in one deployment. An audit
 * is the stack's own when it carries the stack's ownership tags (`ownerTags`). It refuses (naming
 * the audit and its checks) when an audit not tagged as the stack's uses one. Deleting the
 * configuration disables every check, so `delete` refuses while any scheduled audit is left.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    DeleteAccountAuditConfigurationCommand,
    DeleteScheduledAuditCommand,
    DescribeAccountAuditConfigurationCommand,
    DescribeScheduledAuditCommand,
    ListScheduledAuditsCommand,
    UpdateAccountAuditConfigurationCommand,
    UpdateScheduledAuditCommand,
} from "@aws-sdk/client-iot";
import type {
    AuditCheckConfiguration,
    AuditNotificationTarget,
    DescribeAccountAuditConfigurationResponse,
    DescribeScheduledAuditResponse,
    IoTClient,
} from "@aws-sdk/client-iot";
import {
    ALERT_TARGET_TYPE,
    AUDIT_CHECKS,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    NAME_RULES,
    ROLE_ARN_LENGTH,
    TAG_LIMITS,
} from "../facts";
import {
    CheckFailure,
    checkRegionAndName,
    checkString,
    cleanInputs,
    containsUnknown,
    diffKeys,
    isObject,
    listTags,
    sameValue,
    tagMap,
    UNKNOWN,
} from "./kit";
import { callAws, iotClient, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";
import { assertStackAccount } from "../aws/account";

export interface AccountAuditConfigurationInputs {
    /** The region whose audit configuration this is. */
    region: string;
    /** The account whose audit configuration this is (12 digits); the id is `${accountId}/${region}`. */
    accountId: string;
    /** The audit role (data collection). */
    roleArn: string;
    /** Notification targets by type; the only key is "SNS". */
    auditNotificationTargetConfigurations?: Record<string, AuditNotificationTarget>;
    /** Check name → {enabled, configuration?}. Checks not listed are disabled. */
    auditCheckConfigurations: Record<string, AuditCheckConfiguration>;
    /** Take over an audit configuration that already exists (it is restored on delete). */
    adoptExisting?: boolean;
    /**
     * The scheduled audits this stack manages, by name, with the checks each is to run. Before a
     * check is disabled, an audit of the stack's own (see `ownerTags`) that uses it is set to these
     * checks; one of its own not listed here is being dropped. A name here is no proof of ownership.
     */
    managedScheduledAudits?: ManagedScheduledAudits;
    /**
     * Tag key → value that every scheduled audit this stack creates carries (its Project and Stack):
     * how the stack tells its own scheduled audits from others that use a check it disables. No AWS
     * call of its own; without it no scheduled audit counts as the stack's.
     */
    ownerTags?: Record<string, string>;
}

type SettableInputs = Omit<
    AccountAuditConfigurationInputs,
    "auditNotificationTargetConfigurations"
>;
export type AccountAuditConfigurationArgs = {
    [K in keyof SettableInputs]: pulumi.Input<SettableInputs[K]>;
} & {
    /** Outputs may sit at the leaves, so the map's shape is known in preview (the policy pack checks it). */
    auditNotificationTargetConfigurations?: pulumi.Input<
        Record<
            string,
            pulumi.Input<{
                targetArn?: pulumi.Input<string>;
                roleArn?: pulumi.Input<string>;
                enabled?: pulumi.Input<boolean>;
            }>
        >
    >;
};

export interface AccountAuditConfigurationOutputs extends AccountAuditConfigurationInputs {
    /** JSON of the configuration found when adopting (see `PriorConfiguration`); absent when there was none. */
    priorConfiguration?: string;
}

/** What `priorConfiguration` holds: the configuration as DescribeAccountAuditConfiguration returned it. */
export interface PriorConfiguration {
    roleArn?: string;
    auditNotificationTargetConfigurations?: Record<string, AuditNotificationTarget>;
    /** Every check the API returned, enabled or not, with its configuration. */
    auditCheckConfigurations: Record<string, AuditCheckConfiguration>;
}

/** Inputs compared by `diff`; `priorConfiguration` and `__provider` are not inputs. */
const INPUT_KEYS = [
    "region",
    "accountId",
    "roleArn",
    "auditNotificationTargetConfigurations",
    "auditCheckConfigurations",
    "adoptExisting",
    "managedScheduledAudits",
    "ownerTags",
] as const;
const REPLACE_KEYS = ["region", "accountId"] as const;
const ACCOUNT_ID = /^\d{12}$/;
const TARGET_ARN_MAX = 2048;

type Checks = Record<string, AuditCheckConfiguration>;
type Targets = Record<string, AuditNotificationTarget>;
/** Scheduled audit name → the checks it is to run. */
export type ManagedScheduledAudits = Record<string, string[]>;

/** Names of the managed scheduled audits; state written before the map held a list of names. */
function managedNames(managed: ManagedScheduledAudits | string[] | undefined): string[] {
    return Array.isArray(managed) ? managed : Object.keys(managed ?? {});
}

function where(inputs: { accountId?: string; region: string }): string {
    return `account ${inputs.accountId ?? "?"} in ${inputs.region}`;
}

function enabledNames(checks: Checks | undefined): string[] {
    return Object.entries(checks ?? {})
        .filter(([, c]) => c?.enabled === true)
        .map(([name]) => name)
        .sort();
}

/** An account "has a configuration" when it has an audit role or any enabled check. */
function hasConfiguration(live: DescribeAccountAuditConfigurationResponse): boolean {
    return !!live.roleArn || enabledNames(live.auditCheckConfigurations).length > 0;
}

function describeLive(live: DescribeAccountAuditConfigurationResponse): string {
    const all = Object.keys(live.auditCheckConfigurations ?? {});
    const enabled = enabledNames(live.auditCheckConfigurations);
    const sns = live.auditNotificationTargetConfigurations?.[ALERT_TARGET_TYPE];
    return [
        `role ${live.roleArn ? live.roleArn : "(none)"}`,
        `${enabled.length} of ${all.length} checks enabled${enabled.length ? ` (${enabled.join(", ")})` : ""}`,
        sns?.targetArn
            ? `SNS notifications to ${sns.targetArn} (${sns.enabled ? "enabled" : "disabled"})`
            : "no notification target",
    ].join("; ");
}

async function describeConfiguration(
    client: IoTClient,
    inputs: { accountId?: string; region: string },
): Promise<DescribeAccountAuditConfigurationResponse> {
    return callAws(`Describe the audit configuration of ${where(inputs)}`, () =>
        client.send(new DescribeAccountAuditConfigurationCommand({})),
    );
}

/** Fails, listing the available names, if a configured check is not one the API returned. */
function assertKnownChecks(
    configured: readonly string[],
    available: readonly string[],
    inputs: { accountId?: string; region: string },
): void {
    const unknown = configured.filter(name => !available.includes(name));
    if (unknown.length > 0) {
        throw new Error(
            `Unknown audit check name(s) for ${where(inputs)}: ${unknown.join(", ")}. ` +
                `Available checks (from DescribeAccountAuditConfiguration): ${[...available].sort().join(", ")}.`,
        );
    }
}

/** A check's threshold at its default, as the API spells it (days as a string); undefined if it has none. */
function defaultConfiguration(name: string): Record<string, string> | undefined {
    const threshold = AUDIT_CHECKS[name]?.threshold;
    return threshold ? { [threshold.configName]: String(threshold.defaultDays) } : undefined;
}

function hasSettings(configuration: Record<string, string> | undefined): boolean {
    return !!configuration && Object.keys(configuration).length > 0;
}

/** True when the configuration is the check's default threshold (AWS reports that value when none was set). */
function isDefaultConfiguration(
    name: string,
    configuration: Record<string, string> | undefined,
): boolean {
    const fallback = defaultConfiguration(name);
    return fallback !== undefined && sameValue(configuration, fallback);
}

/**
 * The full check map to send: the configured checks as configured, and every other check in
 * `others` explicitly disabled, so the account ends up exactly as configured. An enabled check
 * whose threshold was set before (`previous`) and is no longer configured gets its default back:
 * the API keeps a threshold it is not sent, so leaving it out would keep the old value.
 */
function fullCheckMap(
    configured: Checks,
    others: readonly string[],
    previous: Checks | undefined,
): Checks {
    const map: Checks = {};
    for (const name of others) map[name] = { enabled: false };
    for (const [name, c] of Object.entries(configured)) {
        const reset =
            c.enabled === true &&
            !hasSettings(c.configuration) &&
            hasSettings(previous?.[name]?.configuration)
                ? defaultConfiguration(name)
                : undefined;
        const configuration = hasSettings(c.configuration) ? c.configuration : reset;
        map[name] = configuration ? { enabled: c.enabled, configuration } : { enabled: c.enabled };
    }
    return map;
}

/** Checks where a threshold at its default counts as none, for diff (unknown values left alone). */
function comparableChecks(checks: unknown): unknown {
    if (!isObject(checks) || containsUnknown(checks)) return checks;
    return Object.fromEntries(
        Object.entries(checks as Checks).map(([name, c]) => {
            const configuration = c?.configuration;
            const plain =
                isObject(c) &&
                (!hasSettings(configuration) || isDefaultConfiguration(name, configuration));
            return [name, plain ? { ...c, configuration: undefined } : c];
        }),
    );
}

/**
 * Notification targets to send: the configured ones, plus any target that exists now and is
 * not configured, disabled (the API has no call that removes a target).
 */
function targetsToSend(
    configured: Targets | undefined,
    existing: Targets | undefined,
): Targets | undefined {
    const out: Targets = {};
    for (const [type, t] of Object.entries(existing ?? {})) {
        if (!configured?.[type] && t?.targetArn && t.enabled)
            out[type] = { targetArn: t.targetArn, roleArn: t.roleArn, enabled: false };
    }
    for (const [type, t] of Object.entries(configured ?? {})) out[type] = { ...t };
    return Object.keys(out).length > 0 ? out : undefined;
}

async function updateConfiguration(
    client: IoTClient,
    inputs: { accountId?: string; region: string },
    roleArn: string | undefined,
    targets: Targets | undefined,
    checks: Checks,
): Promise<void> {
    await callAws(`Update the audit configuration of ${where(inputs)}`, () =>
        client.send(
            new UpdateAccountAuditConfigurationCommand({
                ...(roleArn ? { roleArn } : {}),
                ...(targets ? { auditNotificationTargetConfigurations: targets } : {}),
                auditCheckConfigurations: checks,
            }),
        ),
    );
}

/** What must happen to one scheduled audit before checks it uses are disabled. */
type Release =
    | { name: string; delete: true; using: string[] }
    | { name: string; delete?: false; using: string[]; targetCheckNames: string[] };

async function listScheduledAuditNames(
    client: IoTClient,
    inputs: { accountId?: string; region: string },
): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
        const page = await callAws(`List the scheduled audits of ${where(inputs)}`, () =>
            client.send(new ListScheduledAuditsCommand({ nextToken })),
        );
        for (const a of page.scheduledAudits ?? [])
            if (a.scheduledAuditName) names.push(a.scheduledAuditName);
        nextToken = page.nextToken || undefined;
    } while (nextToken);
    return names;
}

/**
 * Before disabling `disabling`: finds every scheduled audit that uses one of them, and plans, with
 * no change made, how to free each. Only the stack's own audits are changed, and what shows an audit
 * is the stack's is its tags (`isOwnAudit`), not its name: a name enters `managedScheduledAudits`
 * before the stack creates an audit by it, and that create fails when someone else has the name.
 * An own audit in the new managed map is set to the checks it is to run (all enabled by the new
 * configuration, as `check` makes sure); an own audit not in it is being dropped: it loses the
 * disabled checks, or is deleted when none would be left (Pulumi's own delete of it afterwards
 * finds it gone, which is success). Fails, naming audit and checks, when an audit not tagged as the
 * stack's uses one. Tags are read only for the audits that use a check being disabled.
 */
async function planRelease(
    client: IoTClient,
    news: AccountAuditConfigurationInputs,
    disabling: readonly string[],
    purpose = "",
): Promise<Release[]> {
    const managed = news.managedScheduledAudits;
    // A list of names (the old form, which `check` no longer lets through) gives no checks to move to.
    const wanted = (name: string) => (Array.isArray(managed) ? undefined : managed?.[name]);
    const plan: Release[] = [];
    const problems: string[] = [];
    for (const name of await listScheduledAuditNames(client, news)) {
        const audit = await callAws(`Describe scheduled audit ${name} in ${news.region}`, () =>
            client.send(new DescribeScheduledAuditCommand({ scheduledAuditName: name })),
        );
        const checks = audit.targetCheckNames ?? [];
        const using = checks.filter(c => disabling.includes(c));
        if (using.length === 0) continue;
        if (!(await isOwnAudit(client, news, name, audit))) {
            problems.push(
                `scheduled audit ${name} (runs ${checks.join(", ")}) uses ${using.join(", ")}, and this stack does not manage it: ${notOwnReason(news.ownerTags)}`,
            );
            continue;
        }
        const remaining = checks.filter(c => !using.includes(c));
        const moveTo = wanted(name);
        if (moveTo) plan.push({ name, using, targetCheckNames: moveTo });
        else if (remaining.length > 0) plan.push({ name, using, targetCheckNames: remaining });
        else if (!managedNames(managed).includes(name)) plan.push({ name, using, delete: true });
        else
            problems.push(
                `scheduled audit ${name} (managed by this stack) uses only checks being disabled (${using.join(", ")}) and its new checks are not known`,
            );
    }
    if (problems.length > 0) {
        throw new Error(
            `Cannot disable audit check(s) ${disabling.join(", ")} for ${where(news)}${purpose}: ${problems.join("; ")}. ` +
                "A check used by a scheduled audit cannot be disabled: remove it from the scheduled audit (or delete the audit) first.",
        );
    }
    return plan;
}

/**
 * True when the audit carries every ownership tag with this stack's value. The stack creates its
 * scheduled audits with these tags, and an audit made outside it does not have them; with no
 * `ownerTags` (state written before there were any) no audit can be shown to be the stack's.
 */
async function isOwnAudit(
    client: IoTClient,
    inputs: AccountAuditConfigurationInputs,
    name: string,
    audit: DescribeScheduledAuditResponse,
): Promise<boolean> {
    const owner = Object.entries(inputs.ownerTags ?? {});
    if (owner.length === 0 || !audit.scheduledAuditArn) return false;
    const tags = tagMap(
        await listTags(
            client,
            audit.scheduledAuditArn,
            `scheduled audit ${name} in ${inputs.region}`,
        ),
    );
    return owner.every(([key, value]) => tags[key] === value);
}

function notOwnReason(ownerTags: Record<string, string> | undefined): string {
    const owner = Object.entries(ownerTags ?? {});
    if (owner.length === 0)
        return "this configuration has no ownerTags, so no scheduled audit can be shown to be the stack's";
    return `it is not tagged ${owner.map(([k, v]) => `${k}=${v}`).join(", ")} as the stack's own scheduled audits are`;
}

/** Before DeleteAccountAuditConfiguration, which disables every check: fails, naming them, if any scheduled audit is left. */
async function assertNoScheduledAudits(
    client: IoTClient,
    state: { accountId?: string; region: string },
): Promise<void> {
    const left = await listScheduledAuditNames(client, state);
    if (left.length === 0) return;
    // The stack's own scheduled audits are deleted before the configuration (they depend on it), so
    // these were made outside it: deleting them (deleteScheduledAudits) is not this stack's call.
    throw new Error(
        `Cannot delete the audit configuration of ${where(state)}: scheduled audit(s) ${left.sort().join(", ")} exist, ` +
            "which this stack does not manage; deleting the configuration would disable every check they run. The configuration is left in place. " +
            `Delete those scheduled audits (\`aws iot delete-scheduled-audit --region ${state.region} --scheduled-audit-name <name>\`) and run \`pulumi destroy\` again. ` +
            "To keep them running, the configuration must outlive this stack, but this destroy deletes the audit role and the notification topic it uses: " +
            "first adopt it in another stack (`iot-defender:audit.adoptExisting: true`), or point it at a role that stays " +
            `(\`aws iot update-account-audit-configuration --region ${state.region} --role-arn <role>\`, with \`--audit-notification-target-configurations\` for a topic that stays); ` +
            "then remove it from this stack's state only (`pulumi state delete <urn>`) and run `pulumi destroy` again.",
    );
}

async function applyRelease(
    client: IoTClient,
    inputs: { region: string },
    plan: readonly Release[],
): Promise<void> {
    for (const r of plan) {
        if (r.delete) {
            await unlessNotFound(() =>
                callAws(
                    `Delete scheduled audit ${r.name} (removed from this stack) in ${inputs.region}`,
                    () =>
                        client.send(
                            new DeleteScheduledAuditCommand({ scheduledAuditName: r.name }),
                        ),
                ),
            );
        } else {
            await callAws(
                `Move scheduled audit ${r.name} in ${inputs.region} off ${r.using.join(", ")} (to ${r.targetCheckNames.join(", ")})`,
                () =>
                    client.send(
                        new UpdateScheduledAuditCommand({
                            scheduledAuditName: r.name,
                            targetCheckNames: r.targetCheckNames,
                        }),
                    ),
            );
        }
    }
}

/**
 * The refusal of a create that would adopt a configuration already set to this stack's own role:
 * an earlier adopting run applied it and died before Pulumi saved state, so what it replaced was
 * recorded nowhere. Taking it as the stack's own would make destroy delete the other owner's
 * configuration; recording "prior unknown" and leaving the configuration on destroy would leave it
 * pointing at this stack's audit role (which destroy deletes), silently, since a dynamic provider
 * cannot warn. Refusing, with nothing changed, tells the person who can still recover it, now.
 */
function priorLost(
    inputs: AccountAuditConfigurationInputs,
    live: DescribeAccountAuditConfigurationResponse,
): Error {
    return new Error(
        `The Device Defender audit configuration of ${where(inputs)} already uses this stack's audit role ${inputs.roleArn} (${describeLive(live)}), ` +
            "while adoptExisting: true asks to adopt it: an earlier `pulumi up` adopting it applied this stack's configuration and stopped before Pulumi saved state, " +
            "so the configuration it replaced was never recorded and `pulumi destroy` could not restore it. This run changed nothing. Either restore that configuration by hand " +
            `(\`aws iot update-account-audit-configuration --region ${inputs.region} --role-arn <its role> ...\`) and run \`pulumi up\` again, which adopts and records it; ` +
            "or, if there was none to keep, set `iot-defender:audit.adoptExisting: false` in Pulumi.<stack>.yaml and run `pulumi up`: " +
            "the stack then takes the configuration as its own and `pulumi destroy` deletes it.",
    );
}

/**
 * True when the inputs change anything besides disabling checks: role, notification targets, or a
 * kept check (`kept`: the new checks less those being disabled) that is new or set differently.
 */
function changesBeforeRelease(
    old: AccountAuditConfigurationInputs,
    inputs: AccountAuditConfigurationInputs,
    kept: Checks,
): boolean {
    return (
        !sameValue(old.roleArn, inputs.roleArn) ||
        !sameValue(
            old.auditNotificationTargetConfigurations,
            inputs.auditNotificationTargetConfigurations,
        ) ||
        Object.entries(kept).some(
            ([name, c]) => !sameValue(old.auditCheckConfigurations?.[name], c),
        )
    );
}

/** The live configuration mapped back to input names; `stored` keeps what refresh must not churn. */
function liveToInputs(
    live: DescribeAccountAuditConfigurationResponse,
    stored: Partial<AccountAuditConfigurationOutputs>,
): Pick<
    AccountAuditConfigurationInputs,
    "roleArn" | "auditNotificationTargetConfigurations" | "auditCheckConfigurations"
> {
    const checks: Checks = {};
    for (const [name, c] of Object.entries(live.auditCheckConfigurations ?? {})) {
        const was = stored.auditCheckConfigurations?.[name];
        if (c?.enabled === true) {
            // The default threshold is how AWS shows "none set": it is not invented into the inputs.
            const keep =
                hasSettings(c.configuration) &&
                !(
                    isDefaultConfiguration(name, c.configuration) &&
                    !hasSettings(was?.configuration)
                );
            checks[name] = keep
                ? { enabled: true, configuration: c.configuration }
                : { enabled: true };
        } else if (was && was.enabled === false) {
            checks[name] = { enabled: false };
        }
    }
    const targets: Targets = {};
    for (const [type, t] of Object.entries(live.auditNotificationTargetConfigurations ?? {})) {
        // A disabled target the inputs never had is how "no target" looks once one existed.
        if (!t || (!t.enabled && !stored.auditNotificationTargetConfigurations?.[type])) continue;
        targets[type] = { targetArn: t.targetArn, roleArn: t.roleArn, enabled: t.enabled };
    }
    return {
        roleArn: live.roleArn ?? "",
        ...(Object.keys(targets).length > 0
            ? { auditNotificationTargetConfigurations: targets }
            : {}),
        auditCheckConfigurations: checks,
    };
}

function checkRoleArn(value: unknown, property: string): CheckFailure[] {
    if (value === UNKNOWN) return [];
    if (
        typeof value !== "string" ||
        value.length < ROLE_ARN_LENGTH.min ||
        value.length > ROLE_ARN_LENGTH.max
    ) {
        return [
            {
                property,
                reason: `${property} must be a role ARN of ${ROLE_ARN_LENGTH.min}-${ROLE_ARN_LENGTH.max} characters; got ${JSON.stringify(value)}`,
            },
        ];
    }
    return [];
}

function checkTargets(value: unknown): CheckFailure[] {
    const p = "auditNotificationTargetConfigurations";
    if (value === undefined || value === UNKNOWN) return [];
    if (!isObject(value))
        return [
            {
                property: p,
                reason: `${p} must be a map keyed by "${ALERT_TARGET_TYPE}"; got ${JSON.stringify(value)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    for (const [type, t] of Object.entries(value)) {
        if (type !== ALERT_TARGET_TYPE) {
            failures.push({
                property: `${p}.${type}`,
                reason: `${p} key must be "${ALERT_TARGET_TYPE}" (the only notification target type); got ${JSON.stringify(type)}`,
            });
            continue;
        }
        if (t === UNKNOWN) continue;
        if (!isObject(t)) {
            failures.push({
                property: `${p}.${type}`,
                reason: `${p}.${type} must be {targetArn, roleArn, enabled}; got ${JSON.stringify(t)}`,
            });
            continue;
        }
        if (
            t.targetArn !== UNKNOWN &&
            (typeof t.targetArn !== "string" ||
                t.targetArn.length === 0 ||
                t.targetArn.length > TARGET_ARN_MAX)
        ) {
            failures.push({
                property: `${p}.${type}.targetArn`,
                reason: `${p}.${type}.targetArn must be an SNS topic ARN of 1-${TARGET_ARN_MAX} characters; got ${JSON.stringify(t.targetArn)}`,
            });
        }
        failures.push(...checkRoleArn(t.roleArn, `${p}.${type}.roleArn`));
        if (t.enabled !== undefined && t.enabled !== UNKNOWN && typeof t.enabled !== "boolean") {
            failures.push({
                property: `${p}.${type}.enabled`,
                reason: `${p}.${type}.enabled must be true or false; got ${JSON.stringify(t.enabled)}`,
            });
        }
    }
    return failures;
}

function checkChecks(value: unknown): CheckFailure[] {
    const p = "auditCheckConfigurations";
    if (value === UNKNOWN) return [];
    if (!isObject(value))
        return [
            {
                property: p,
                reason: `${p} must be a map of check name to {enabled, configuration?}; got ${JSON.stringify(value)}`,
            },
        ];
    const failures: CheckFailure[] = [];
    let enabled = 0;
    let unknown = false;
    for (const [name, c] of Object.entries(value)) {
        if (name.trim().length === 0)
            failures.push({ property: p, reason: `${p} has an empty check name` });
        if (c === UNKNOWN) {
            unknown = true;
            continue;
        }
        if (!isObject(c)) {
            failures.push({
                property: `${p}.${name}`,
                reason: `${p}.${name} must be {enabled, configuration?}; got ${JSON.stringify(c)}`,
            });
            continue;
        }
        if (c.enabled === UNKNOWN) unknown = true;
        else if (typeof c.enabled !== "boolean")
            failures.push({
                property: `${p}.${name}.enabled`,
                reason: `${p}.${name}.enabled must be true or false; got ${JSON.stringify(c.enabled)}`,
            });
        else if (c.enabled) enabled++;
        if (c.configuration === undefined || c.configuration === UNKNOWN) continue;
        if (!isObject(c.configuration)) {
            failures.push({
                property: `${p}.${name}.configuration`,
                reason: `${p}.${name}.configuration must be a map; got ${JSON.stringify(c.configuration)}`,
            });
            continue;
        }
        const threshold = AUDIT_CHECKS[name]?.threshold;
        for (const [key, v] of Object.entries(c.configuration)) {
            const prop = `${p}.${name}.configuration.${key}`;
            if (!threshold || key !== threshold.configName) {
                const allowed = threshold
                    ? `the only configuration key is ${threshold.configName}`
                    : "it takes no configuration";
                failures.push({
                    property: prop,
                    reason: `${key} is not a configuration of ${name}: ${allowed}`,
                });
                continue;
            }
            if (v === UNKNOWN) continue;
            const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
            if (!(n >= threshold.min && n <= threshold.max)) {
                failures.push({
                    property: prop,
                    reason: `${key} must be a string holding a whole number of days from ${threshold.min} to ${threshold.max}; got ${JSON.stringify(v)}`,
                });
            }
        }
    }
    if (enabled === 0 && !unknown)
        failures.push({ property: p, reason: `${p} must enable at least one audit check` });
    return failures;
}

/** A map of scheduled audit name → the checks it runs, each enabled in `checks` (unknown values skipped). */
function checkManaged(value: unknown, checks: unknown): CheckFailure[] {
    const p = "managedScheduledAudits";
    if (value === undefined || value === UNKNOWN) return [];
    if (!isObject(value))
        return [
            {
                property: p,
                reason: `${p} must be a map of scheduled audit name to the checks it runs; got ${JSON.stringify(value)}`,
            },
        ];
    const rule = NAME_RULES.scheduledAuditName;
    const enabled = isObject(checks) ? (checks as Record<string, unknown>) : undefined;
    const failures: CheckFailure[] = [];
    for (const [name, targets] of Object.entries(value)) {
        const at = `${p}.${name}`;
        if (!rule.pattern.test(name))
            failures.push({
                property: p,
                reason: `${p} keys must be scheduled audit names (${rule.allowed}); got ${JSON.stringify(name)}`,
            });
        if (targets === UNKNOWN) continue;
        if (!Array.isArray(targets) || targets.length === 0) {
            failures.push({
                property: at,
                reason: `${at} must list the checks the scheduled audit runs (at least one); got ${JSON.stringify(targets)}`,
            });
            continue;
        }
        for (const check of targets) {
            if (check === UNKNOWN) continue;
            const c = typeof check === "string" ? enabled?.[check] : undefined;
            if (enabled && (c === undefined || (isObject(c) && c.enabled === false))) {
                failures.push({
                    property: at,
                    reason: `${at} lists ${JSON.stringify(check)}, which auditCheckConfigurations does not enable; a scheduled audit may only run enabled checks`,
                });
            }
        }
    }
    return failures;
}

/** A non-empty map of tag key → value (unknown values skipped): an empty one would make every audit the stack's. */
function checkOwnerTags(value: unknown): CheckFailure[] {
    const p = "ownerTags";
    if (value === undefined || value === UNKNOWN) return [];
    if (!isObject(value) || Object.keys(value).length === 0) {
        return [
            {
                property: p,
                reason: `${p} must be a non-empty map of tag key to value (the tags the stack's scheduled audits carry); got ${JSON.stringify(value)}`,
            },
        ];
    }
    const failures: CheckFailure[] = [];
    for (const [key, v] of Object.entries(value)) {
        if (key.length === 0 || key.length > TAG_LIMITS.keyMax) {
            failures.push({
                property: p,
                reason: `${p} keys must be tag keys of 1-${TAG_LIMITS.keyMax} characters; got ${JSON.stringify(key)}`,
            });
        }
        failures.push(...checkString(v, `${p}.${key}`, { max: TAG_LIMITS.valueMax }));
    }
    return failures;
}

/** Managed audits where name order and check order do not matter (unknown values left alone). */
function comparableManaged(v: unknown): unknown {
    if (Array.isArray(v)) return [...v].sort();
    if (!isObject(v) || containsUnknown(v)) return v;
    return Object.fromEntries(
        Object.entries(v).map(([name, checks]) => [
            name,
            Array.isArray(checks) ? [...checks].sort() : checks,
        ]),
    );
}

export const accountAuditConfigurationProvider: pulumi.dynamic.ResourceProvider<
    AccountAuditConfigurationInputs,
    AccountAuditConfigurationOutputs
> = {
    configure: configureAws,
    async check(_olds, news) {
        const inputs = cleanInputs(news) as AccountAuditConfigurationInputs & {
            priorConfiguration?: unknown;
        };
        delete inputs.priorConfiguration;
        const failures: CheckFailure[] = [
            ...checkRegionAndName(inputs as unknown as Record<string, unknown>, "accountId", {
                pattern: ACCOUNT_ID,
                allowed: "a 12-digit AWS account id",
            }),
            ...checkRoleArn(inputs.roleArn, "roleArn"),
            ...checkTargets(inputs.auditNotificationTargetConfigurations),
            ...checkChecks(inputs.auditCheckConfigurations),
            ...checkManaged(inputs.managedScheduledAudits, inputs.auditCheckConfigurations),
            ...checkOwnerTags(inputs.ownerTags),
        ];
        const adopt = inputs.adoptExisting as unknown;
        if (adopt !== undefined && adopt !== UNKNOWN && typeof adopt !== "boolean") {
            failures.push({
                property: "adoptExisting",
                reason: `adoptExisting must be true or false; got ${JSON.stringify(adopt)}`,
            });
        }
        return { inputs, failures };
    },

    async diff(_id, olds, news) {
        const norm = (v: Record<string, unknown>) => ({
            ...v,
            managedScheduledAudits: comparableManaged(v.managedScheduledAudits),
            auditCheckConfigurations: comparableChecks(v.auditCheckConfigurations),
        });
        return diffKeys(
            norm(olds as unknown as Record<string, unknown>),
            norm(news as unknown as Record<string, unknown>),
            INPUT_KEYS,
            REPLACE_KEYS,
        );
    },

    async create(news) {
        const inputs = cleanInputs(news);
        await assertStackAccount(
            inputs.region,
            inputs.accountId,
            `configure audit for ${where(inputs)}`,
        );
        const client = iotClient(inputs.region);
        const live = await describeConfiguration(client, inputs);
        let priorConfiguration: string | undefined;
        // The live configuration already uses this stack's own audit role, whose physical name has
        // a random suffix: only this stack can have set it. That is a create that applied the
        // configuration and died before Pulumi saved state. It is taken over as this stack's own,
        // with no prior configuration recorded, so delete deletes it rather than "restoring" it;
        // unless adopting, when what that run replaced is lost: see `priorLost`.
        const ownRerun = !!live.roleArn && live.roleArn === inputs.roleArn;
        if (ownRerun && inputs.adoptExisting === true) throw priorLost(inputs, live);
        if (hasConfiguration(live) && !ownRerun) {
            if (inputs.adoptExisting !== true) {
                throw new Error(
                    `The Device Defender audit configuration of ${where(inputs)} already exists: ${describeLive(live)}. ` +
                        "This stack will not overwrite it silently. To adopt it, set `iot-defender:audit.adoptExisting: true` in Pulumi.<stack>.yaml " +
                        "(the prior configuration is recorded and restored on destroy); or remove it with " +
                        `\`aws iot delete-account-audit-configuration --region ${inputs.region}\`.`,
                );
            }
            const prior: PriorConfiguration = {
                ...(live.roleArn ? { roleArn: live.roleArn } : {}),
                ...(live.auditNotificationTargetConfigurations &&
                Object.keys(live.auditNotificationTargetConfigurations).length > 0
                    ? {
                          auditNotificationTargetConfigurations:
                              live.auditNotificationTargetConfigurations,
                      }
                    : {}),
                auditCheckConfigurations: live.auditCheckConfigurations ?? {},
            };
            priorConfiguration = JSON.stringify(prior);
        }
        const available = Object.keys(live.auditCheckConfigurations ?? {});
        assertKnownChecks(Object.keys(inputs.auditCheckConfigurations), available, inputs);
        await updateConfiguration(
            client,
            inputs,
            inputs.roleArn,
            targetsToSend(
                inputs.auditNotificationTargetConfigurations,
                live.auditNotificationTargetConfigurations,
            ),
            fullCheckMap(inputs.auditCheckConfigurations, available, live.auditCheckConfigurations),
        );
        return {
            id: `${inputs.accountId}/${inputs.region}`,
            outs: {
                ...inputs,
                ...(priorConfiguration !== undefined ? { priorConfiguration } : {}),
            },
        };
    },

    async read(id, props) {
        const stored = cleanInputs((props ?? {}) as AccountAuditConfigurationOutputs);
        const [idAccount, idRegion] = id.split("/");
        const region = stored.region ?? idRegion;
        const accountId = stored.accountId ?? idAccount;
        const live = await describeConfiguration(iotClient(region), { accountId, region });
        if (!hasConfiguration(live))
            return { id: "", props: {} as AccountAuditConfigurationOutputs };
        // Live values replace stored ones; a target that no longer exists must not survive from `stored`.
        const { auditNotificationTargetConfigurations: _stored, ...rest } = stored;
        return { id, props: { ...rest, region, accountId, ...liveToInputs(live, stored) } };
    },

    async update(_id, olds, news) {
        const old = cleanInputs(olds);
        const inputs = cleanInputs(news);
        await assertStackAccount(
            inputs.region,
            inputs.accountId,
            `update the audit configuration of ${where(inputs)}`,
        );
        const client = iotClient(inputs.region);
        const outs: AccountAuditConfigurationOutputs = {
            ...inputs,
            ...(old.priorConfiguration !== undefined
                ? { priorConfiguration: old.priorConfiguration }
                : {}),
        };
        const awsKeys = [
            "roleArn",
            "auditNotificationTargetConfigurations",
            "auditCheckConfigurations",
        ] as const;
        if (awsKeys.every(k => sameValue(old[k], inputs[k]))) return { outs };

        const oldChecks = old.auditCheckConfigurations ?? {};
        const added = Object.keys(inputs.auditCheckConfigurations).filter(n => !(n in oldChecks));
        if (added.length > 0) {
            const live = await describeConfiguration(client, inputs);
            assertKnownChecks(added, Object.keys(live.auditCheckConfigurations ?? {}), inputs);
        }
        const enabledAfter = enabledNames(inputs.auditCheckConfigurations);
        const disabling = enabledNames(oldChecks).filter(n => !enabledAfter.includes(n));
        const dropped = Object.keys(oldChecks).filter(n => !(n in inputs.auditCheckConfigurations));
        const targets = targetsToSend(
            inputs.auditNotificationTargetConfigurations,
            old.auditNotificationTargetConfigurations,
        );
        const plan = disabling.length > 0 ? await planRelease(client, inputs, disabling) : [];
        if (plan.length === 0) {
            await updateConfiguration(
                client,
                inputs,
                inputs.roleArn,
                targets,
                fullCheckMap(inputs.auditCheckConfigurations, dropped, oldChecks),
            );
            return { outs };
        }
        // Scheduled audits are not this resource's state: once one is moved, the calls left must not
        // be able to fail on anything this deployment changes, or a failed update (Pulumi keeps the
        // old state) leaves it moved with no diff to show. So everything that can be refused (role,
        // targets, new checks and thresholds) goes first, the checks being disabled still enabled
        // (the audits run them); then the audits move; then a last call only disables those checks.
        const kept = Object.fromEntries(
            Object.entries(inputs.auditCheckConfigurations).filter(([n]) => !disabling.includes(n)),
        );
        if (changesBeforeRelease(old, inputs, kept)) {
            await updateConfiguration(
                client,
                inputs,
                inputs.roleArn,
                targets,
                fullCheckMap(kept, [], oldChecks),
            );
        }
        await applyRelease(client, inputs, plan);
        const turnedOff = Object.fromEntries(
            Object.entries(inputs.auditCheckConfigurations).filter(([n]) => disabling.includes(n)),
        );
        await updateConfiguration(
            client,
            inputs,
            undefined,
            undefined,
            fullCheckMap(turnedOff, dropped, oldChecks),
        );
        return { outs };
    },

    async delete(_id, props) {
        const state = cleanInputs(props);
        await assertStackAccount(
            state.region,
            state.accountId,
            `delete the audit configuration of ${where(state)}`,
        );
        const client = iotClient(state.region);
        if (state.priorConfiguration) {
            const prior = JSON.parse(state.priorConfiguration) as PriorConfiguration;
            const checks: Checks = {};
            for (const name of Object.keys(state.auditCheckConfigurations ?? {}))
                checks[name] = { enabled: false };
            Object.assign(checks, prior.auditCheckConfigurations);
            // As in update: free the checks the restore disables from scheduled audits first, or
            // refuse naming the audit. The stack is going away, so its own audits count as dropped.
            const disabling = enabledNames(state.auditCheckConfigurations).filter(
                n => checks[n]?.enabled !== true,
            );
            if (disabling.length > 0) {
                const plan = await planRelease(
                    client,
                    { ...state, managedScheduledAudits: {} },
                    disabling,
                    " to restore the prior (adopted) configuration",
                );
                await applyRelease(client, state, plan);
            }
            await updateConfiguration(
                client,
                state,
                prior.roleArn,
                targetsToSend(
                    prior.auditNotificationTargetConfigurations,
                    state.auditNotificationTargetConfigurations,
                ),
                checks,
            );
            return;
        }
        await assertNoScheduledAudits(client, state);
        await unlessNotFound(() =>
            callAws(`Delete the audit configuration of ${where(state)}`, () =>
                client.send(new DeleteAccountAuditConfigurationCommand({})),
            ),
        );
    },
};

export class AccountAuditConfiguration extends pulumi.dynamic.Resource {
    static readonly __pulumiType = DYNAMIC_TYPES.AccountAuditConfiguration;
    declare readonly region: pulumi.Output<string>;
    declare readonly accountId: pulumi.Output<string>;
    declare readonly roleArn: pulumi.Output<string>;
    declare readonly auditNotificationTargetConfigurations: pulumi.Output<
        Record<string, AuditNotificationTarget> | undefined
    >;
    declare readonly auditCheckConfigurations: pulumi.Output<
        Record<string, AuditCheckConfiguration>
    >;
    declare readonly adoptExisting: pulumi.Output<boolean | undefined>;
    declare readonly managedScheduledAudits: pulumi.Output<ManagedScheduledAudits | undefined>;
    declare readonly ownerTags: pulumi.Output<Record<string, string> | undefined>;
    declare readonly priorConfiguration: pulumi.Output<string | undefined>;

    constructor(
        name: string,
        args: AccountAuditConfigurationArgs,
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            accountAuditConfigurationProvider,
            name,
            { priorConfiguration: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "AccountAuditConfiguration",
        );
    }
}
