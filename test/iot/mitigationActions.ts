/**
 * Mitigation actions as the provider's specs build them: inputs, state and what AWS describes.
 */
import type { DescribeMitigationActionResponse } from "@aws-sdk/client-iot";
import {
    MitigationActionInputs,
    MitigationActionOutputs,
} from "../../components/iot/mitigationAction";
import { OWNER_TAGS } from "./support";

export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";
export const NAME = "fleet-quarantine";
export const ARN = `arn:aws:iot:${REGION}:${ACCOUNT}:mitigationaction/${NAME}`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/dd-mitigation`;
export const quarantine = {
    addThingsToThingGroupParams: { thingGroupNames: ["quarantine"], overrideDynamicGroups: true },
};

export const inputs: MitigationActionInputs = {
    region: REGION,
    actionName: NAME,
    roleArn: ROLE,
    actionParams: quarantine,
    tags: [...OWNER_TAGS, { Key: "env", Value: "test" }],
};
export const state = (over: Partial<MitigationActionOutputs> = {}): MitigationActionOutputs =>
    ({
        ...inputs,
        arn: ARN,
        actionId: "id-1",
        __provider: "serialized-provider",
        ...over,
    }) as MitigationActionOutputs;
export const withInputs = (over: Partial<MitigationActionInputs>): MitigationActionInputs => ({
    ...inputs,
    ...over,
});
export const described = (
    over: Partial<DescribeMitigationActionResponse> = {},
): DescribeMitigationActionResponse => ({
    actionName: NAME,
    actionArn: ARN,
    actionId: "id-1",
    actionType: "ADD_THINGS_TO_THING_GROUP",
    roleArn: ROLE,
    actionParams: quarantine,
    ...over,
});
