/**
 * What decides whether `pulumi up` replaces a resource, recorded for a built stack: its URN (type,
 * parent types and logical name) and the URNs it aliases, the provider it is on, and its
 * physical-name inputs. A stack
 * whose record is unchanged updates in place at most: nothing is deleted, created or replaced.
 */
import * as fs from "fs";
import * as path from "path";
import { RecordedResource } from "../harness";

/** One resource as recorded: URN, its provider's URN (explicit providers only) and its names (custom resources only). */
export interface ResourceRecord {
    readonly urn: string;
    readonly provider?: string;
    /** Inputs whose change replaces it: physical names (`name`, `topicName`, ...) and `region`. */
    readonly names: Readonly<Record<string, unknown>>;
    /** URNs it had before (its aliases), when it moved: `pulumi up` moves it instead of replacing it. */
    readonly aliases?: readonly string[];
}

/** Inputs whose change replaces the resource: a physical name, or the region it is in. */
const NAME_INPUT = /^(name|namePrefix|[a-zA-Z]*Name|region)$/;

export function recordOf(resources: readonly RecordedResource[]): ResourceRecord[] {
    return resources
        .map(r => ({
            urn: r.urn,
            ...(r.provider ? { provider: r.provider.split("::").slice(0, -1).join("::") } : {}),
            // A component's arguments are not deployed: only a custom resource's inputs can replace it.
            names: Object.fromEntries(
                Object.entries(r.custom ? r.inputs : {})
                    .filter(([k, v]) => NAME_INPUT.test(k) && typeof v === "string")
                    .sort(([a], [b]) => a.localeCompare(b)),
            ),
            ...(r.aliases?.length ? { aliases: [...r.aliases].sort() } : {}),
        }))
        .sort((a, b) => a.urn.localeCompare(b.urn));
}

/** The recorded file of a stack (test/regions/recorded/<stack>.json). */
export const recordFile = (stack: string) => path.join(__dirname, "recorded", `${stack}.json`);

export function readRecord(stack: string): ResourceRecord[] {
    return JSON.parse(fs.readFileSync(recordFile(stack), "utf8")) as ResourceRecord[];
}

export function writeRecord(stack: string, record: readonly ResourceRecord[]): void {
    fs.writeFileSync(recordFile(stack), `${JSON.stringify(record, null, 4)}\n`);
}
