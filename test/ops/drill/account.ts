/**
 * The IoT registry a drill touches, as mocked IoT calls over a little in-memory account: thing
 * groups, things, certificates, policies and their attachments, with AWS's refusals (a
 * certificate still attached or active cannot be deleted). Creating the drill policy hands it to
 * the test broker, which then enforces it. `failOn` makes one call fail, to drive clean-up after
 * failures.
 */
import {
    AddThingToThingGroupCommand,
    AttachPolicyCommand,
    AttachThingPrincipalCommand,
    CreateKeysAndCertificateCommand,
    CreatePolicyCommand,
    CreateThingCommand,
    CreateThingGroupCommand,
    DeleteCertificateCommand,
    DeletePolicyCommand,
    DeleteThingCommand,
    DeleteThingGroupCommand,
    DescribeEndpointCommand,
    DetachPolicyCommand,
    DetachThingPrincipalCommand,
    ListAttachedPoliciesCommand,
    ListPoliciesCommand,
    ListPrincipalThingsCommand,
    ListTagsForResourceCommand,
    ListTargetsForPolicyCommand,
    ListThingGroupsCommand,
    ListThingGroupsForThingCommand,
    ListThingPrincipalsCommand,
    ListThingsCommand,
    RemoveThingFromThingGroupCommand,
    UpdateCertificateCommand,
} from "@aws-sdk/client-iot";
import { Harness, awsFailure } from "../fixture";
import { TEST_ARN_BASE, TestBroker, testPki } from "./broker";

export interface FakeAccount {
    readonly groups: Map<string, { tags: Record<string, string>; parent?: string }>;
    readonly things: Map<string, { attributes: Record<string, string>; groups: Set<string> }>;
    readonly certificates: Map<
        string,
        { status: string; things: Set<string>; policies: Set<string> }
    >;
    readonly policies: Map<string, { document: string; tags: Record<string, string> }>;
    /** Every write call, in order (`CreateThing name`). */
    readonly writes: string[];
    /** Makes the next call of this command fail (once). */
    failOn(command: string): void;
}

const certArn = (id: string) => `${TEST_ARN_BASE}:cert/${id}`;
const groupArn = (name: string) => `${TEST_ARN_BASE}:thinggroup/${name}`;
const policyArn = (name: string) => `${TEST_ARN_BASE}:policy/${name}`;
const tagMap = (tags?: { Key?: string; Value?: string }[]) =>
    Object.fromEntries((tags ?? []).map(t => [t.Key!, t.Value ?? ""]));
const notFound = (what: string) =>
    awsFailure("ResourceNotFoundException", `${what} not found`, 404);

