/**
 * A Pulumi plugin process started as the CLI starts one: `node <script> <args>`, which serves gRPC
 * on 127.0.0.1 and prints its port on stdout. The policy check (the analyzer) and the lifecycle
 * specs (the dynamic-provider server) start theirs through it.
 */
import { ChildProcess, spawn } from "child_process";

export interface PluginProcess {
    readonly child: ChildProcess;
    readonly port: number;
    /** What the plugin wrote on stderr so far (its errors). */
    stderr(): string;
}

/** Starts the plugin and resolves once it has printed its port; rejects if it exits first. */
export async function startPlugin(
    script: string,
    args: readonly string[],
    options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<PluginProcess> {
    const child = spawn(process.execPath, [script, ...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", d => (stderr += d));
    const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", d => {
            out += d;
            const line = /^(\d+)\s*$/m.exec(out);
            if (line) resolve(Number(line[1]));
        });
        child.on("exit", code =>
            reject(new Error(`${script} exited (${code}) before serving:\n${out}${stderr}`)),
        );
    });
    // The plugin must not keep the process that started it alive.
    child.unref();
    (child.stdout as unknown as { unref?(): void }).unref?.();
    (child.stderr as unknown as { unref?(): void }).unref?.();
    return { child, port, stderr: () => stderr };
}
