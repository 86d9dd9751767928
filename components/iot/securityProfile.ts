/**
 * SecurityProfile: a Device Defender Detect security profile (behaviors, alert targets, metrics to
 * retain, metrics export) and the targets it is attached to, as a Pulumi dynamic resource over
 * @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AttachSecurityProfileCommand,
    CreateSecurityProfileCommand,
    DeleteSecurityProfileCommand,
    DescribeSecurityProfileCommand,
    DetachSecurityProfileCommand,
    ListTargetsForSecurityProfileCommand,
    UpdateSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import type {
    AlertTarget,
    AlertTargetType,
    Behavior,
    DescribeSecurityProfileResponse,
    IoTClient,
    MetricToRetain,
    MetricsExportConfig,
    Tag,
    UpdateSecurityProfileRequest,
} from "@aws-sdk/client-iot";
import {
    ALERT_TARGET_TYPE,
    DESCRIPTION_MAX,
    DESCRIPTION_PATTERN,
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    MQTT_TOPIC_LENGTH,
    NAME_RULES,
    TARGET_ARN_PATTERN,
    alertTargetProblems,
} from "../facts";
import { checkBehaviors, checkMetricsToRetain } from "./behaviors";
import {
    CheckFailure,
    DiffResult,
    IotTag,
    UNKNOWN,
    arnFailure,
    changedKeys,
    checkRegionAndName,
    checkRoleArn,
    checkString,
    checkTags,
    cleanInputs,
    comparableTags,
    diffKeys,
    isObject,
    listTags,
    sameValue,
    syncTags,
    adoptOwn,
    refuseIfDifferent,
} from "./kit";
import {
    callAws,
    errorName,
    iotClient,
    isAlreadyExists,
    isNotFound,
    unlessNotFound,
} from "../aws/calls";
import { configureAws } from "../aws/session";
import { detectWrite } from "./detectAccess";

export interface SecurityProfileInputs {
    region: string;
    securityProfileName: string;
    securityProfileDescription?: string;
    behaviors?: Behavior[];
    /** Keyed by alert target type; "SNS" is the only one. */
    alertTargets?: Record<string, AlertTarget>;
    additionalMetricsToRetainV2?: MetricToRetain[];
    metricsExportConfig?: MetricsExportConfig;
    tags?: Tag[];
    /** Security profile target ARNs (thing groups, all/registered-things, ...). */
    targets?: string[];
}
type SettableInputs = Omit<SecurityProfileInputs, "alertTargets">;
export type SecurityProfileArgs = {
    [K in keyof SettableInputs]: pulumi.Input<SettableInputs[K]>;
} & {
    /** Outputs may sit at the leaves, so the map's shape is known in preview (the policy pack checks it). */
    alertTargets?: pulumi.Input<
        Record<
            string,
            pulumi.Input<{ alertTargetArn?: pulumi.Input<string>; roleArn?: pulumi.Input<string> }>
        >
    >;
};
export interface SecurityProfileOutputs extends SecurityProfileInputs {
    arn: string;
    version: number;
}

/** Fields UpdateSecurityProfile sets, each with the flag that clears it (the API keeps omitted fields). */
const DELETE_FLAGS = {
    securityProfileDescription: undefined,
    behaviors: "deleteBehaviors",
    alertTargets: "deleteAlertTargets",
    additionalMetricsToRetainV2: "deleteAdditionalMetricsToRetain",
    metricsExportConfig: "deleteMetricsExportConfig",
} as const;
const DEFINITION = Object.keys(DELETE_FLAGS) as (keyof typeof DELETE_FLAGS)[];
const KEYS: readonly string[] = ["region", "securityProfileName", ...DEFINITION, "tags", "targets"];
const REPLACE_KEYS: readonly string[] = ["region", "securityProfileName"];

const isEmpty = (v: unknown) =>
    v === undefined ||
    v === null ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** Targets as a set: sorted and unique (left alone while unknown). */
function targetSet(targets: unknown): unknown {
    return Array.isArray(targets) && !targets.includes(UNKNOWN)
        ? [...new Set(targets as string[])].sort()
        : targets;
}

/**
 * Behaviors with AWS's defaults filled in where a field is absent: 1 consecutive datapoint to alarm
 * and to clear, alerts not suppressed. DescribeSecurityProfile may return the defaults where the
 * inputs left them out (or leave out a `false`), which is the same profile. Unknown values are kept.
 */
