/**
 * How the offline engine answers a resource registration. The SDK's mock monitor
 * (`MockMonitor.registerResource` in `@pulumi/pulumi/runtime/mocks.js`) deserializes the request,
 * asks the mocks, serializes their state, then packs it into a protobuf response that the SDK
 * unpacks again; and the SDK's debug log formats that response as text (`${resp}`) even when
 * nothing logs it. For the stacks here that round trip and its text were a third of the time
 * each resource costs (issue 20).
 *
 * `answerRegistration` gives the mocks the same inputs (not the resource transforms: the engine's
 * mocks ignore them), the same URN and the same serialized state as the mock monitor, and keeps its
 * record of the resource, but hands the state to the SDK as the plain object a protobuf `Struct`
 * would unpack to. Each resource is registered exactly as before; the order in which a build's
 * registrations finish can differ (the answers take fewer promise turns, and a `Struct` sorts its
 * keys), so the records are compared by URN. The protobuf answer stays one option away
 * (`EngineOptions.protobufAnswers`): the benchmark of the program as `pulumi preview` loads it
 * uses it, since a real engine answers in protobuf.
 */
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import type { Properties } from "./engine";

/** A RegisterResourceRequest as the SDK builds it (the getters the engine reads). */
export interface MonitorRequest {
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getImportid(): string;
    getDependenciesList(): string[];
    getAliasesList(): AliasRequest[];
    getPropertydependenciesMap(): {
        forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void;
    };
}

/** An alias as registered: a URN, or a spec whose blanks are the resource's own. */
export interface AliasRequest {
    getUrn(): string;
    getSpec():
        | {
              getName(): string;
              getType(): string;
              getStack(): string;
              getProject(): string;
              getParenturn(): string;
              getNoparent(): boolean;
          }
        | undefined;
}

/** What the response to a registration gives the SDK (`runtime/resource.js` reads no more). */
export interface RegistrationAnswer {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> };
    getPropertydependenciesMap(): undefined;
    getResult(): number;
    getUnknown(): boolean;
}

/** The SDK's mock monitor, as far as the engine uses it. */
export interface MockMonitor {
    registerResource(req: MonitorRequest, cb: (err: unknown, res?: unknown) => void): unknown;
    newUrn(parent: string, type: string, name: string): string;
    /** Its record of each resource, read by `registerResourceOutputs` and `existsResource`. */
    readonly resources: Map<string, { urn: string; id: string | null; state: unknown }>;
}

/** What the mocks are asked for a registration, and what they answer. */
export type NewResource = (args: {
    type: string;
    name: string;
    inputs: Properties;
    provider: string;
    custom: boolean;
    id: string;
}) => { id?: string; state: Properties };

/**
 * Answers one registration as the mock monitor does, minus the protobuf answer. `serialized` is
 * the request's inputs as the SDK serialized them (read once: the engine records them too).
 */
export async function answerRegistration(
    monitor: MockMonitor,
    req: MonitorRequest,
    serialized: Record<string, unknown>,
    newResource: NewResource,
): Promise<RegistrationAnswer> {
    const result = newResource({
        type: req.getType(),
        name: req.getName(),
        // The SDK's own deserialization, over the values already read.
        inputs: rpc.deserializeProperties({ toJavaScript: () => serialized } as never),
        provider: req.getProvider(),
        custom: req.getCustom(),
        id: req.getImportid(),
    });
    const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
    const state = await serializeState(result.state);
    monitor.resources.set(urn, { urn, id: result.id ?? null, state });
    const id = result.id || "";
    return {
        getUrn: () => urn,
        getId: () => id,
        getObject: () => ({ toJavaScript: () => state }),
        getPropertydependenciesMap: () => undefined,
        getResult: () => 0, // Result.SUCCESS
        getUnknown: () => false,
    };
}

/** The state as `rpc.serializeProperties` serializes it; for plain data, without its promises. */
export async function serializeState(state: Properties): Promise<Record<string, unknown>> {
    const plain = serializePlain(state);
    return plain === NOT_PLAIN
        ? await rpc.serializeProperties("", state)
        : (plain as Record<string, unknown>);
}

const NOT_PLAIN = Symbol("not plain data");

/**
 * `serializeProperty`'s result for plain data, which is all the mocks' state holds unless an
 * input held a resource reference or an asset: primitives as they are, functions dropped,
 * `undefined` dropped from objects and `null` in arrays. Anything else (a class instance, a
 * promise, an object with one of the SDK's `__pulumi…` markers) gives NOT_PLAIN, and the SDK
 * serializes the whole state itself.
 */
function serializePlain(value: unknown): unknown {
    if (value === null || typeof value !== "object")
        return typeof value === "function"
            ? undefined
            : typeof value === "symbol" || typeof value === "bigint"
              ? NOT_PLAIN
              : value;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Array.prototype) {
        const out: unknown[] = [];
        for (const element of value as unknown[]) {
            const s = serializePlain(element);
            if (s === NOT_PLAIN) return NOT_PLAIN;
            out.push(s === undefined ? null : s);
        }
        return out;
    }
    if (proto !== Object.prototype) return NOT_PLAIN;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        if (key.startsWith("__pulumi") || key === "__proto__") return NOT_PLAIN;
        const s = serializePlain((value as Record<string, unknown>)[key]);
        if (s === NOT_PLAIN) return NOT_PLAIN;
        if (s !== undefined) out[key] = s;
    }
    return out;
}
