/**
 * An offline engine: runs the Pulumi program under the SDK's mocks (no CLI, no cloud) and records
 * every registered resource with its type, name, inputs, parent and dependencies. The offline
 * plan, the offline policy check, the benchmarks and the tests all build stacks through it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { awsOutputs, Placement } from "./awsOutputs";
import {
    AliasRequest,
    answerRegistration,
    MockMonitor,
    MonitorRequest,
    RegistrationAnswer,
} from "./registration";

/** One resource as the program registered it. */
/** Resource properties as Pulumi's mocks hand them over (`MockResourceResult.state`). */
export type Properties = pulumi.runtime.MockResourceResult["state"];

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent resource, if any. */
    readonly parent?: string;
    /** False for ComponentResources. */
    readonly custom: boolean;
    /** Inputs as the program resolved them (unknown values are absent in preview). */
    readonly inputs: Properties;
    /** State returned by the mock: inputs plus computed outputs. */
    readonly state: Properties;
    readonly id?: string;
    /** Inputs that hold a secret (anywhere inside): shown as secrets, never as values. */
    readonly secretInputs: readonly string[];
    /** Explicit provider reference (`urn::id`), if any. */
    readonly provider?: string;
    /** URNs of explicit dependencies. */
    readonly dependencies: readonly string[];
    /**
     * URNs the resource was known by before (its `aliases`, alias specs resolved to URNs); the
     * engine always records them, hand-made records may leave them out.
     */
    readonly aliases?: readonly string[];
    /**
     * The resources each input property depends on (URNs, by top-level property), as the SDK
     * registers them: the engine hands them to the analyzer with the resource.
     */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface EngineOptions {
    readonly accountId?: string;
    readonly partition?: string;
    /** Preview mode: computed outputs (ARNs, ids) stay unknown, as in `pulumi preview`. */
    readonly preview?: boolean;
    /**
     * Serialize the dynamic providers into `__provider`, as Pulumi does (default true); false
     * where nothing will run them (the offline plan, see unserializedProviders.ts).
     */
    readonly serializeProviders?: boolean;
    /**
     * Answer registrations in protobuf, exactly as the SDK's mock monitor does (default false: the
     * same answer as a plain object, see registration.ts). The benchmark of the program as
     * `pulumi preview` loads it sets it, since a real engine answers in protobuf.
     */
    readonly protobufAnswers?: boolean;
}

export const TEST_ACCOUNT_ID = "123456789012";

/** The URN an alias names, for a resource registered as `req` under `urn`. */
function aliasUrn(alias: AliasRequest, req: MonitorRequest, urn: string): string {
    const spec = alias.getSpec();
    if (!spec) return alias.getUrn();
    const [, , stack, project] = urn.split(/::|:/);
    const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
    const prefix = parent
        ? `${parent.slice(0, parent.lastIndexOf("::"))}$`
        : `urn:pulumi:${spec.getStack() || stack}::${spec.getProject() || project}::`;
    return `${prefix}${spec.getType() || req.getType()}::${spec.getName() || req.getName()}`;
}

/** Mocks that compute realistic outputs and fail on any invoke they do not know. */
export class OfflineEngine implements pulumi.runtime.Mocks {
    readonly accountId: string;
    readonly partition: string;
    readonly preview: boolean;
    private readonly protobufAnswers: boolean;
    private region = "us-east-1";
    /** Region of each explicit aws provider, by name: a resource's ARNs are in its provider's region. */
    private readonly providerRegions = new Map<string, string>();
    private readonly byKey = new Map<
        string,
        { inputs: Properties; state: Properties; id?: string }
    >();
    private readonly records: RecordedResource[] = [];
    /** Invokes made by the program, by token: a test can assert the program needs no others. */
    readonly invokes: string[] = [];
    /** Registrations that failed without a caller to tell (e.g. a provider that cannot be serialized). */
    private readonly failures: unknown[] = [];
    private readonly onUnhandled = (reason: unknown) => {
        this.failures.push(reason);
    };

    constructor(options: EngineOptions = {}) {
        this.accountId = options.accountId ?? TEST_ACCOUNT_ID;
        this.partition = options.partition ?? "aws";
        this.preview = options.preview ?? false;
        this.protobufAnswers = options.protobufAnswers ?? false;
    }

    /** Installs the mocks for one project and stack, with the given runtime config and its secret keys. */
    async install(
        project: string,
        stack: string,
        config: Record<string, string>,
        secretKeys: readonly string[] = [],
    ): Promise<void> {
        this.region = config["aws:region"] ?? this.region;
        process.on("unhandledRejection", this.onUnhandled);
        await pulumi.runtime.setMocks(this, project, stack, this.preview);
        pulumi.runtime.setAllConfig(config, [...secretKeys]);
        const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
        if (this.protobufAnswers) {
            const register = monitor.registerResource.bind(monitor);
            monitor.registerResource = (req, cb) => {
                // The mock monitor reads the inputs once; the record reuses what it read, as a
                // real engine's costs in the program's process hold no second read.
                const serialized = serializedInputs(req);
                const struct = { toJavaScript: () => serialized };
                register(
                    Object.assign(Object.create(req) as MonitorRequest, {
                        getObject: () => struct,
                    }),
                    (err, res) => {
                        if (!err && res)
                            this.record(req, (res as RegistrationAnswer).getUrn(), serialized);
                        cb(err, res);
                    },
                );
            };
            return;
        }
        monitor.registerResource = (req, cb) => {
            const serialized = serializedInputs(req);
            // Whatever fails, the mocks or the record, reaches the SDK as the registration's error
            // (as in the mock monitor), never a registration left pending.
            answerRegistration(monitor, req, serialized, args => this.newResource(args))
                .then(answer => {
                    this.record(req, answer.getUrn(), serialized);
                    return answer;
                })
                .then(
                    answer => cb(null, answer),
                    err => cb(err),
                );
        };
    }

