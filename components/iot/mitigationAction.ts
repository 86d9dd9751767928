/**
 * MitigationAction: a Device Defender mitigation action (one parameter block and the role that
 * runs it), as a Pulumi dynamic resource over @aws-sdk/client-iot.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import type {
    DescribeMitigationActionResponse,
    MitigationActionParams,
    Tag,
} from "@aws-sdk/client-iot";
import { DYNAMIC_MODULE, DYNAMIC_TYPES, NAME_RULES } from "../facts";
import { checkRoleArn } from "./inputChecks";
import { checkActionParams } from "./mitigationParams";
import { namedResourceProvider } from "./namedResource";
import { iotSdk } from "../aws/sdk";

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

export const mitigationActionProvider: pulumi.dynamic.ResourceProvider<
    MitigationActionInputs,
    MitigationActionOutputs
> = namedResourceProvider<
    MitigationActionInputs,
    DescribeMitigationActionResponse,
    { actionArn?: string; actionId?: string },
    { arn: string; actionId: string }
>({
    kind: "mitigation action",
    nameKey: "actionName",
    nameRule: NAME_RULES.mitigationActionName,
    fields: ["roleArn", "actionParams"],
    // UpdateMitigationAction also changes the parameter block's type, so nothing replaces it.
    replaceFields: [],
    checkFields: n => [...checkRoleArn(n.roleArn, "roleArn"), ...checkActionParams(n.actionParams)],
    cliDelete: "delete-mitigation-action --action-name",
    detect: false,
    idKeys: ["arn", "actionId"],
    ids: answer => ({ arn: answer.actionArn!, actionId: answer.actionId! }),
    liveFields: live => ({ roleArn: live.roleArn!, actionParams: live.actionParams! }),
    describeCall: (client, actionName) =>
        client.send(new (iotSdk().DescribeMitigationActionCommand)({ actionName })),
    // CreateMitigationAction takes no client token.
    createCall: (client, ins) =>
        client.send(
            new (iotSdk().CreateMitigationActionCommand)({
                actionName: ins.actionName,
                roleArn: ins.roleArn,
                actionParams: ins.actionParams,
                tags: ins.tags?.length ? ins.tags : undefined,
            }),
        ),
    updateCall: (client, ins, changed) =>
        client.send(
            new (iotSdk().UpdateMitigationActionCommand)({
                actionName: ins.actionName,
                roleArn: changed.includes("roleArn") ? ins.roleArn : undefined,
                actionParams: changed.includes("actionParams") ? ins.actionParams : undefined,
            }),
        ),
    deleteCall: (client, actionName) =>
        client.send(new (iotSdk().DeleteMitigationActionCommand)({ actionName })),
});

export class MitigationAction extends DynamicResource {
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
