/**
 * Test support for the Device Defender dynamic providers: an IoT client mock installed per test,
 * instant retries (with the waits recorded), AWS errors as the SDK raises them, AWS call counts,
 * and loading a provider the way the Pulumi host does (from its serialized text).
 */
import * as assert from "assert";
import type * as pulumi from "@pulumi/pulumi";
import {
    IoTClient,
    IoTClientResolvedConfig,
    IoTServiceException,
    ServiceInputTypes,
    ServiceOutputTypes,
} from "@aws-sdk/client-iot";
import {
    GetCallerIdentityCommand,
    STSClient,
    STSClientResolvedConfig,
    ServiceInputTypes as StsInputTypes,
    ServiceOutputTypes as StsOutputTypes,
} from "@aws-sdk/client-sts";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { clock } from "../../components/aws/calls";
import { Json, OfflineEngine, RecordedResource } from "../harness";

export type IotMock = AwsStub<ServiceInputTypes, ServiceOutputTypes, IoTClientResolvedConfig>;
export type StsMock = AwsStub<StsInputTypes, StsOutputTypes, STSClientResolvedConfig>;
/** The account the specs' credentials belong to (STS GetCallerIdentity answers it). */
export const TEST_ACCOUNT = "123456789012";

/**
 * Installs, around every test of the enclosing `describe`, a fresh IoT client mock, an STS mock
 * whose caller is TEST_ACCOUNT, and a no-op `clock.sleep` that records the waits. Read `.iot`,
 * `.sts` and `.sleeps` inside tests.
 */
export function useIotMock(): {
    readonly iot: IotMock;
    readonly sts: StsMock;
    readonly sleeps: number[];
} {
    const state = {
        iot: undefined as unknown as IotMock,
        sts: undefined as unknown as StsMock,
        sleeps: [] as number[],
    };
    const realSleep = clock.sleep;
    beforeEach(() => {
        state.iot = mockClient(IoTClient);
        state.sts = mockClient(STSClient);
        state.sts.on(GetCallerIdentityCommand).resolves({ Account: TEST_ACCOUNT });
        state.sleeps.length = 0;
        clock.sleep = async (ms: number) => {
            state.sleeps.push(ms);
        };
    });
    afterEach(() => {
        state.iot.restore();
        state.sts.restore();
        clock.sleep = realSleep;
    });
    return state;
}

/** An error as the SDK raises it for an AWS error response. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
    return new IoTServiceException({
        name,
        message,
        $fault: httpStatusCode >= 500 ? "server" : "client",
        $metadata: { httpStatusCode },
    });
}
export const notFound = (what = "resource") =>
    awsError("ResourceNotFoundException", `${what} does not exist`, 404);
export const alreadyExists = (what = "resource") =>
    awsError("ResourceAlreadyExistsException", `${what} already exists`, 409);
export const throttled = () => awsError("ThrottlingException", "Rate exceeded", 429);

/**
 * The ownership tags (Project and Stack, as `stackTags` gives them) of the stack the specs deploy:
 * a resource carrying them is this stack's own, one without them is not.
 */
export const OWNER_TAGS = [
    { Key: "Project", Value: "iot-defender" },
    { Key: "Stack", Value: "test" },
];
/** The region the specs' resources live in. */
export const TEST_REGION = "eu-west-1";
/** A tag the stack gives beside its ownership tags. */
export const ENV_TAG = { Key: "env", Value: "test" };
/** The tags the stack gives the specs' resources: its ownership tags and `ENV_TAG`. */
export const STACK_TAGS = [...OWNER_TAGS, ENV_TAG];
/** The same ownership tags for another stack of the project. */
export const OTHER_STACK_TAGS = [
    { Key: "Project", Value: "iot-defender" },
    { Key: "Stack", Value: "prod" },
];

/**
 * Tags of resources that are not this stack's own although their name and definition match:
 * hand-made (no tags), another stack's of the project, and another project's of the same stack name.
 */
export const FOREIGN_TAGS: Record<string, { Key: string; Value: string }[]> = {
    "made by hand (no tags)": [],
    "of another stack": OTHER_STACK_TAGS,
    "of another project": [
        { Key: "Project", Value: "fleet-tools" },
        { Key: "Stack", Value: "test" },
    ],
};

/** The write commands that would take over or change a resource (none may run on a refusal). */
export function writes(iot: IotMock): string[] {
    return Object.keys(callCounts(iot)).filter(c => !/^(Describe|List|Create)/.test(c));
}

/** How many AWS calls were made, by command name (e.g. `{ UpdateSecurityProfileCommand: 1 }`). */
export function callCounts(iot: IotMock): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of iot.calls()) {
        const name = (call.args[0] as object).constructor.name;
        counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
}

/** The input of the n-th call of a command. */
export function input(
    iot: IotMock,
    command: new (...args: never[]) => { input: object },
    n = 0,
): Record<string, Json> {
    const calls = iot.commandCalls(command as Parameters<IotMock["commandCalls"]>[0]);
    if (!calls[n])
        throw new Error(`expected a call #${n} of ${command.name}; there were ${calls.length}`);
    return calls[n].args[0].input as Record<string, Json>;
}

/** Rebuilds a provider from its serialized `__provider` text, as the Pulumi host does. */
function loadSerializedProvider<I, O>(serialized: string): pulumi.dynamic.ResourceProvider<I, O> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requireFromString = require("require-from-string") as (code: string) => {
        handler: () => pulumi.dynamic.ResourceProvider<I, O>;
    };
    return requireFromString(serialized).handler();
}

/**
 * Registers one dynamic resource as a Pulumi program would, under the offline engine, and hands back
 * the resource, its record and its provider rebuilt from what Pulumi serialized.
 */
export async function registered<R, I, O>(
    type: string,
    register: () => R,
): Promise<{
    resource: R;
    recorded: RecordedResource;
    rebuilt: pulumi.dynamic.ResourceProvider<I, O>;
}> {
    const engine = new OfflineEngine();
    await engine.install("iot-defender", "test", { "aws:region": "eu-west-1" });
    const resource = register();
    await engine.settle();
    const [recorded] = engine.ofType(type);
    assert.ok(recorded, `no ${type} was registered`);
    return {
        resource,
        recorded,
        rebuilt: loadSerializedProvider<I, O>(recorded.inputs.__provider),
    };
}

/** A provider's check failures for `news` (against `olds`), and an assertion that one names a property. */
export function checking<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, olds: I) {
    const failuresOf = async (news: unknown) =>
        (await provider.check!(olds, news as I)).failures ?? [];
    const assertFailure = async (news: unknown, property: string, fragment?: RegExp) => {
        const failures = await failuresOf(news);
        const hit = failures.find(f => f.property === property);
        assert.ok(hit, `expected a failure on ${property}; got ${JSON.stringify(failures)}`);
        if (fragment) assert.match(hit.reason, fragment);
    };
    return { failuresOf, assertFailure };
}

/**
 * A resource's fixtures from its inputs, the identifiers a create gives it and what AWS describes:
 * its state after that create (with a `__provider`), and its inputs and description with some
 * fields changed.
 */
export function fixtures<I extends object, O extends I, Live extends object>(
    inputs: I,
    ids: Omit<O, keyof I>,
    live: Live,
) {
    return {
        state: (over: Partial<O> = {}): O =>
            ({ ...inputs, ...ids, __provider: "serialized-provider", ...over }) as O,
        withInputs: (over: Partial<I>): I => ({ ...inputs, ...over }),
        described: (over: Partial<Live> = {}): Live => ({ ...live, ...over }),
    };
}
