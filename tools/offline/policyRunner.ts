/**
 * The CrossGuard pack under the real analyzer: starts the pack as the Pulumi CLI does
 * (`@pulumi/pulumi`'s `cmd/run-policy-pack` on policies/, which serves `@pulumi/policy`'s analyzer
 * over gRPC and prints its port), then plays the engine's part: `GetAnalyzerInfo`, `Configure`
 * with the reconciled policy pack config, `Analyze` for each recorded resource (its inputs, as the
 * engine marshals them: unknowns as the unknown sentinel, secrets wrapped) and `AnalyzeStack` with
 * every resource's outputs, dependencies and property dependencies. Enforcement levels, "not applicable" and "can't run during preview"
 * come from the library's diagnostics.
 */
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { ChildProcess } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";
import { PROJECT_ROOT } from "../../components/config/stackFile";
import { RecordedResource } from "./engine";
import { startPlugin } from "./plugin";
import {
    EnforcementLevel,
    PackConfigFile,
    PolicyDescription,
    resolvePolicies,
    ResolvedPolicy,
} from "./policyConfig";

/** The engine's unknown sentinel (what the CLI sends for values not known during preview). */
export const UNKNOWN_SENTINEL = rpc.unknownValue;

const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    [proto.EnforcementLevel.ADVISORY]: "advisory",
    [proto.EnforcementLevel.MANDATORY]: "mandatory",
    [proto.EnforcementLevel.REMEDIATE]: "remediate",
    [proto.EnforcementLevel.DISABLED]: "disabled",
};
const LEVEL_CODES = Object.fromEntries(
    Object.entries(LEVEL_NAMES).map(([code, name]) => [name, Number(code)]),
) as Record<EnforcementLevel, proto.EnforcementLevel>;

export interface Finding {
    readonly level: "mandatory" | "advisory";
    readonly policy: string;
    readonly type: string;
    readonly name: string;
    readonly urn?: string;
    readonly message: string;
    /** The policy could not run on a value unknown during preview (the server's advisory note). */
    readonly unknown?: boolean;
}

export interface PolicyRunResult {
    readonly findings: Finding[];
    readonly notApplicable: { policy: string; urn?: string; reason?: string }[];
    readonly policies: ResolvedPolicy[];
    readonly resources: number;
}

export interface EvaluateOptions {
    readonly config?: PackConfigFile;
    readonly preview?: boolean;
    readonly stack?: string;
}

/** Calls a unary method of the client as a promise. */
function call<Req, Res>(
    method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown,
    req: Req,
): Promise<Res> {
    return new Promise((resolve, reject) =>
        method(req, (e, r) =>
            e ? reject(new Error(`analyzer: ${e.details || e.message}`)) : resolve(r),
        ),
    );
}

/** A value as the engine puts it on the wire: unknowns as the sentinel, secrets and assets in their wrappers. */
async function wire(values: Record<string, unknown>): Promise<Struct> {
    return Struct.fromJavaScript(
        (await rpc.serializeProperties("analyzer", values)) as Record<string, never>,
    );
}

/**
 * A resource's outputs, as the engine hands them to `AnalyzeStack`. In preview, computed outputs
 * are unknown: the offline engine leaves them out, so `id`, `arn` and an auto-generated `name` go
 * back in as unknowns. After an update, outputs carry `id` (as bridged providers report it).
 */
function outputs(r: RecordedResource, preview: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { ...r.state };
    if (!r.custom || r.type.startsWith("pulumi:providers:")) return out;
    if (preview) {
        for (const k of ["id", "arn", "name"]) if (!(k in out)) out[k] = UNKNOWN_SENTINEL;
    } else if (r.id !== undefined && !("id" in out)) out.id = r.id;
    return out;
}

function options(r: RecordedResource): proto.AnalyzerResourceOptions {
    const opts = new proto.AnalyzerResourceOptions();
    if (r.parent) opts.setParent(r.parent);
    return opts;
}

async function providerOf(
    r: RecordedResource,
    byUrn: Map<string, RecordedResource>,
): Promise<proto.AnalyzerProviderResource | undefined> {
    const p = r.provider ? byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined;
    if (!p) return undefined;
    const provider = new proto.AnalyzerProviderResource();
    provider.setType(p.type).setUrn(p.urn).setName(p.name);
    return provider.setProperties(await wire(p.inputs));
}

