/**
 * Reads a stack's configuration straight from `Pulumi.yaml` and `Pulumi.<stack>.yaml`, applying
 * the project's config defaults as the CLI would. Used where there is no Pulumi CLI: the offline
 * plan and check, the ops commands and the tests.
 */
import * as fs from "fs";
import * as path from "path";
import { withoutSecureValues } from "./secrets";
import { parseYamlText } from "./yamlText";

/** The project root (the folder holding Pulumi.yaml). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    /** Config as the Pulumi runtime stores it: `namespace:key` -> string (JSON for structure). */
    readonly values: Record<string, string>;
    readonly source: string;
    /** Keys holding a `secure:` value; offline, each such value is a placeholder (config/secrets.ts). */
    readonly secretKeys: readonly string[];
}

interface ProjectFile {
    name: string;
    config?: Record<string, { default?: unknown; value?: unknown } | unknown>;
}

/** Stack names that have a `Pulumi.<stack>.yaml` in the project. */
export function stackNames(root = PROJECT_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map(f => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

/** A YAML file's content; a syntax error names the file. */
function parseYaml(file: string): unknown {
    try {
        return parseYamlText(fs.readFileSync(file, "utf8"));
    } catch (err) {
        if ((err as { code?: string }).code === "ENOENT") throw err;
        throw new Error(`${path.basename(file)}: ${(err as Error).message}`);
    }
}

export function readStackConfig(stack: string, root = PROJECT_ROOT): StackConfig {
    const project = parseYaml(path.join(root, "Pulumi.yaml")) as ProjectFile;
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new Error(
            `No stack file ${path.basename(file)}; stacks here: ${stackNames(root).join(", ") || "none"}`,
        );
    }
    const stackFile = (parseYaml(file) ?? {}) as { config?: Record<string, unknown> };
    const values: Record<string, string> = {};
    // Project-level defaults (`key: {default: ...}` for project keys, `key: {value: ...}` for provider keys).
    for (const [key, decl] of Object.entries(project.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        const d = (decl ?? {}) as { default?: unknown; value?: unknown };
        const v = "value" in d ? d.value : d.default;
        if (v !== undefined) values[fullKey] = toRuntimeString(v);
    }
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        const read = withoutSecureValues(value);
        if (read.secret) secretKeys.push(fullKey);
        values[fullKey] = toRuntimeString(read.value);
    }
    return { project: project.name, stack, values, source: path.basename(file), secretKeys };
}

function toRuntimeString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
