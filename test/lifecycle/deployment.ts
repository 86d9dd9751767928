/**
 * The engine's part in a deployment of the stack's Device Defender resources: the dynamic resources
 * the program registered (recorded by the offline build, `__provider` included), driven through the
 * real dynamic-provider server in registration order (every resource registers after those whose
 * outputs it reads), deleted in reverse. The state it keeps is the engine's: per URN, the id, the
 * inputs last applied and the outputs.
 */
import { DYNAMIC_TYPE_PREFIX, DYNAMIC_TYPES } from "../../components/facts";
import { RecordedResource } from "../../tools/offline/engine";
import { DynamicProviderServer, Props, wireInputs } from "./providerServer";

const DYNAMIC: readonly string[] = Object.values(DYNAMIC_TYPES);

export interface StateEntry {
    readonly urn: string;
    readonly type: string;
    id: string;
    inputs: Props;
    outputs: Props;
}

export interface Step {
    readonly urn: string;
    readonly op: "create" | "update" | "same" | "delete" | "replace";
}

/**
 * The Device Defender resources of a build, in registration order. A resource registers only after
 * its dependencies, so registration order is a dependency order; it is checked anyway, since the
 * fake enforces it. A dynamic type missing from DYNAMIC_TYPES stops the run.
 */
export function dynamicResources(records: readonly RecordedResource[]): RecordedResource[] {
    const out: RecordedResource[] = [];
    for (const r of records) {
        if (!r.type.startsWith(DYNAMIC_TYPE_PREFIX)) continue;
        if (!DYNAMIC.includes(r.type))
            throw new Error(
                `${r.name}: dynamic type ${r.type} is not in DYNAMIC_TYPES (components/facts); allowed: ${DYNAMIC.join(", ")}`,
            );
        const later = r.dependencies.filter(
            d =>
                !out.some(o => o.urn === d) &&
                records.some(x => x.urn === d && DYNAMIC.includes(x.type)),
        );
        if (later.length > 0)
            throw new Error(
                `${r.name} registered before its dependencies ${later.join(", ")}: registration order is not a dependency order`,
            );
        out.push(r);
    }
    return out;
}

export class Deployment {
    readonly state = new Map<string, StateEntry>();
    constructor(private readonly server: DynamicProviderServer) {}

    /** `pulumi up`: Check and Diff each registered resource, then Create, Update or leave it; delete the rest. */
    async up(records: readonly RecordedResource[]): Promise<Step[]> {
        const steps: Step[] = [];
        const wanted = dynamicResources(records);
        for (const r of wanted) {
            const old = this.state.get(r.urn);
            const news = await this.server.check(
                r.urn,
                old?.inputs ?? {},
                await wireInputs(r.inputs),
            );
            if (!old) {
                const { id, outs } = await this.server.create(r.urn, news);
                this.state.set(r.urn, {
                    urn: r.urn,
                    type: r.type,
                    id,
                    inputs: news,
                    outputs: outs,
                });
                steps.push({ urn: r.urn, op: "create" });
                continue;
            }
            const diff = await this.server.diff(r.urn, old.id, old.outputs, news);
            if (diff.changes === "none") {
                steps.push({ urn: r.urn, op: "same" });
            } else if (diff.replaces.length > 0) {
                await this.server.delete(r.urn, old.id, old.outputs);
                const { id, outs } = await this.server.create(r.urn, news);
                this.state.set(r.urn, { ...old, id, inputs: news, outputs: outs });
                steps.push({ urn: r.urn, op: "replace" });
            } else {
                old.outputs = await this.server.update(r.urn, old.id, old.outputs, news);
                old.inputs = news;
                steps.push({ urn: r.urn, op: "update" });
            }
        }
        const keep = new Set(wanted.map(r => r.urn));
        for (const entry of [...this.state.values()].reverse()) {
            if (keep.has(entry.urn)) continue;
            await this.server.delete(entry.urn, entry.id, entry.outputs);
            this.state.delete(entry.urn);
            steps.push({ urn: entry.urn, op: "delete" });
        }
        return steps;
    }

    /** `pulumi preview`: Check and Diff only (values unknown in preview travel as the unknown sentinel). */
    async preview(records: readonly RecordedResource[]): Promise<Step[]> {
        const steps: Step[] = [];
        for (const r of dynamicResources(records)) {
            const old = this.state.get(r.urn);
            const news = await this.server.check(
                r.urn,
                old?.inputs ?? {},
                await wireInputs(r.inputs),
            );
            if (!old) steps.push({ urn: r.urn, op: "create" });
            else {
                const diff = await this.server.diff(r.urn, old.id, old.outputs, news);
                steps.push({ urn: r.urn, op: diff.changes === "none" ? "same" : "update" });
            }
        }
        return steps;
    }

    /** `pulumi refresh`: Read each resource; returns the URNs whose outputs changed. */
    async refresh(): Promise<string[]> {
        const changed: string[] = [];
        for (const entry of this.state.values()) {
            const { id, outs } = await this.server.read(
                entry.urn,
                entry.id,
                entry.outputs,
                entry.inputs,
            );
            if (JSON.stringify(outs) !== JSON.stringify(entry.outputs)) changed.push(entry.urn);
            entry.id = id;
            entry.outputs = outs;
        }
        return changed;
    }

    /** `pulumi destroy`: Delete in reverse order. */
    async destroy(): Promise<void> {
        for (const entry of [...this.state.values()].reverse()) {
            await this.server.delete(entry.urn, entry.id, entry.outputs);
            this.state.delete(entry.urn);
        }
    }
}