function comparableBehaviors(behaviors: unknown): unknown {
    if (!Array.isArray(behaviors)) return behaviors;
    return behaviors.map(b => {
        if (!isObject(b)) return b;
        const c = b.criteria;
        const criteria = isObject(c)
            ? {
                  ...c,
                  consecutiveDatapointsToAlarm: c.consecutiveDatapointsToAlarm ?? 1,
                  consecutiveDatapointsToClear: c.consecutiveDatapointsToClear ?? 1,
              }
            : c;
        return { ...b, criteria, suppressAlerts: b.suppressAlerts ?? false };
    });
}

/** A form of the inputs where empty values, AWS's behavior defaults, tag order and target order make no difference. */
function comparable(inputs: Partial<SecurityProfileInputs>): Record<string, unknown> {
    const out: Record<string, unknown> = {
        region: inputs.region,
        securityProfileName: inputs.securityProfileName,
    };
    for (const k of DEFINITION) out[k] = isEmpty(inputs[k]) ? undefined : inputs[k];
    out.behaviors = comparableBehaviors(out.behaviors);
    out.tags = comparableTags(inputs.tags);
    out.targets = targetSet(isEmpty(inputs.targets) ? undefined : inputs.targets);
    return out;
}

const REQUIRED = {
    topicArn: "(the SNS topic ARN) is required",
    roleArn: "(the role Device Defender uses to publish) is required",
} as const;

function checkAlertTargets(targets: unknown): CheckFailure[] {
    if (targets === undefined || targets === UNKNOWN) return [];
    if (!targets || typeof targets !== "object" || Array.isArray(targets)) {
        return [
            {
                property: "alertTargets",
                reason: `alertTargets must be a map like { ${ALERT_TARGET_TYPE}: { alertTargetArn, roleArn } }`,
            },
        ];
    }
    const failures: CheckFailure[] = [];
    for (const [key, target] of Object.entries(targets as Record<string, unknown>)) {
        const at = `alertTargets.${key}`;
        if (key !== ALERT_TARGET_TYPE)
            failures.push({
                property: at,
                reason: `alertTargets keys must be "${ALERT_TARGET_TYPE}" (the only alert target type); got ${JSON.stringify(key)}`,
            });
        if (target === UNKNOWN) continue;
        const t = (target && typeof target === "object" ? target : {}) as Record<string, unknown>;
        const arns = { topicArn: t.alertTargetArn, roleArn: t.roleArn };
        for (const { field, problem, rule } of alertTargetProblems(arns, v => v === UNKNOWN)) {
            const key = field === "topicArn" ? "alertTargetArn" : "roleArn";
            failures.push(
                t[key] === undefined
                    ? { property: `${at}.${key}`, reason: `${at}.${key} ${REQUIRED[field]}` }
                    : arnFailure(`${at}.${key}`, t[key], problem, rule),
            );
        }
    }
    return failures;
}

/** The description's length, then its characters (printable ASCII and spaces, as the API allows). */
function checkDescription(value: unknown): CheckFailure[] {
    const property = "securityProfileDescription";
    const length = checkString(value, property, { min: 0, max: DESCRIPTION_MAX, optional: true });
    if (
        length.length > 0 ||
        typeof value !== "string" ||
        value === UNKNOWN ||
        DESCRIPTION_PATTERN.test(value)
    )
        return length;
    return [
        {
            property,
            reason: `${property} may hold only printable ASCII characters and spaces (API pattern [\\p{Graph}\\x20]*), no newlines or tabs; got ${JSON.stringify(value)}`,
        },
    ];
}

function checkExportConfig(config: unknown): CheckFailure[] {
    if (config === undefined || config === UNKNOWN) return [];
    if (!config || typeof config !== "object" || Array.isArray(config)) {
        return [
            {
                property: "metricsExportConfig",
                reason: "metricsExportConfig must be { mqttTopic, roleArn }",
            },
        ];
    }
    const c = config as Record<string, unknown>;
    return [
        ...checkString(c.mqttTopic, "metricsExportConfig.mqttTopic", MQTT_TOPIC_LENGTH),
        ...checkRoleArn(c.roleArn, "metricsExportConfig.roleArn"),
    ];
}

function checkTargets(targets: unknown): CheckFailure[] {
    if (targets === undefined || targets === UNKNOWN) return [];
    if (!Array.isArray(targets))
        return [
            {
                property: "targets",
                reason: "targets must be a list of security profile target ARNs",
            },
        ];
    const failures: CheckFailure[] = [];
    targets.forEach((t: unknown, i: number) => {
        if (t !== UNKNOWN && (typeof t !== "string" || !TARGET_ARN_PATTERN.test(t))) {
            failures.push({
                property: `targets[${i}]`,
                reason: `targets[${i}] must be a thing group ARN (arn:aws:iot:<region>:<account>:thinggroup/<name>) or an all/registered-things, all/unregistered-things or all/things ARN; got ${JSON.stringify(t)}`,
            });
        }
    });
    return failures;
}

