/** The machine, versions and commit the figures were measured on (written with the results). */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { round } from "./figures";
import { ROOT } from "./sampleProcess";

export function machine() {
    const cpus = os.cpus();
    const version = (pkg: string) =>
        (
            JSON.parse(
                fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8"),
            ) as { version: string }
        ).version;
    const git = (...args: string[]) =>
        spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim();
    let commit: string | undefined;
    try {
        commit = git("rev-parse", "--short", "HEAD") || undefined;
        // Changes not yet committed make the figures those of no commit: say so.
        if (commit && git("status", "--porcelain", "--untracked-files=no"))
            commit += "+uncommitted";
    } catch {
        /* not a checkout */
    }
    return {
        cpuModel: cpus[0]?.model ?? "unknown",
        cores: cpus.length,
        memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
        freeMemoryGiB: round(os.freemem() / 1024 ** 3, 1),
        loadAverage1m: round(os.loadavg()[0], 2),
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        pulumi: version("@pulumi/pulumi"),
        pulumiAws: version("@pulumi/aws"),
        commit,
    };
}
