/** The AWS calls on one security profile: describe it, list, attach and detach its targets. */
import type { DescribeSecurityProfileResponse, IoTClient } from "@aws-sdk/client-iot";
import { callAws, isNotFound, unlessNotFound } from "../../aws/calls";
import { iotSdk } from "../../aws/sdk";

export const describeWhat = (name: string) => `security profile ${name}`;

export async function describeProfile(
    client: IoTClient,
    name: string,
): Promise<DescribeSecurityProfileResponse> {
    return callAws(`Describe ${describeWhat(name)}`, () =>
        client.send(new (iotSdk().DescribeSecurityProfileCommand)({ securityProfileName: name })),
    );
}

/** Every target the profile is attached to (all pages). */
export async function listTargets(client: IoTClient, name: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
        const page = await callAws(`List targets of ${describeWhat(name)}`, () =>
            client.send(
                new (iotSdk().ListTargetsForSecurityProfileCommand)({
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

export async function attach(client: IoTClient, name: string, target: string): Promise<void> {
    await callAws(`Attach ${describeWhat(name)} to ${target}`, () =>
        client.send(
            new (iotSdk().AttachSecurityProfileCommand)({
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
export async function detach(client: IoTClient, name: string, target: string): Promise<void> {
    try {
        await callAws(`Detach ${describeWhat(name)} from ${target}`, () =>
            client.send(
                new (iotSdk().DetachSecurityProfileCommand)({
                    securityProfileName: name,
                    securityProfileTargetArn: target,
                }),
            ),
        );
    } catch (err) {
        if (!isNotFound(err)) throw err;
        if (!(await unlessNotFound(() => describeProfile(client, name)))) throw err;
    }
}

/** Detaches the targets not wanted, then attaches the missing ones: one call per difference. */
export async function syncTargets(
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