async function check(_olds: SecurityProfileInputs, news: SecurityProfileInputs) {
    const n = news as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = [
        ...checkRegionAndName(n, "securityProfileName", NAME_RULES.securityProfileName),
        ...checkDescription(n.securityProfileDescription),
        ...checkBehaviors(n.behaviors),
        ...checkAlertTargets(n.alertTargets),
        ...checkMetricsToRetain(n.additionalMetricsToRetainV2),
        ...checkExportConfig(n.metricsExportConfig),
        ...checkTags(n.tags),
        ...checkTargets(n.targets),
    ];
    return { inputs: news, failures };
}

async function diff(
    _id: string,
    olds: SecurityProfileOutputs,
    news: SecurityProfileInputs,
): Promise<DiffResult> {
    return diffKeys(comparable(olds), comparable(news), KEYS, REPLACE_KEYS);
}

const describeWhat = (name: string) => `security profile ${name}`;

async function describe(client: IoTClient, name: string): Promise<DescribeSecurityProfileResponse> {
    return callAws(`Describe ${describeWhat(name)}`, () =>
        client.send(new DescribeSecurityProfileCommand({ securityProfileName: name })),
    );
}

/** Every target the profile is attached to (all pages). */
async function listTargets(client: IoTClient, name: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
        const page = await callAws(`List targets of ${describeWhat(name)}`, () =>
            client.send(
                new ListTargetsForSecurityProfileCommand({
                    securityProfileName: name,
                    nextToken,
                    maxResults: 250,
                }),
            ),
        );
        for (const t of page.securityProfileTargets ?? []) if (t.arn) arns.push(t.arn);
        nextToken = page.nextToken;
    } while (nextToken);
    return arns;
}

async function attach(client: IoTClient, name: string, target: string): Promise<void> {
    await callAws(`Attach ${describeWhat(name)} to ${target}`, () =>
        client.send(
            new AttachSecurityProfileCommand({
                securityProfileName: name,
                securityProfileTargetArn: target,
            }),
        ),
    );
}

/**
 * Detaches one target. A NotFound means the target is already detached, which is done, or the
 * profile itself is gone (deleted outside Pulumi), which must fail as any update of it would.
 */
async function detach(client: IoTClient, name: string, target: string): Promise<void> {
    try {
        await callAws(`Detach ${describeWhat(name)} from ${target}`, () =>
            client.send(
                new DetachSecurityProfileCommand({
                    securityProfileName: name,
                    securityProfileTargetArn: target,
                }),
            ),
        );
    } catch (err) {
        if (!isNotFound(err)) throw err;
        if (!(await unlessNotFound(() => describe(client, name)))) throw err;
    }
}

/** Detaches the targets not wanted, then attaches the missing ones: one call per difference. */
async function syncTargets(
    client: IoTClient,
    name: string,
    attached: Iterable<string>,
    wanted: Iterable<string>,
): Promise<void> {
    const have = new Set(attached);
    const want = new Set(wanted);
    for (const t of have) if (!want.has(t)) await detach(client, name, t);
    for (const t of want) if (!have.has(t)) await attach(client, name, t);
}

/** Definition fields that differ between inputs, state or a Describe response, compared as `diff` compares them. */
function definitionChanges(a: object, b: object): string[] {
    const x = comparable(a as Partial<SecurityProfileInputs>);
    const y = comparable(b as Partial<SecurityProfileInputs>);
    return DEFINITION.filter(k => !sameValue(x[k], y[k]));
}

/** The profile definition of inputs or of a Describe response, with empty fields absent. */
function definitionOf(source: object): Record<string, unknown> {
    const s = source as Record<string, unknown>;
    return Object.fromEntries(DEFINITION.map(k => [k, isEmpty(s[k]) ? undefined : s[k]]));
}

