/**
 * Mitigation actions as the provider's specs build them: inputs, state, what AWS describes, and
 * the subject the named-resource suite runs (test/iot/namedResourceSuite.ts).
 */
import {
    CreateMitigationActionCommand,
    DeleteMitigationActionCommand,
    DescribeMitigationActionCommand,
    UpdateMitigationActionCommand,
} from "@aws-sdk/client-iot";
import type { DescribeMitigationActionResponse } from "@aws-sdk/client-iot";
import { DYNAMIC_TYPES } from "../../components/facts";
import { UNKNOWN } from "../../components/iot/inputs";
import {
    MitigationAction,
    MitigationActionInputs,
    MitigationActionOutputs,
    mitigationActionProvider as provider,
} from "../../components/iot/mitigationAction";
import { NamedSubject } from "./namedSubject";
import { fixtures, STACK_TAGS, TEST_ACCOUNT, TEST_REGION } from "./support";

export const NAME = "fleet-quarantine";
export const ARN = `arn:aws:iot:${TEST_REGION}:${TEST_ACCOUNT}:mitigationaction/${NAME}`;
export const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/dd-mitigation`;
export const quarantine = {
    addThingsToThingGroupParams: { thingGroupNames: ["quarantine"], overrideDynamicGroups: true },
};

export const inputs: MitigationActionInputs = {
    region: TEST_REGION,
    actionName: NAME,
    roleArn: ROLE,
    actionParams: quarantine,
    tags: STACK_TAGS,
};
const ids = { arn: ARN, actionId: "id-1" };
export const { state, withInputs, described } = fixtures<
    MitigationActionInputs,
    MitigationActionOutputs,
    DescribeMitigationActionResponse
>(inputs, ids, {
    actionName: NAME,
    actionArn: ARN,
    actionId: "id-1",
    actionType: "ADD_THINGS_TO_THING_GROUP",
    roleArn: ROLE,
    actionParams: quarantine,
});

const sns = {
    publishFindingToSnsParams: { topicArn: `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:findings` },
};

export const mitigationActionSubject: NamedSubject = {
    title: "MitigationAction",
    noun: "action",
    kind: "mitigation action",
    type: DYNAMIC_TYPES.MitigationAction,
    provider,
    register: () => new MitigationAction("quarantine", inputs),
    commands: {
        create: CreateMitigationActionCommand,
        describe: DescribeMitigationActionCommand,
        update: UpdateMitigationActionCommand,
        delete: DeleteMitigationActionCommand,
    },
    name: NAME,
    arn: ARN,
    inputs,
    state,
    withInputs,
    described,
    answer: { actionArn: ARN, actionId: "id-1" },
    ids,
    created: { actionName: NAME, roleArn: ROLE, actionParams: quarantine, tags: inputs.tags },
    clientToken: false,
    deleted: { actionName: NAME },
    cliDelete: `aws iot delete-mitigation-action --action-name ${NAME}`,
    inPlace: {
        words: "role, the parameters (even their type) and tags",
        changes: [
            withInputs({ roleArn: `${ROLE}-2` }),
            withInputs({ actionParams: sns }),
            withInputs({ tags: [] }),
        ],
    },
    replacing: {
        words: "name or region",
        changes: [
            ["actionName", "other"],
            ["region", "us-east-1"],
        ],
    },
    unknownChange: withInputs({ roleArn: UNKNOWN }),
    otherDefinition: { described: { roleArn: `${ROLE}-other` }, fields: "roleArn" },
    update: {
        title: "sends only the changed parameters, keeping the action in place even when the block type changes",
        news: withInputs({ actionParams: sns }),
        // The unchanged role is not sent.
        sent: { actionName: NAME, roleArn: undefined, actionParams: sns },
    },
    drift: {
        described: { roleArn: `${ROLE}-console` },
        tags: inputs.tags!,
        props: { ...inputs, roleArn: `${ROLE}-console`, arn: ARN, actionId: "id-1" },
    },
    deleteRefusal: "in use by a task",
    badInput: { news: withInputs({ actionParams: {} }), property: "actionParams" },
};
