/**
 * A fresh process for the specs of `components/iot/dynamicResource.ts`, run through the project's
 * loader as Pulumi runs the program (`node -r ./loader/register.js`), printing JSON:
 *
 * - `build sdk|cached`: builds dev, prod and multi offline (preview), and the dynamic resources
 *   none of them deploys, recording each registration request as the SDK hands it to the engine
 *   (by type and name); `sdk` first puts `pulumi.dynamic.Resource` itself
 *   where the project's classes find `DynamicResource`. Then it serializes anew every provider the
 *   project's modules export (`after`).
 * - `fresh <file>#<export>...`: requires each module in turn and serializes its provider at once,
 *   before anything else is loaded and before any stack is built.
 */
import * as pulumi from "@pulumi/pulumi";
import { Module } from "module";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..");
const SERIALIZER = require.resolve("@pulumi/pulumi/runtime/closure/serializeClosure");

export const STACKS = ["dev", "prod", "multi"];

/** A provider as a module of the project exports it. */
export interface ExportedProvider {
    readonly file: string;
    readonly name: string;
    readonly text: string;
}

export interface BuildReport {
    /** Each stack's registration requests (`RegisterResourceRequest.toObject()`), by type and name. */
    readonly requests: Record<string, unknown[]>;
    /** How many times the SDK's closure serializer ran while the stacks were built. */
    readonly serializations: number;
    /** Every provider the project's modules export, serialized anew after the builds. */
    readonly after: ExportedProvider[];
}

type Provider = pulumi.dynamic.ResourceProvider;

/** The SDK's serialization of a provider, called as `@pulumi/pulumi/dynamic` calls it. */
async function serialize(provider: Provider): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const closure = require(SERIALIZER) as { serializeFunction: Serializer };
    return (await closure.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** Puts the SDK's class where the project's dynamic resources import their base from. */
function useSdkClass(): void {
    const id = require.resolve("../../../components/iot/dynamicResource");
    const stand = new Module(id);
    stand.filename = id;
    stand.loaded = true;
    stand.exports = { DynamicResource: pulumi.dynamic.Resource };
    require.cache[id] = stand;
}

type Serializer = (f: () => unknown, a: { allowSecrets: boolean }) => Promise<{ text: string }>;

/** Counts the calls of the SDK's closure serializer from now on. */
function countSerializations(): () => number {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const closure = require(SERIALIZER) as { serializeFunction: Serializer };
    const serializeFunction = closure.serializeFunction;
    let calls = 0;
    closure.serializeFunction = (f, a) => {
        calls++;
        return serializeFunction(f, a);
    };
    return () => calls;
}

interface Request {
    toObject(): { type: string; name: string };
}

/** The dynamic resources no sample stack deploys, one of each (registered only: the mocks check nothing). */
function buildUndeployed(): void {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { CustomMetric } = require("../../../components/iot/customMetric");
    const { Dimension } = require("../../../components/iot/dimension");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const region = "us-east-1";
    const tags = [{ Key: "Owner", Value: "spec" }];
    new CustomMetric("spec-metric", {
        region,
        metricName: "temperature",
        metricType: "number",
        tags,
    });
    new Dimension("spec-dimension", {
        region,
        name: "telemetry",
        type: "TOPIC_FILTER",
        stringValues: ["device/+/telemetry"],
        tags,
    });
}

/** Runs one build on a stack's config as `pulumi preview` would, recording the registration requests. */
async function buildRecording(stack: string, build: () => void): Promise<unknown[]> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { readStackConfig } = require("../../../components/config/stackFile");
    const { OfflineEngine } = require("../../../tools/offline/engine");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const file = readStackConfig(stack);
    const engine = new OfflineEngine({ preview: true });
    await engine.install(file.project, stack, { ...file.values }, file.secretKeys);
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: Request, cb: unknown): unknown;
    };
    const requests: { type: string; name: string }[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        requests.push(req.toObject());
        return register(req, cb);
    };
    build();
    await engine.settle();
    return requests.sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** The stack's own build: the program's. */
function buildProgram(): void {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadSettings } = require("../../../components/config/load");
    const { buildStack } = require("../../../components/stack");
    /* eslint-enable @typescript-eslint/no-require-imports */
    buildStack(loadSettings());
}

/** Every provider exported by a loaded module of the project, once, by file and export name. */
function exportedProviders(): { file: string; name: string; provider: Provider }[] {
    const found = new Map<Provider, { file: string; name: string; provider: Provider }>();
    for (const [file, loaded] of Object.entries(require.cache)) {
        const rel = path.relative(ROOT, file);
        if (!rel.startsWith(`components${path.sep}`) || !loaded) continue;
        for (const [name, value] of Object.entries<unknown>(loaded.exports ?? {})) {
            if (typeof value !== "object" || value === null) continue;
            const provider = value as Provider;
            if (typeof provider.create === "function" && !found.has(provider))
                found.set(provider, { file: rel, name, provider });
        }
    }
    return [...found.values()].sort((a, b) =>
        `${a.file}#${a.name}`.localeCompare(`${b.file}#${b.name}`),
    );
}

async function build(mode: string): Promise<BuildReport> {
    if (mode === "sdk") useSdkClass();
    const serializations = countSerializations();
    const requests: Record<string, unknown[]> = {};
    for (const stack of STACKS) requests[stack] = await buildRecording(stack, buildProgram);
    requests.undeployed = await buildRecording("dev", buildUndeployed);
    const duringBuilds = serializations();
    const after: ExportedProvider[] = [];
    for (const { file, name, provider } of exportedProviders())
        after.push({ file, name, text: await serialize(provider) });
    return { requests, serializations: duringBuilds, after };
}

async function fresh(providers: string[]): Promise<ExportedProvider[]> {
    const texts: ExportedProvider[] = [];
    for (const entry of providers) {
        const [file, name] = entry.split("#");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const provider = require(path.join(ROOT, file))[name] as Provider;
        texts.push({ file, name, text: await serialize(provider) });
    }
    return texts;
}

if (require.main === module) {
    const [command, ...args] = process.argv.slice(2);
    const work = command === "build" ? build(args[0]) : fresh(args);
    work.then(
        result => process.stdout.write(JSON.stringify(result), () => process.exit(0)),
        (err: unknown) => {
            console.error(err);
            process.exit(1);
        },
    );
}