async function create(inputs: SecurityProfileInputs) {
    const ins = cleanInputs(inputs);
    const name = ins.securityProfileName;
    const what = describeWhat(name);
    const client = iotClient(ins.region);
    const targets = [...new Set(ins.targets ?? [])];
    try {
        const def = definitionOf(ins) as Partial<SecurityProfileInputs>;
        await detectWrite(() =>
            callAws(`Create ${what}`, () =>
                client.send(
                    new CreateSecurityProfileCommand({
                        securityProfileName: name,
                        securityProfileDescription: def.securityProfileDescription,
                        behaviors: def.behaviors,
                        alertTargets: def.alertTargets as
                            Partial<Record<AlertTargetType, AlertTarget>> | undefined,
                        additionalMetricsToRetainV2: def.additionalMetricsToRetainV2,
                        metricsExportConfig: def.metricsExportConfig,
                        tags: isEmpty(ins.tags) ? undefined : ins.tags,
                    }),
                ),
            ),
        );
    } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        return adopt(client, ins);
    }
    for (const target of targets) await attach(client, name, target);
    // The create response has no version; the next update needs it for optimistic locking.
    const live = await describe(client, name);
    return {
        id: name,
        outs: cleanInputs({ ...ins, arn: live.securityProfileArn!, version: live.version! }),
    };
}

/**
 * The profile already exists: adopt it only if its definition is what the inputs say and it is
 * tagged as this stack's own (Pulumi crashed after creating it and before saving state); otherwise
 * refuse with a way out, before touching its targets or tags.
 */
async function adopt(client: IoTClient, ins: SecurityProfileInputs) {
    const name = ins.securityProfileName;
    const what = describeWhat(name);
    const live = await describe(client, name);
    const deleteCommand = `aws iot delete-security-profile --security-profile-name ${name}`;
    refuseIfDifferent(what, ins.region, definitionChanges(live, ins), deleteCommand);
    const arn = live.securityProfileArn!;
    const existing = { what, region: ins.region, arn, deleteCommand };
    await adoptOwn(client, existing, ins.tags as IotTag[] | undefined);
    // Adopted means attached exactly as the inputs say: extra targets are detached, as update does.
    await syncTargets(client, name, await listTargets(client, name), ins.targets ?? []);
    return { id: name, outs: cleanInputs({ ...ins, arn, version: live.version! }) };
}

async function update(_id: string, olds: SecurityProfileOutputs, news: SecurityProfileInputs) {
    const ins = cleanInputs(news);
    const name = ins.securityProfileName;
    const what = describeWhat(name);
    const client = iotClient(ins.region);
    const before = comparable(olds);
    const after = comparable(ins);
    let { arn, version } = olds;

    const changed = changedKeys(before, after, DEFINITION) as (keyof typeof DELETE_FLAGS)[];
    if (changed.length > 0) {
        const request: UpdateSecurityProfileRequest = {
            securityProfileName: name,
            expectedVersion: olds.version,
        };
        const fields = request as unknown as Record<string, unknown>;
        for (const key of changed) {
            const value = after[key] === undefined ? undefined : ins[key]; // as written: defaults are filled for comparing only
            const flag = DELETE_FLAGS[key];
            if (value !== undefined) fields[key] = value;
            else if (flag)
                fields[flag] = true; // the API keeps omitted fields: clear explicitly
            else fields[key] = ""; // the description has no delete flag; an empty one clears it
        }
        try {
            const res = await callAws(`Update ${what}`, () =>
                client.send(new UpdateSecurityProfileCommand(request)),
            );
            arn = res.securityProfileArn ?? arn;
            version = res.version ?? version;
        } catch (err) {
            if (errorName(err) !== "VersionConflictException") throw err;
            ({ arn, version } = await alreadyUpdated(client, olds, ins, err as Error));
        }
    }

    await syncTargets(client, name, olds.targets ?? [], ins.targets ?? []);

    if (!sameValue(before.tags, after.tags))
        await syncTags(
            client,
            arn,
            olds.tags as IotTag[] | undefined,
            ins.tags as IotTag[] | undefined,
            what,
        );
    return { outs: cleanInputs({ ...ins, arn, version }) };
}

/**
 * After a version conflict: this stack's own update may already be applied, its new version never
 * saved (a later step of the same update failed, or a retried call whose first attempt went
 * through). If the live definition is the one wanted, go on from the live version; otherwise the
 * profile was changed outside Pulumi, and the user must look at it.
 */
async function alreadyUpdated(
    client: IoTClient,
    olds: SecurityProfileOutputs,
    ins: SecurityProfileInputs,
    conflict: Error,
): Promise<{ arn: string; version: number }> {
    const name = ins.securityProfileName;
    const current = await describe(client, name);
    const differs = definitionChanges(current, ins);
    if (differs.length > 0) {
        throw new Error(
            `Security profile ${name} was changed outside Pulumi (its version is no longer ${olds.version} but ${current.version}, ` +
                `and it differs from this stack's definition in ${differs.join(", ")}). Run \`pulumi refresh\` to read its current state, then \`pulumi up\` again. (${conflict.message})`,
        );
    }
    return {
        arn: current.securityProfileArn ?? olds.arn,
        version: current.version ?? olds.version,
    };
}