export async function fakeAccount(h: Harness, broker?: TestBroker): Promise<FakeAccount> {
    const pki = await testPki();
    const failing = new Set<string>();
    let certs = 0;
    const acc: FakeAccount = {
        groups: new Map(),
        things: new Map(),
        certificates: new Map(),
        policies: new Map(),
        writes: [],
        failOn: command => failing.add(command),
    };
    const gate = (command: string, write?: string) => {
        if (failing.delete(command))
            throw awsFailure("InvalidRequestException", `${command} refused by the test`);
        if (write !== undefined) acc.writes.push(`${command} ${write}`);
    };
    const cert = (arnOrId: string) => {
        const c = acc.certificates.get(arnOrId.split("/").pop()!);
        if (!c) throw notFound(arnOrId);
        return c;
    };
    const iot = h.iot;
    iot.on(DescribeEndpointCommand).callsFake(() => {
        gate("DescribeEndpoint");
        return { endpointAddress: "127.0.0.1" };
    });
    iot.on(CreateThingGroupCommand).callsFake(i => {
        gate("CreateThingGroup", i.thingGroupName);
        acc.groups.set(i.thingGroupName, { tags: tagMap(i.tags), parent: i.parentGroupName });
        return { thingGroupName: i.thingGroupName, thingGroupArn: groupArn(i.thingGroupName) };
    });
    iot.on(CreateThingCommand).callsFake(i => {
        gate("CreateThing", i.thingName);
        acc.things.set(i.thingName, {
            attributes: { ...i.attributePayload?.attributes },
            groups: new Set(),
        });
        return { thingName: i.thingName, thingArn: `${TEST_ARN_BASE}:thing/${i.thingName}` };
    });
    iot.on(AddThingToThingGroupCommand).callsFake(i => {
        gate("AddThingToThingGroup", i.thingName);
        acc.things.get(i.thingName)!.groups.add(i.thingGroupName);
        return {};
    });
    iot.on(CreateKeysAndCertificateCommand).callsFake(() => {
        gate("CreateKeysAndCertificate", "(new)");
        const id = `${++certs}`.padStart(64, "0");
        acc.certificates.set(id, { status: "ACTIVE", things: new Set(), policies: new Set() });
        return {
            certificateId: id,
            certificateArn: certArn(id),
            certificatePem: pki.deviceCert,
            keyPair: { PublicKey: "unused", PrivateKey: pki.deviceKey },
        };
    });
    iot.on(CreatePolicyCommand).callsFake(i => {
        gate("CreatePolicy", i.policyName);
        acc.policies.set(i.policyName, { document: i.policyDocument, tags: tagMap(i.tags) });
        if (broker) broker.policy = JSON.parse(i.policyDocument);
        return { policyName: i.policyName, policyArn: policyArn(i.policyName) };
    });
    iot.on(AttachPolicyCommand).callsFake(i => {
        gate("AttachPolicy", i.policyName);
        cert(i.target).policies.add(i.policyName);
        return {};
    });
    iot.on(AttachThingPrincipalCommand).callsFake(i => {
        gate("AttachThingPrincipal", i.thingName);
        cert(i.principal).things.add(i.thingName);
        if (broker) broker.thingName = i.thingName;
        return {};
    });
    // Clean-up and discovery.
    iot.on(ListTargetsForPolicyCommand).callsFake(i => {
        gate("ListTargetsForPolicy");
        if (!acc.policies.has(i.policyName)) throw notFound(i.policyName);
        const targets = [...acc.certificates].filter(([, c]) => c.policies.has(i.policyName));
        return { targets: targets.map(([id]) => certArn(id)) };
    });
    iot.on(DetachPolicyCommand).callsFake(i => {
        gate("DetachPolicy", i.policyName);
        cert(i.target).policies.delete(i.policyName);
        return {};
    });
    iot.on(ListThingPrincipalsCommand).callsFake(i => {
        gate("ListThingPrincipals");
        if (!acc.things.has(i.thingName)) throw notFound(i.thingName);
        const attached = [...acc.certificates].filter(([, c]) => c.things.has(i.thingName));
        return { principals: attached.map(([id]) => certArn(id)) };
    });
    iot.on(ListPrincipalThingsCommand).callsFake(i => {
        gate("ListPrincipalThings");
        return { things: [...cert(i.principal).things] };
    });
    iot.on(ListAttachedPoliciesCommand).callsFake(i => {
        gate("ListAttachedPolicies");
        return {
            policies: [...cert(i.target).policies].map(p => ({
                policyName: p,
                policyArn: policyArn(p),
            })),
        };
    });
    iot.on(DetachThingPrincipalCommand).callsFake(i => {
        gate("DetachThingPrincipal", i.thingName);
        cert(i.principal).things.delete(i.thingName);
        return {};
    });
    iot.on(UpdateCertificateCommand).callsFake(i => {
        gate("UpdateCertificate", `${i.certificateId} ${i.newStatus}`);
        cert(i.certificateId).status = i.newStatus;
        return {};
    });
    iot.on(DeleteCertificateCommand).callsFake(i => {
        gate("DeleteCertificate", i.certificateId);
        const c = cert(i.certificateId);
        if (c.status === "ACTIVE" || c.things.size || c.policies.size)
            throw awsFailure("DeleteConflictException", "certificate is attached or active", 409);
        acc.certificates.delete(i.certificateId);
        return {};
    });
    iot.on(ListThingGroupsForThingCommand).callsFake(i => {
        gate("ListThingGroupsForThing");
        const t = acc.things.get(i.thingName);
        if (!t) throw notFound(i.thingName);
        return { thingGroups: [...t.groups].map(g => ({ groupName: g, groupArn: groupArn(g) })) };
    });
    iot.on(RemoveThingFromThingGroupCommand).callsFake(i => {
        gate("RemoveThingFromThingGroup", `${i.thingName} ${i.thingGroupName}`);
        acc.things.get(i.thingName!)?.groups.delete(i.thingGroupName!);
        return {};
    });
    iot.on(DeleteThingCommand).callsFake(i => {
        gate("DeleteThing", i.thingName);
        if (!acc.things.delete(i.thingName)) throw notFound(i.thingName);
        return {};
    });
    iot.on(DeletePolicyCommand).callsFake(i => {
        gate("DeletePolicy", i.policyName);
        if ([...acc.certificates.values()].some(c => c.policies.has(i.policyName)))
            throw awsFailure("DeleteConflictException", "policy is attached", 409);
        if (!acc.policies.delete(i.policyName)) throw notFound(i.policyName);
        return {};
    });
    iot.on(DeleteThingGroupCommand).callsFake(i => {
        gate("DeleteThingGroup", i.thingGroupName);
        acc.groups.delete(i.thingGroupName);
        return {};
    });
    iot.on(ListThingGroupsCommand).callsFake(i => ({
        thingGroups: [...acc.groups.keys()]
            .filter(g => g.startsWith(i.namePrefixFilter ?? ""))
            .map(g => ({ groupName: g, groupArn: groupArn(g) })),
    }));
    iot.on(ListThingsCommand).callsFake(i => ({
        things: [...acc.things]
            .filter(([, t]) => t.attributes[i.attributeName!] === i.attributeValue)
            .map(([name, t]) => ({ thingName: name, attributes: t.attributes })),
    }));
    iot.on(ListPoliciesCommand).callsFake(() => ({
        policies: [...acc.policies.keys()].map(p => ({ policyName: p, policyArn: policyArn(p) })),
    }));
    iot.on(ListTagsForResourceCommand).callsFake(i => {
        const [kind, name] = i.resourceArn.split(":").pop()!.split("/");
        const tags = kind === "policy" ? acc.policies.get(name)?.tags : acc.groups.get(name)?.tags;
        return { tags: Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
    });
    return acc;
}

/** True when the account holds nothing. */
export const emptyAccount = (acc: FakeAccount) =>
    acc.groups.size + acc.things.size + acc.certificates.size + acc.policies.size === 0;