/** The pack's analyzer server, started as the CLI starts it, and a client to it. */
export class PolicyAnalyzer {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: AnalyzerClient,
    ) {}

    /** Starts `run-policy-pack` on the pack folder and connects to the port it prints. */
    static async start(packDir = path.join(PROJECT_ROOT, "policies")): Promise<PolicyAnalyzer> {
        // Resolved from the pack, as the CLI's policy plugin does: policies/node_modules once
        // `(cd policies && npm ci)` ran, else the project's (the same pinned versions).
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        // The CLI passes the engine's address first; the pack never calls the engine.
        const { child, port } = await startPlugin(runner, ["127.0.0.1:0", "."], { cwd: packDir });
        const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return new PolicyAnalyzer(child, client);
    }

    /** The pack's policies, as `GetAnalyzerInfo` describes them. */
    async policies(): Promise<PolicyDescription[]> {
        const info = await call<Empty, proto.AnalyzerInfo>(
            this.client.getAnalyzerInfo.bind(this.client),
            new Empty(),
        );
        return info.getPoliciesList().map(p => {
            const schema = p.getConfigschema();
            return {
                name: p.getName(),
                enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
                configSchema: schema && {
                    properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                        string,
                        unknown
                    >,
                    required: schema.getRequiredList(),
                },
            };
        });
    }

    /** Reconciles the config file with the pack (as the CLI does) and sends it with `Configure`. */
    async configure(file: PackConfigFile = {}): Promise<ResolvedPolicy[]> {
        const resolved = resolvePolicies(await this.policies(), file);
        const req = new proto.ConfigureAnalyzerRequest();
        for (const r of resolved) {
            const config = new proto.PolicyConfig();
            config.setEnforcementlevel(LEVEL_CODES[r.level]);
            config.setProperties(Struct.fromJavaScript(r.config as Record<string, never>));
            req.getPolicyconfigMap().set(r.name, config);
        }
        await call(this.client.configure.bind(this.client), req);
        return resolved;
    }

    /** Configures the pack, analyzes every resource, then the stack; returns what the analyzer reported. */
    async evaluate(
        records: readonly RecordedResource[],
        opts: EvaluateOptions = {},
    ): Promise<PolicyRunResult> {
        const policies = await this.configure(opts.config);
        const preview = opts.preview ?? false;
        const byUrn = new Map(records.map(r => [r.urn, r]));
        const stackName =
            opts.stack ?? records[0]?.urn.split("::")[0].replace(/^urn:pulumi:/, "") ?? "stack";
        const result: PolicyRunResult = {
            findings: [],
            notApplicable: [],
            policies,
            resources: records.length,
        };
        const collect = (res: proto.AnalyzeResponse, at?: RecordedResource) => {
            for (const d of res.getDiagnosticsList()) {
                const rec = at ?? byUrn.get(d.getUrn());
                const message = d.getMessage();
                const description = `${d.getDescription()}\n`;
                result.findings.push({
                    level:
                        LEVEL_NAMES[d.getEnforcementlevel()] === "mandatory"
                            ? "mandatory"
                            : "advisory",
                    policy: d.getPolicyname(),
                    type: rec?.type ?? "pulumi:pulumi:Stack",
                    name: rec?.name ?? stackName,
                    urn: at?.urn ?? (d.getUrn() || undefined),
                    // The server prefixes the policy's description; the message alone says what is wrong.
                    message: message.startsWith(description)
                        ? message.slice(description.length)
                        : message,
                    ...(/^can't run policy .* during preview: /.test(message)
                        ? { unknown: true }
                        : {}),
                });
            }
            for (const n of res.getNotApplicableList())
                result.notApplicable.push({
                    policy: n.getPolicyName(),
                    urn: at?.urn,
                    reason: n.getReason(),
                });
        };
        for (const r of records) {
            const req = new proto.AnalyzeRequest();
            req.setType(r.type).setUrn(r.urn).setName(r.name).setOptions(options(r));
            req.setProperties(await wire(r.inputs));
            const provider = await providerOf(r, byUrn);
            if (provider) req.setProvider(provider);
            collect(await call(this.client.analyze.bind(this.client), req), r);
        }
        const stack = new proto.AnalyzeStackRequest();
        for (const r of records) {
            const res = new proto.AnalyzerResource();
            res.setType(r.type).setUrn(r.urn).setName(r.name).setOptions(options(r));
            res.setProperties(await wire(outputs(r, preview)));
            if (r.parent) res.setParent(r.parent);
            res.setDependenciesList([...r.dependencies]);
            // As the engine sends them (only to AnalyzeStack): what each property depends on.
            for (const [key, urns] of Object.entries(r.propertyDependencies))
                res.getPropertydependenciesMap().set(
                    key,
                    new proto.AnalyzerPropertyDependencies().setUrnsList([...urns]),
                );
            const provider = await providerOf(r, byUrn);
            if (provider) res.setProvider(provider);
            stack.addResources(res);
        }
        collect(await call(this.client.analyzeStack.bind(this.client), stack));
        return result;
    }

    close(): void {
        this.client.close();
        if (this.child.exitCode === null) this.child.kill();
    }
}

let shared: Promise<PolicyAnalyzer> | undefined;

/** One analyzer for the whole process (starting one type-checks the pack: seconds), closed at exit. */
export function sharedAnalyzer(): Promise<PolicyAnalyzer> {
    if (!shared) {
        shared = PolicyAnalyzer.start();
        shared.then(
            a => process.once("exit", () => a.close()),
            () => undefined,
        );
    }
    return shared;
}

/** Runs the pack over recorded resources under the shared analyzer. */
export async function evaluate(
    records: readonly RecordedResource[],
    opts: EvaluateOptions = {},
): Promise<PolicyRunResult> {
    return (await sharedAnalyzer()).evaluate(records, opts);
}

export function formatFinding(f: Finding): string {
    return `[${f.level}] ${f.policy} ${f.type} ${f.name}: ${f.message}`;
}

export function summary(stack: string, result: PolicyRunResult, preview: boolean): string {
    const mandatory = result.findings.filter(f => f.level === "mandatory").length;
    const advisory = result.findings.filter(f => f.level === "advisory" && !f.unknown).length;
    const unknown = result.findings.filter(f => f.unknown).length;
    const enabled = result.policies.filter(p => p.level !== "disabled").length;
    return (
        `policy check ${stack}${preview ? " (preview)" : ""}: ${result.resources} resources, ${enabled} policies: ` +
        `${mandatory} mandatory, ${advisory} advisory violation(s)` +
        (unknown > 0 ? `, ${unknown} check(s) not run on values unknown during preview` : "") +
        (mandatory > 0 ? " - FAILED" : " - passed")
    );
}
