/**
 * What the CLI's specs run it with: the dev stack, deps without the Pulumi CLI, and the note it
 * prints about names derived from a stack file.
 */
import { CliDeps } from "../../tools/ops/cli";
import { stackSettings } from "../harness";
import { Harness } from "./fixture";

export const dev = stackSettings("dev");
/** The note on names derived from a stack file, for any stack (no Pulumi CLI here). */
export const NO_CLI_NOTE_START = "note: resource names derived from Pulumi.";

/** Deps without the Pulumi CLI (unless `extra` says otherwise); records the regions clients are made for. */
export function deps(h: Harness, extra: Partial<CliDeps> = {}): CliDeps & { regions: string[] } {
    const regions: string[] = [];
    return {
        out: h.ctx.out,
        err: h.ctx.err,
        now: h.ctx.now,
        sleep: h.ctx.sleep,
        clients: region => {
            regions.push(region);
            return h.clients;
        },
        outputs: () => ({ missing: "the Pulumi CLI is not installed" }),
        drill: () => ({
            logs: h.clients.logs,
            confirm: async () => false,
            onInterrupt: () => () => undefined,
        }),
        regions,
        ...extra,
    };
}
