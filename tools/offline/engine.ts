/**
 * An offline engine: runs the Pulumi program under the SDK's mocks (no CLI, no cloud) and records
 * every registered resource with its type, name, inputs, parent and dependencies. The offline
 * plan, the offline policy check, the benchmarks and the tests all build stacks through it.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { DYNAMIC_TYPES } from "../../components/facts";

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
}

export const TEST_ACCOUNT_ID = "123456789012";

interface MonitorRequest {
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getAliasesList(): AliasRequest[];
    getPropertydependenciesMap(): {
        forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void;
    };
}
type Monitor = {
    registerResource(
        req: MonitorRequest,
        cb: (err: unknown, res?: { getUrn(): string }) => void,
    ): unknown;
};

/** An alias as registered: a URN, or a spec whose blanks are the resource's own. */
interface AliasRequest {
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
        const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, cb) =>
            register(req, (err, res) => {
                if (!err && res) this.record(req, res.getUrn());
                cb(err, res);
            });
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
            : { ...args.inputs, ...this.computed(args) };
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

    private record(req: MonitorRequest, urn: string): void {
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
            secretInputs: Object.entries(req.getObject()?.toJavaScript() ?? {})
                .filter(([, v]) => holdsSecret(v))
                .map(([k]) => k),
            dependencies: req.getDependenciesList(),
            aliases: req.getAliasesList().map(a => aliasUrn(a, req, urn)),
            propertyDependencies: propertyDependenciesOf(req),
        });
    }

    /**
     * The region a resource is in: its explicit provider's (by the provider's name, from its
     * reference `urn::id`), a dynamic resource's `region` input, else the stack's `aws:region`.
     */
    private regionOf(args: pulumi.runtime.MockResourceArgs): string {
        const providerName = args.provider?.split("::").slice(-2, -1)[0];
        const fromProvider = providerName ? this.providerRegions.get(providerName) : undefined;
        const input = args.inputs.region;
        return fromProvider ?? (typeof input === "string" ? input : this.region);
    }

    /** Outputs AWS would compute: physical names for auto-named resources, ARNs, ids. */
    private computed(args: pulumi.runtime.MockResourceArgs): Properties {
        const { partition, accountId } = this;
        const region = this.regionOf(args);
        const suffix = createHash("sha1").update(args.name).digest("hex").slice(0, 7);
        const name: string = args.inputs.name ?? `${args.name}-${suffix}`;
        const arn = (service: string, resource: string, regional = true) =>
            `arn:${partition}:${service}:${regional ? region : ""}:${accountId}:${resource}`;
        switch (args.type) {
            case "aws:sns/topic:Topic":
                return { name, arn: arn("sns", name) };
            case "aws:sqs/queue:Queue":
                return {
                    name,
                    arn: arn("sqs", name),
                    url: `https://sqs.${region}.amazonaws.com/${accountId}/${name}`,
                };
            case "aws:iam/role:Role":
                return {
                    name,
                    arn: arn("iam", `role/${name}`, false),
                    uniqueId: `AROA${suffix.toUpperCase()}`,
                };
            case "aws:kms/key:Key":
                return { keyId: suffix, arn: arn("kms", `key/${suffix}`) };
            case "aws:kms/alias:Alias":
                return { arn: arn("kms", args.inputs.name ?? `alias/${name}`) };
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                return { name, arn: arn("cloudwatch", `alarm:${name}`) };
            // As the provider reports it: no trailing ":*" (policies add it for the log streams).
            case "aws:cloudwatch/logGroup:LogGroup":
                return { name, arn: arn("logs", `log-group:${name}`) };
            case "aws:cloudwatch/dashboard:Dashboard":
                return {
                    dashboardArn: arn(
                        "cloudwatch",
                        `dashboard/${args.inputs.dashboardName}`,
                        false,
                    ),
                };
            case "aws:lambda/function:Function":
                return {
                    name,
                    arn: arn("lambda", `function:${name}`),
                    invokeArn: arn("lambda", `function:${name}/invocations`),
                };
            case "aws:iot/thingGroup:ThingGroup":
                return { name, arn: arn("iot", `thinggroup/${name}`) };
            case "aws:iot/policy:Policy":
                return { name, arn: arn("iot", `policy/${name}`), defaultVersionId: "1" };
            case "aws:sns/topicSubscription:TopicSubscription":
                return { arn: `${args.inputs.topic}:${suffix}` };
            // Its `arn` is an input, the topic's: the provider reports it back unchanged.
            case "aws:sns/topicPolicy:TopicPolicy":
                return {};
            case DYNAMIC_TYPES.SecurityProfile:
                return {
                    arn: arn("iot", `securityprofile/${args.inputs.securityProfileName}`),
                    version: 1,
                };
            case DYNAMIC_TYPES.MitigationAction:
                return {
                    arn: arn("iot", `mitigationaction/${args.inputs.actionName}`),
                    actionId: suffix,
                };
            case DYNAMIC_TYPES.CustomMetric:
                return { arn: arn("iot", `custommetric/${args.inputs.metricName}`) };
            case DYNAMIC_TYPES.Dimension:
                return { arn: arn("iot", `dimension/${args.inputs.name}`) };
            case DYNAMIC_TYPES.AccountAudit:
                return {
                    accountId,
                    scheduledAuditArns: Object.fromEntries(
                        Object.keys(args.inputs.scheduledAudits ?? {}).map(n => [
                            n,
                            arn("iot", `scheduledaudit/${n}`),
                        ]),
                    ),
                };
            default:
                return args.custom === false
                    ? {}
                    : { arn: arn(args.type.split(":")[1]?.split("/")[0] ?? "unknown", name) };
        }
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
