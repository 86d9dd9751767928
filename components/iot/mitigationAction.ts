/**
 * MitigationAction: a Device Defender mitigation action (one parameter block and the role that
 * runs it), as a Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CACertificateUpdateAction,
    CreateMitigationActionCommand,
    DeleteMitigationActionCommand,
    DescribeMitigationActionCommand,
    DeviceCertificateUpdateAction,
    PolicyTemplateName,
    UpdateMitigationActionCommand,
} from "@aws-sdk/client-iot";
import type {
    DescribeMitigationActionResponse,
    IoTClient,
    MitigationActionParams,
    Tag,
} from "@aws-sdk/client-iot";
import {
    DYNAMIC_MODULE,
    DYNAMIC_TYPES,
    LIMITS,
    MITIGATION_ACTIONS,
    MITIGATION_LOG_LEVELS,
    NAME_RULES,
    TOPIC_ARN,
} from "../facts";
import {
    CheckFailure,
    checkArn,
    checkRegionAndName,
    checkRoleArn,
    checkString,
    checkTags,
} from "./inputChecks";
import {
    DiffResult,
    UNKNOWN,
    changedKeys,
    cleanInputs,
    diffKeys,
    isObject,
    sameValue,
} from "./inputs";
import { IotTag, comparableTags, listTags, syncTags } from "./tags";
import { adoptOwn, refuseIfDifferent } from "./ownership";
import { callAws, iotClient, isAlreadyExists, unlessNotFound } from "../aws/calls";
import { configureAws } from "../aws/session";

export interface MitigationActionInputs {
    region: string;
    actionName: string;
    roleArn: string;
    /** Exactly one parameter block, e.g. `{ addThingsToThingGroupParams: { thingGroupNames: ["quarantine"] } }`. */
    actionParams: MitigationActionParams;
    tags?: Tag[];
}
export type MitigationActionArgs = {
    [K in keyof MitigationActionInputs]: pulumi.Input<MitigationActionInputs[K]>;
};
export interface MitigationActionOutputs extends MitigationActionInputs {
    arn: string;
    actionId: string;
}

const KEYS: readonly string[] = ["region", "actionName", "roleArn", "actionParams", "tags"];
const REPLACE_KEYS: readonly string[] = ["region", "actionName"];
const DEFINITION = ["roleArn", "actionParams"] as const;

function comparable(inputs: Partial<MitigationActionInputs>): Record<string, unknown> {
    return {
        region: inputs.region,
        actionName: inputs.actionName,
        roleArn: inputs.roleArn,
        actionParams: inputs.actionParams,
        tags: comparableTags(inputs.tags),
    };
}

function checkEnum(value: unknown, property: string, allowed: readonly string[]): CheckFailure[] {
    if (value === UNKNOWN || allowed.includes(value as string)) return [];
    return [
        {
            property,
            reason: `${property} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}`,
        },
    ];
}

