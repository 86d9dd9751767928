/**
 * The AWS IoT API model, trimmed to what the project calls: the operations whose commands the
 * providers import (components/iot, components/aws) and every shape they reach, without the
 * documentation. The HTTP fake validates requests against this copy (test/fakes/iot-api-model.json),
 * so the project never reads ../shared at run time.
 *
 *   npx ts-node --transpile-only test/fakes/trimIotModel.ts [<source model>]
 *
 * test/fakes/iotHttp.spec.ts proves the copy equals the source's shapes when the source is present.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
/** The source model, in a `shared/reference/` beside the project (or beside its worktrees' folder), if any. */
export const SOURCE_MODEL = [path.join(ROOT, ".."), path.join(ROOT, "..", "..")]
    .map(dir => path.join(dir, "shared", "reference", "aws-iot-api-model.json"))
    .find(file => fs.existsSync(file));
export const TRIMMED_MODEL = path.join(__dirname, "iot-api-model.json");

/** A botocore-style model: operations and shapes (other keys are dropped by the trim). */
export interface ApiModel {
    metadata: Record<string, unknown>;
    operations: Record<string, Record<string, unknown>>;
    shapes: Record<string, Record<string, unknown>>;
}

function sourcesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sourcesUnder(p) : p.endsWith(".ts") ? [p] : [];
    });
}

/** The providers' sources (components/iot, components/aws). */
export function providerSources(root = ROOT): string[] {
    return ["components/iot", "components/aws"].flatMap(dir => sourcesUnder(path.join(root, dir)));
}

/** The IoT operations the providers call: every `<Operation>Command` their sources take from the IoT client (`iotSdk()`, components/aws/sdk.ts). */
export function usedOperations(root = ROOT): string[] {
    const names = new Set<string>();
    for (const file of providerSources(root))
        for (const m of fs
            .readFileSync(file, "utf8")
            .matchAll(/\biotSdk\(\)\.([A-Z][A-Za-z0-9]+)Command\b/g))
            names.add(m[1]);
    return [...names].sort();
}

/** Drops documentation, recursively. */
function bare<T>(value: T): T {
    if (Array.isArray(value)) return value.map(bare) as T;
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value)
            .filter(([k]) => k !== "documentation")
            .map(([k, v]) => [k, bare(v)]),
    ) as T;
}

/** Shape names a shape refers to (members, list members, map keys and values). */
function refs(shape: Record<string, unknown>): string[] {
    const out: string[] = [];
    const take = (r: unknown) => {
        const name = (r as { shape?: string } | undefined)?.shape;
        if (name) out.push(name);
    };
    for (const m of Object.values((shape.members ?? {}) as Record<string, unknown>)) take(m);
    take(shape.member);
    take(shape.key);
    take(shape.value);
    return out;
}

/** The model with only `operations` and the shapes they reach (inputs, outputs, errors). */
export function trimModel(source: ApiModel, operations: readonly string[]): ApiModel {
    const ops: ApiModel["operations"] = {};
    const shapes: ApiModel["shapes"] = {};
    const queue: string[] = [];
    for (const name of operations) {
        const op = source.operations[name];
        if (!op) throw new Error(`the IoT API model has no operation ${name}`);
        ops[name] = bare(op);
        for (const k of ["input", "output"]) queue.push(...refs({ member: op[k] }));
        for (const e of (op.errors ?? []) as { shape: string }[]) queue.push(e.shape);
    }
    while (queue.length > 0) {
        const name = queue.pop()!;
        if (shapes[name]) continue;
        shapes[name] = bare(source.shapes[name]);
        queue.push(...refs(shapes[name]));
    }
    const sorted = Object.fromEntries(
        Object.keys(shapes)
            .sort()
            .map(k => [k, shapes[k]]),
    );
    return { metadata: bare(source.metadata), operations: ops, shapes: sorted };
}

if (require.main === module) {
    const file = process.argv[2] ?? SOURCE_MODEL;
    if (!file) throw new Error("no source model: pass its path");
    const source = JSON.parse(fs.readFileSync(file, "utf8")) as ApiModel;
    const trimmed = trimModel(source, usedOperations());
    fs.writeFileSync(TRIMMED_MODEL, `${JSON.stringify(trimmed, null, 2)}\n`);
    console.log(
        `${TRIMMED_MODEL}: ${Object.keys(trimmed.operations).length} operations, ${Object.keys(trimmed.shapes).length} shapes`,
    );
}