    /**
     * Waits until every registration the program started has finished, and fails if any failed
     * silently: the Pulumi runtime reports such errors only as unhandled rejections.
     */
    async settle(): Promise<void> {
        // waitForRPCs is internal to the SDK (untyped, so required); it is the same wait `pulumi`
        // does before exiting.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const settings = require("@pulumi/pulumi/runtime/settings") as {
            waitForRPCs(): Promise<void>;
        };
        try {
            await settings.waitForRPCs();
            await new Promise(resolve => setImmediate(resolve));
        } finally {
            this.release();
        }
        if (this.failures.length > 0) {
            const first = this.failures[0] as Error;
            throw new Error(
                `${this.failures.length} registration(s) failed; first: ${first?.message ?? String(first)}`,
            );
        }
    }

    /**
     * Stops collecting unhandled rejections. `settle` does it; a build that fails before settling
     * must too, or the listener outlives it and swallows every later rejection in the process.
     */
    release(): void {
        process.off("unhandledRejection", this.onUnhandled);
    }

    get resources(): readonly RecordedResource[] {
        return this.records;
    }

    ofType(type: string): RecordedResource[] {
        return this.records.filter(r => r.type === type);
    }

    byName(name: string): RecordedResource {
        const found = this.records.filter(r => r.name === name);
        if (found.length !== 1)
            throw new Error(`expected one resource named ${name}, found ${found.length}`);
        return found[0];
    }

    childrenOf(parent: RecordedResource): RecordedResource[] {
        return this.records.filter(r => r.parent === parent.urn);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const id = args.custom === false ? undefined : `${args.name}-id`;
        if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string")
            this.providerRegions.set(args.name, args.inputs.region);
        const state = this.preview
            ? { ...args.inputs }
            : { ...args.inputs, ...awsOutputs(args, this.place(args)) };
        this.byKey.set(`${args.type}::${args.name}`, { inputs: args.inputs, state, id });
        return { id: this.preview ? undefined : id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Properties {
        this.invokes.push(args.token);
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    accountId: this.accountId,
                    arn: `arn:${this.partition}:iam::${this.accountId}:user/offline`,
                    userId: "AIDAOFFLINE",
                    id: this.accountId,
                };
            case "aws:index/getRegion:getRegion":
                return {
                    region: this.region,
                    name: this.region,
                    id: this.region,
                    endpoint: `ec2.${this.region}.amazonaws.com`,
                    description: this.region,
                };
            case "aws:index/getPartition:getPartition":
                return {
                    partition: this.partition,
                    dnsSuffix: "amazonaws.com",
                    reverseDnsPrefix: "com.amazonaws",
                    id: this.partition,
                };
            default:
                throw new Error(
                    `unmocked invoke ${args.token}: the offline engine only answers getCallerIdentity, getRegion and getPartition`,
                );
        }
    }

    /**
     * Where a resource is: the region of its explicit provider (by the provider's name, from its
     * reference `urn::id`), a dynamic resource's `region` input, else the stack's `aws:region`.
     */
    private place(args: pulumi.runtime.MockResourceArgs): Placement {
        const providerName = args.provider?.split("::").slice(-2, -1)[0];
        const fromProvider = providerName ? this.providerRegions.get(providerName) : undefined;
        const input = args.inputs.region;
        return {
            partition: this.partition,
            accountId: this.accountId,
            region: fromProvider ?? (typeof input === "string" ? input : this.region),
        };
    }

    private record(req: MonitorRequest, urn: string, serialized: Record<string, unknown>): void {
        const key = `${req.getType()}::${req.getName()}`;
        const seen = this.byKey.get(key) ?? { inputs: {}, state: {} };
        this.records.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || undefined,
            custom: req.getCustom(),
            inputs: seen.inputs,
            state: seen.state,
            id: seen.id,
            provider: req.getProvider() || undefined,
            secretInputs: Object.entries(serialized)
                .filter(([, v]) => holdsSecret(v))
                .map(([k]) => k),
            dependencies: req.getDependenciesList(),
            aliases: req.getAliasesList().map(a => aliasUrn(a, req, urn)),
            propertyDependencies: propertyDependenciesOf(req),
        });
    }
}

/** A registration's property dependencies, without the properties that depend on nothing. */
function propertyDependenciesOf(req: MonitorRequest): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        const urns = deps.getUrnsList();
        if (urns.length > 0) out[key] = [...urns];
    });
    return out;
}

/** Whether a serialized input holds a secret: the SDK wraps each in an object with this signature. */
function holdsSecret(value: unknown): boolean {
    if (!value || typeof value !== "object") return false;
    const sig = (value as Record<string, unknown>)[rpc.specialSigKey];
    return sig === rpc.specialSecretSig || Object.values(value).some(holdsSecret);
}

/** The inputs of a registration as the SDK serialized them. */
function serializedInputs(req: MonitorRequest): Record<string, unknown> {
    return req.getObject()?.toJavaScript() ?? {};
}