/** Checks the one parameter block against the API model. */
function checkParams(params: unknown): CheckFailure[] {
    if (params === UNKNOWN) return [];
    const keys = Object.values(MITIGATION_ACTIONS).map(a => a.paramsKey);
    if (!isObject(params))
        return [
            {
                property: "actionParams",
                reason: `actionParams is required: exactly one of ${keys.join(", ")}`,
            },
        ];
    const present = Object.keys(params).filter(k => params[k] !== undefined);
    const failures: CheckFailure[] = [];
    const unknownKeys = present.filter(k => !keys.includes(k));
    if (unknownKeys.length > 0)
        failures.push({
            property: "actionParams",
            reason: `actionParams has unknown blocks ${unknownKeys.join(", ")}; use exactly one of ${keys.join(", ")}`,
        });
    if (present.length !== 1)
        failures.push({
            property: "actionParams",
            reason: `actionParams must hold exactly one block (one of ${keys.join(", ")}); got ${present.length}`,
        });
    for (const key of present.filter(k => keys.includes(k))) {
        const block = params[key];
        const at = `actionParams.${key}`;
        if (block === UNKNOWN) continue;
        if (!isObject(block)) {
            failures.push({ property: at, reason: `${at} must be an object` });
            continue;
        }
        switch (key) {
            case "updateDeviceCertificateParams":
                failures.push(
                    ...checkEnum(
                        block.action,
                        `${at}.action`,
                        Object.values(DeviceCertificateUpdateAction),
                    ),
                );
                break;
            case "updateCACertificateParams":
                failures.push(
                    ...checkEnum(
                        block.action,
                        `${at}.action`,
                        Object.values(CACertificateUpdateAction),
                    ),
                );
                break;
            case "replaceDefaultPolicyVersionParams":
                failures.push(
                    ...checkEnum(
                        block.templateName,
                        `${at}.templateName`,
                        Object.values(PolicyTemplateName),
                    ),
                );
                break;
            case "enableIoTLoggingParams":
                failures.push(...checkRoleArn(block.roleArnForLogging, `${at}.roleArnForLogging`));
                failures.push(
                    ...checkEnum(block.logLevel, `${at}.logLevel`, MITIGATION_LOG_LEVELS),
                );
                break;
            case "publishFindingToSnsParams":
                failures.push(...checkArn(block.topicArn, `${at}.topicArn`, TOPIC_ARN));
                break;
            case "addThingsToThingGroupParams": {
                const groups = block.thingGroupNames;
                const max = LIMITS.thingGroupsPerMitigationAction;
                if (groups !== UNKNOWN) {
                    if (!Array.isArray(groups) || groups.length < 1 || groups.length > max) {
                        failures.push({
                            property: `${at}.thingGroupNames`,
                            reason: `${at}.thingGroupNames must list 1 to ${max} thing groups; got ${JSON.stringify(groups)}`,
                        });
                    } else {
                        groups.forEach((g: unknown, i: number) =>
                            failures.push(
                                ...checkString(g, `${at}.thingGroupNames[${i}]`, {
                                    max: NAME_RULES.thingGroupName.max,
                                    pattern: NAME_RULES.thingGroupName.pattern,
                                }),
                            ),
                        );
                    }
                }
                const override = block.overrideDynamicGroups;
                if (
                    override !== undefined &&
                    override !== UNKNOWN &&
                    typeof override !== "boolean"
                ) {
                    failures.push({
                        property: `${at}.overrideDynamicGroups`,
                        reason: `${at}.overrideDynamicGroups must be true or false`,
                    });
                }
                break;
            }
        }
    }
    return failures;
}

async function check(_olds: MitigationActionInputs, news: MitigationActionInputs) {
    const n = news as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = [
        ...checkRegionAndName(n, "actionName", NAME_RULES.mitigationActionName),
        ...checkRoleArn(n.roleArn, "roleArn"),
        ...checkParams(n.actionParams),
        ...checkTags(n.tags),
    ];
    return { inputs: news, failures };
}

async function diff(
    _id: string,
    olds: MitigationActionOutputs,
    news: MitigationActionInputs,
): Promise<DiffResult> {
    return diffKeys(comparable(olds), comparable(news), KEYS, REPLACE_KEYS);
}

const what = (name: string) => `mitigation action ${name}`;

async function describeMitigationAction(
    client: IoTClient,
    name: string,
): Promise<DescribeMitigationActionResponse> {
    return callAws(`Describe ${what(name)}`, () =>
        client.send(new DescribeMitigationActionCommand({ actionName: name })),
    );
}

