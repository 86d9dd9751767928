/**
 * MitigationAction: a Device Defender mitigation action (one parameter block and the role that
 * runs it), as a Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CreateMitigationActionCommand,
    DeleteMitigationActionCommand,
    DescribeMitigationActionCommand,
    UpdateMitigationActionCommand,
} from "@aws-sdk/client-iot";
import type {
    DescribeMitigationActionResponse,
    IoTClient,
    MitigationActionParams,
    Tag,
} from "@aws-sdk/client-iot";
import { DYNAMIC_MODULE, DYNAMIC_TYPES, NAME_RULES } from "../facts";
import { CheckFailure, checkRegionAndName, checkRoleArn, checkTags } from "./inputChecks";
import { DiffResult, changedKeys, cleanInputs, diffKeys, sameValue } from "./inputs";
import { IotTag, comparableTags, listTags, syncTags } from "./tags";
import { createOrAdopt } from "./ownership";
import { checkActionParams } from "./mitigationParams";
import { callAws, iotClient, unlessNotFound } from "../aws/calls";
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

async function check(_olds: MitigationActionInputs, news: MitigationActionInputs) {
    const n = news as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = [
        ...checkRegionAndName(n, "actionName", NAME_RULES.mitigationActionName),
        ...checkRoleArn(n.roleArn, "roleArn"),
        ...checkActionParams(n.actionParams),
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
    // CreateMitigationAction takes no client token.
    const { arn, actionId } = await createOrAdopt(client, {
        what: what(name),
        region: ins.region,
        tags: ins.tags as IotTag[] | undefined,
        deleteCommand: `aws iot delete-mitigation-action --action-name ${name}`,
        create: async () => {
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
            return { arn: res.actionArn!, actionId: res.actionId! };
        },
        existing: async () => {
            const live = await describeMitigationAction(client, name);
            const differs = DEFINITION.filter(k => !sameValue(live[k], ins[k]));
            return { arn: live.actionArn!, actionId: live.actionId!, differs };
        },
    });
    return { id: name, outs: cleanInputs({ ...ins, arn, actionId }) };
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
