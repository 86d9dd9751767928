/**
 * The dynamic-provider server as the Pulumi engine runs it: `@pulumi/pulumi`'s `cmd/dynamic-provider`
 * started with the engine's address, printing the port it serves `ResourceProvider` on over gRPC.
 * The harness plays the engine: `Configure`, then Check, Diff, Create, Read, Update and Delete with
 * properties marshalled as the engine does for a provider that does not accept secrets (secret values
 * plain, unknowns as the unknown sentinel in preview); the `__provider` travels in the properties.
 * The server process gets fake AWS credentials and `AWS_ENDPOINT_URL_IOT`, so the real
 * `@aws-sdk/client-iot` inside the providers sends its requests to a local endpoint.
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { ChildProcess } from "child_process";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PROJECT_ROOT } from "../../components/config/stackFile";
import { startPlugin } from "../../tools/offline/plugin";

export type Props = Record<string, unknown>;

/** Values as the engine sends them to a provider that does not accept secrets: secret wrappers unwrapped. */
export function plain(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(plain);
    if (v === null || typeof v !== "object") return v;
    const o = v as Props;
    if (o[rpc.specialSigKey] === rpc.specialSecretSig) return plain(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
}

/** Registered inputs (as the offline engine recorded them) on the wire, as the engine sends them. */
export async function wireInputs(inputs: Props): Promise<Props> {
    return plain(await rpc.serializeProperties("lifecycle", inputs)) as Props;
}

const struct = (p: Props) => Struct.fromJavaScript(p as Record<string, never>);

function call<Req, Res>(
    method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown,
    req: Req,
): Promise<Res> {
    return new Promise((resolve, reject) =>
        method(req, (e, r) => (e ? reject(new Error(e.details || e.message)) : resolve(r))),
    );
}

export interface DiffResult {
    readonly changes: "none" | "some" | "unknown";
    readonly replaces: string[];
}

export class DynamicProviderServer {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: ResourceProviderClient,
        readonly stderr: () => string,
    ) {}

    /**
     * Starts the server in the project (as the CLI runs the nodejs provider plugin) against
     * `endpoint`, and configures it with the stack config, as the host does (every key, namespaced).
     */
    static async start(
        endpoint: string,
        stackConfig: Record<string, string>,
    ): Promise<DynamicProviderServer> {
        const server = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
        const { child, port, stderr } = await startPlugin(server, ["127.0.0.1:0"], {
            cwd: PROJECT_ROOT,
            env: {
                PATH: process.env.PATH,
                HOME: process.env.HOME,
                AWS_ENDPOINT_URL_IOT: endpoint,
                AWS_ENDPOINT_URL_STS: endpoint,
                AWS_REGION: stackConfig["aws:region"],
                // Fake credentials: requests are signed, and reach only the local endpoint.
                AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
                AWS_SECRET_ACCESS_KEY: "fake-secret-access-key",
                AWS_EC2_METADATA_DISABLED: "true",
            },
        });
        const client = new ResourceProviderClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
        );
        const s = new DynamicProviderServer(child, client, stderr);
        const configure = new proto.ConfigureRequest();
        configure.setArgs(struct(stackConfig));
        configure.setAcceptsecrets(true);
        await call(client.configure.bind(client), configure);
        return s;
    }

    async check(urn: string, olds: Props, news: Props): Promise<Props> {
        const req = new proto.CheckRequest();
        req.setUrn(urn).setOlds(struct(olds)).setNews(struct(news));
        const res = await call<proto.CheckRequest, proto.CheckResponse>(
            this.client.check.bind(this.client),
            req,
        );
        const failures = res.getFailuresList().map(f => `${f.getProperty()}: ${f.getReason()}`);
        if (failures.length > 0) throw new Error(`check failed: ${failures.join("; ")}`);
        return res.getInputs()!.toJavaScript() as Props;
    }

    async diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffResult> {
        const req = new proto.DiffRequest();
        req.setUrn(urn).setId(id).setOlds(struct(olds)).setNews(struct(news));
        const res = await call<proto.DiffRequest, proto.DiffResponse>(
            this.client.diff.bind(this.client),
            req,
        );
        const C = proto.DiffResponse.DiffChanges;
        const changes = res.getChanges();
        return {
            changes:
                changes === C.DIFF_NONE ? "none" : changes === C.DIFF_SOME ? "some" : "unknown",
            replaces: res.getReplacesList(),
        };
    }

    async create(urn: string, props: Props): Promise<{ id: string; outs: Props }> {
        const req = new proto.CreateRequest();
        req.setUrn(urn).setProperties(struct(props));
        const res = await call<proto.CreateRequest, proto.CreateResponse>(
            this.client.create.bind(this.client),
            req,
        );
        return { id: res.getId(), outs: res.getProperties()!.toJavaScript() as Props };
    }

    async read(
        urn: string,
        id: string,
        props: Props,
        inputs: Props,
    ): Promise<{ id: string; outs: Props }> {
        const req = new proto.ReadRequest();
        req.setUrn(urn).setId(id).setProperties(struct(props)).setInputs(struct(inputs));
        const res = await call<proto.ReadRequest, proto.ReadResponse>(
            this.client.read.bind(this.client),
            req,
        );
        return { id: res.getId(), outs: (res.getProperties()?.toJavaScript() ?? {}) as Props };
    }

    async update(urn: string, id: string, olds: Props, news: Props): Promise<Props> {
        const req = new proto.UpdateRequest();
        req.setUrn(urn).setId(id).setOlds(struct(olds)).setNews(struct(news));
        const res = await call<proto.UpdateRequest, proto.UpdateResponse>(
            this.client.update.bind(this.client),
            req,
        );
        return res.getProperties()!.toJavaScript() as Props;
    }

    async delete(urn: string, id: string, props: Props): Promise<void> {
        const req = new proto.DeleteRequest();
        req.setUrn(urn).setId(id).setProperties(struct(props));
        await call(this.client.delete.bind(this.client), req);
    }

    close(): void {
        this.client.close();
        if (this.child.exitCode === null) this.child.kill();
    }
}