async function create(inputs: MitigationActionInputs) {
    const ins = cleanInputs(inputs);
    const name = ins.actionName;
    const client = iotClient(ins.region);
    try {
        const res = await callAws(`Create ${what(name)}`, () =>
            client.send(
                new CreateMitigationActionCommand({
                    actionName: name,
                    roleArn: ins.roleArn,
                    actionParams: ins.actionParams,
                    tags: ins.tags?.length ? ins.tags : undefined,
                }),
            ),
        );
        return {
            id: name,
            outs: cleanInputs({ ...ins, arn: res.actionArn!, actionId: res.actionId! }),
        };
    } catch (err) {
        if (!isAlreadyExists(err)) throw err;
    }
    // It exists already: adopt it only if it is identical and this stack's own (see adoptOwn).
    const live = await describeMitigationAction(client, name);
    const differs = DEFINITION.filter(k => !sameValue(live[k], ins[k]));
    const deleteCommand = `aws iot delete-mitigation-action --action-name ${name}`;
    refuseIfDifferent(what(name), ins.region, differs, deleteCommand);
    const arn = live.actionArn!;
    const existing = { what: what(name), region: ins.region, arn, deleteCommand };
    await adoptOwn(client, existing, ins.tags as IotTag[] | undefined);
    return { id: name, outs: cleanInputs({ ...ins, arn, actionId: live.actionId! }) };
}

async function update(_id: string, olds: MitigationActionOutputs, news: MitigationActionInputs) {
    const ins = cleanInputs(news);
    const name = ins.actionName;
    const client = iotClient(ins.region);
    let { arn, actionId } = olds;
    const changed = changedKeys(comparable(olds), comparable(ins), DEFINITION);
    if (changed.length > 0) {
        // UpdateMitigationAction also changes the parameter block's type, so this stays in place.
        const res = await callAws(`Update ${what(name)}`, () =>
            client.send(
                new UpdateMitigationActionCommand({
                    actionName: name,
                    roleArn: changed.includes("roleArn") ? ins.roleArn : undefined,
                    actionParams: changed.includes("actionParams") ? ins.actionParams : undefined,
                }),
            ),
        );
        arn = res.actionArn ?? arn;
        actionId = res.actionId ?? actionId;
    }
    // No call when the tags are unchanged.
    await syncTags(
        client,
        arn,
        olds.tags as IotTag[] | undefined,
        ins.tags as IotTag[] | undefined,
        what(name),
    );
    return { outs: cleanInputs({ ...ins, arn, actionId }) };
}

async function read(id: string, props?: MitigationActionOutputs) {
    const region = props?.region as string;
    const name = props?.actionName ?? id;
    const client = iotClient(region);
    const live: DescribeMitigationActionResponse | undefined = await unlessNotFound(() =>
        describeMitigationAction(client, name),
    );
    if (!live) return {};
    const arn = live.actionArn!;
    const tags = await listTags(client, arn, what(name), props?.tags as IotTag[] | undefined);
    const outs: MitigationActionOutputs = cleanInputs({
        region,
        actionName: live.actionName ?? name,
        roleArn: live.roleArn!,
        actionParams: live.actionParams!,
        tags: tags.length > 0 || props?.tags ? (tags as Tag[]) : undefined,
        arn,
        actionId: live.actionId!,
    });
    return { id: name, props: outs };
}

async function deleteAction(_id: string, props: MitigationActionOutputs): Promise<void> {
    const client = iotClient(props.region);
    await unlessNotFound(() =>
        callAws(`Delete ${what(props.actionName)}`, () =>
            client.send(new DeleteMitigationActionCommand({ actionName: props.actionName })),
        ),
    );
}

export const mitigationActionProvider: pulumi.dynamic.ResourceProvider<
    MitigationActionInputs,
    MitigationActionOutputs
> = {
    configure: configureAws,
    check,
    diff,
    create,
    read,
    update,
    delete: deleteAction,
};

export class MitigationAction extends pulumi.dynamic.Resource {
    static readonly __pulumiType = DYNAMIC_TYPES.MitigationAction;
    declare readonly region: pulumi.Output<string>;
    declare readonly actionName: pulumi.Output<string>;
    declare readonly roleArn: pulumi.Output<string>;
    declare readonly actionParams: pulumi.Output<MitigationActionParams>;
    declare readonly tags: pulumi.Output<Tag[] | undefined>;
    declare readonly arn: pulumi.Output<string>;
    declare readonly actionId: pulumi.Output<string>;

    constructor(name: string, args: MitigationActionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            mitigationActionProvider,
            name,
            { arn: undefined, actionId: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "MitigationAction",
        );
    }
}
