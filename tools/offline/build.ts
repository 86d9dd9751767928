/** Builds one stack offline, from its `Pulumi.<stack>.yaml`, through the program's own entry points. */
import { loadSettings, Settings } from "../../components/config/load";
import { readStackConfig } from "../../components/config/stackFile";
import { buildStack, StackOutputs } from "../../components/stack";
import { withoutStackTraces } from "../../components/traces";
import { EngineOptions, OfflineEngine } from "./engine";
import { readOutputs } from "./outputs";
import { skipProviderSerialization } from "./unserializedProviders";

export interface OfflineBuild {
    readonly engine: OfflineEngine;
    readonly settings: Settings;
    /** The stack's exports, resolved; unknown ones (preview) are shown as UNKNOWN. */
    readonly outputs: Record<string, unknown>;
}

export interface BuildOptions extends EngineOptions {
    /** Changes to the stack file's config (runtime strings; JSON for structure), for tests and benchmarks. */
    readonly edit?: (values: Record<string, string>) => void;
    /** Folder holding Pulumi.yaml (default: this project). */
    readonly root?: string;
    /** Registers more resources beside the stack's, before the build settles (benchmark layouts). */
    readonly extend?: (settings: Settings, outputs: StackOutputs) => void;
}

/** Loads and validates the stack's settings (throws ConfigError), builds it and waits for every registration. */
export function buildOffline(stack: string, options: BuildOptions = {}): Promise<OfflineBuild> {
    // No stack traces for the whole build, registrations included (the SDK formats one for each of
    // its promises); errors keep their messages, DEBUG keeps everything.
    return withoutStackTraces(() => build(stack, options));
}

async function build(stack: string, options: BuildOptions): Promise<OfflineBuild> {
    const file = readStackConfig(stack, options.root);
    const values = { ...file.values };
    options.edit?.(values);
    const engine = new OfflineEngine(options);
    let restore: (() => void) | undefined;
    try {
        await engine.install(file.project, stack, values, file.secretKeys);
        if (options.serializeProviders === false) restore = skipProviderSerialization();
        const settings = loadSettings();
        const built = buildStack(settings);
        options.extend?.(settings, built);
        const outputs = await readOutputs(built);
        await engine.settle();
        return { engine, settings, outputs };
    } finally {
        engine.release();
        restore?.();
    }
}
