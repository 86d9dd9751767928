/**
 * Creates the drill device: a tagged thing group, a thing in it, a certificate and key (kept in
 * memory, never printed), and an IoT policy that lets it connect as itself and publish only under
 * the drill's topic prefix. Each resource is written to the ledger the moment AWS returns it, so
 * clean-up removes exactly what was created, whenever the run stops.
 */
import {
    AddThingToThingGroupCommand,
    AttachPolicyCommand,
    AttachThingPrincipalCommand,
    CreateKeysAndCertificateCommand,
    CreatePolicyCommand,
    CreateThingCommand,
    CreateThingGroupCommand,
    DescribeEndpointCommand,
} from "@aws-sdk/client-iot";
import { request } from "../aws";
import { OpsContext } from "../context";
import { OpsError } from "../errors";
import { DRILL_ATTRIBUTE, DrillNames, DrillPlan } from "./plan";

/** The certificate and key the drill device connects with. Never logged. */
export interface DeviceCredentials {
    readonly certificatePem: string;
    readonly privateKey: string;
}

/** What a run created, in creation order; clean-up reads it. */
export interface Ledger {
    thingGroup?: string;
    thing?: string;
    certificate?: { readonly id: string; readonly arn: string };
    policy?: string;
}

export interface DrillDevice {
    /** The account's `iot:Data-ATS` endpoint. */
    readonly endpoint: string;
    readonly credentials: DeviceCredentials;
}

/** The endpoint type whose certificates chain to Amazon's root CAs (the legacy `iot:Data` does not). */
export const DATA_ENDPOINT_TYPE = "iot:Data-ATS";

export async function setUpDevice(
    ctx: OpsContext,
    plan: DrillPlan,
    ledger: Ledger,
    aborted: () => boolean,
): Promise<DrillDevice> {
    const n = plan.names;
    // The IoT API's tag list form (components/tags.ts is the stack's; ops do not import components).
    const tags = Object.entries(plan.tags).map(([Key, Value]) => ({ Key, Value }));
    const step = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
        if (aborted()) throw new OpsError("interrupted during set-up");
        return request(ctx, action, call);
    };
    const { endpointAddress } = await step("iot:DescribeEndpoint", () =>
        ctx.iot.send(new DescribeEndpointCommand({ endpointType: DATA_ENDPOINT_TYPE })),
    );
    if (!endpointAddress)
        throw new OpsError(`iot:DescribeEndpoint gave no ${DATA_ENDPOINT_TYPE} address`);

    await step("iot:CreateThingGroup", () =>
        ctx.iot.send(
            new CreateThingGroupCommand({
                thingGroupName: n.thingGroup,
                parentGroupName: plan.parentGroup,
                thingGroupProperties: {
                    thingGroupDescription: `iot-defender drill ${n.runId}: removed when the drill ends`,
                },
                tags,
            }),
        ),
    );
    ledger.thingGroup = n.thingGroup;

    const thing = await step("iot:CreateThing", () =>
        ctx.iot.send(
            new CreateThingCommand({
                thingName: n.thing,
                attributePayload: { attributes: { [DRILL_ATTRIBUTE]: plan.marker } },
            }),
        ),
    );
    ledger.thing = n.thing;
    await step("iot:AddThingToThingGroup", () =>
        ctx.iot.send(
            new AddThingToThingGroupCommand({ thingGroupName: n.thingGroup, thingName: n.thing }),
        ),
    );

    const cert = await step("iot:CreateKeysAndCertificate", () =>
        ctx.iot.send(new CreateKeysAndCertificateCommand({ setAsActive: true })),
    );
    if (cert.certificateId && cert.certificateArn)
        ledger.certificate = { id: cert.certificateId, arn: cert.certificateArn };
    if (!ledger.certificate || !cert.certificatePem || !cert.keyPair?.PrivateKey)
        throw new OpsError("iot:CreateKeysAndCertificate returned no certificate or key");

    await step("iot:CreatePolicy", () =>
        ctx.iot.send(
            new CreatePolicyCommand({
                policyName: n.policy,
                policyDocument: JSON.stringify(
                    devicePolicy(n, thing.thingArn ?? cert.certificateArn!),
                ),
                tags,
            }),
        ),
    );
    ledger.policy = n.policy;
    await step("iot:AttachPolicy", () =>
        ctx.iot.send(
            new AttachPolicyCommand({ policyName: n.policy, target: ledger.certificate!.arn }),
        ),
    );
    await step("iot:AttachThingPrincipal", () =>
        ctx.iot.send(
            new AttachThingPrincipalCommand({
                thingName: n.thing,
                principal: ledger.certificate!.arn,
            }),
        ),
    );
    return {
        endpoint: endpointAddress,
        credentials: { certificatePem: cert.certificatePem, privateKey: cert.keyPair.PrivateKey },
    };
}

/**
 * The drill device's IoT policy: connect only with the thing's own name as client ID, with a
 * certificate attached to that thing, and publish only under the drill's topic prefix. Anything
 * else, the forbidden topic included, is an authorization failure.
 * `arnInAccount` is any IoT ARN of the account (the thing's): partition, region and account come from it.
 */
export function devicePolicy(n: DrillNames, arnInAccount: string) {
    const [, partition, , region, account] = arnInAccount.split(":");
    const iot = `arn:${partition}:iot:${region}:${account}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: "iot:Connect",
                Resource: `${iot}:client/\${iot:Connection.Thing.ThingName}`,
                Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } },
            },
            { Effect: "Allow", Action: "iot:Publish", Resource: `${iot}:topic/${n.topicPrefix}/*` },
        ],
    };
}