/** Live value, or the state's own empty value when AWS has nothing (so `[]` does not drift to absent). */
function live<T>(value: T | undefined, prior: T | undefined): T | undefined {
    return isEmpty(value) ? (isEmpty(prior) ? prior : undefined) : value;
}

async function read(id: string, props?: SecurityProfileOutputs) {
    const region = props?.region as string;
    const name = props?.securityProfileName ?? id;
    const what = describeWhat(name);
    const client = iotClient(region);
    const profile: DescribeSecurityProfileResponse | undefined = await unlessNotFound(() =>
        describe(client, name),
    );
    if (!profile) return {};
    const arn = profile.securityProfileArn!;
    const order = props?.targets ?? [];
    const targets = (await listTargets(client, name)).sort(
        (a, b) => rank(order, a) - rank(order, b),
    );
    const tags = await listTags(client, arn, what, props?.tags as IotTag[] | undefined);
    const outs: SecurityProfileOutputs = cleanInputs({
        region,
        securityProfileName: profile.securityProfileName ?? name,
        securityProfileDescription: live(
            profile.securityProfileDescription,
            props?.securityProfileDescription,
        ),
        behaviors: sameBehaviors(profile.behaviors, props?.behaviors)
            ? props?.behaviors
            : live(profile.behaviors, props?.behaviors),
        alertTargets: live(
            profile.alertTargets as Record<string, AlertTarget> | undefined,
            props?.alertTargets,
        ),
        additionalMetricsToRetainV2: live(
            profile.additionalMetricsToRetainV2,
            props?.additionalMetricsToRetainV2,
        ),
        metricsExportConfig: live(profile.metricsExportConfig, props?.metricsExportConfig),
        tags: live(tags as Tag[], props?.tags),
        targets: live(targets, props?.targets),
        arn,
        version: profile.version!,
    });
    return { id: name, props: outs };
}

/** True if the live behaviors are the stored ones, AWS's filled-in defaults aside (refresh keeps the stored form). */
function sameBehaviors(live: Behavior[] | undefined, stored: Behavior[] | undefined): boolean {
    return !isEmpty(stored) && sameValue(comparableBehaviors(live), comparableBehaviors(stored));
}

function rank(order: readonly string[], value: string): number {
    const i = order.indexOf(value);
    return i < 0 ? order.length : i;
}

async function deleteProfile(_id: string, props: SecurityProfileOutputs): Promise<void> {
    const name = props.securityProfileName;
    const client = iotClient(props.region);
    try {
        // No expectedVersion: deleting must not fail because of drift. Attachments go with the profile.
        await callAws(`Delete ${describeWhat(name)}`, () =>
            client.send(new DeleteSecurityProfileCommand({ securityProfileName: name })),
        );
    } catch (err) {
        if (!isNotFound(err)) throw err;
    }
}

export const securityProfileProvider: pulumi.dynamic.ResourceProvider<
    SecurityProfileInputs,
    SecurityProfileOutputs
> = {
    configure: configureAws,
    check,
    diff,
    create,
    read,
    update,
    delete: deleteProfile,
};

export class SecurityProfile extends pulumi.dynamic.Resource {
    static readonly __pulumiType = DYNAMIC_TYPES.SecurityProfile;
    declare readonly region: pulumi.Output<string>;
    declare readonly securityProfileName: pulumi.Output<string>;
    declare readonly securityProfileDescription: pulumi.Output<string | undefined>;
    declare readonly behaviors: pulumi.Output<Behavior[] | undefined>;
    declare readonly alertTargets: pulumi.Output<Record<string, AlertTarget> | undefined>;
    declare readonly additionalMetricsToRetainV2: pulumi.Output<MetricToRetain[] | undefined>;
    declare readonly metricsExportConfig: pulumi.Output<MetricsExportConfig | undefined>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly targets: pulumi.Output<string[] | undefined>;
    declare readonly arn: pulumi.Output<string>;
    declare readonly version: pulumi.Output<number>;

    constructor(name: string, args: SecurityProfileArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            securityProfileProvider,
            name,
            { arn: undefined, version: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "SecurityProfile",
        );
    }
}
