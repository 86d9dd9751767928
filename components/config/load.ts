/**
 * Stack config -> validated settings. `loadSettings` reads the running program's config (the CLI's,
 * or what tests and the offline plan set from the stack files) once, and either returns every
 * setting or throws one ConfigError listing every problem; nothing is registered before that.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, describeIssues, errorMap, show } from "./errors";
import { REGION_PATTERN } from "../facts";
import { ProjectSettings, settingsSchema } from "./schema";

/** Validated settings plus where they apply. */
export interface Settings extends ProjectSettings {
    /** Pulumi project name (the config namespace). */
    readonly project: string;
    readonly stack: string;
    /** AWS region (`aws:region`) every resource is deployed to. */
    readonly region: string;
}

/** The project's config keys, as `Pulumi.<stack>.yaml` spells them under the project namespace. */
export const SETTINGS_KEYS: readonly string[] = Object.keys(settingsSchema.shape);
/** Keys whose values are plain strings; every other key holds YAML structure (JSON in the runtime). */
const STRING_KEYS = new Set(["environment", "namePrefix", "owner"]);

/** Where settings come from, for the first line of an error. */
export interface SettingsContext {
    readonly project: string;
    readonly stack: string;
    readonly source: string;
}

/**
 * Validates raw config values (key -> runtime string, as Pulumi stores them) for one stack.
 * Unknown keys in the project namespace are errors too: a typo must not silently fall back to a default.
 */
export function parseSettings(
    config: Readonly<Record<string, string>>,
    context: SettingsContext,
): Settings {
    const problems: string[] = [];
    const raw: Record<string, unknown> = {};
    const prefix = `${context.project}:`;
    for (const [fullKey, text] of Object.entries(config)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        if (!SETTINGS_KEYS.includes(key)) {
            problems.push(
                `${fullKey}: is not a setting of this project; allowed: ${SETTINGS_KEYS.join(", ")}`,
            );
            continue;
        }
        if (STRING_KEYS.has(key)) {
            raw[key] = text;
            continue;
        }
        try {
            raw[key] = JSON.parse(text);
        } catch {
            problems.push(
                `${fullKey}: must be YAML structure (an object, list, number or boolean); got ${show(text)}`,
            );
        }
    }
    const region = config["aws:region"];
    if (region === undefined) {
        problems.push(
            "aws:region: is required (the AWS region to deploy to, e.g. eu-west-1); got nothing",
        );
    } else if (!REGION_PATTERN.test(region)) {
        problems.push(
            `aws:region: is not an AWS region name (like eu-west-1); got ${show(region)}`,
        );
    }
    const result = settingsSchema.safeParse(raw, { error: errorMap, reportInput: true });
    if (!result.success) problems.push(...describeIssues(context.project, result.error.issues));
    if (problems.length > 0 || !result.success) throw new ConfigError(problems, context.source);
    return { ...result.data, project: context.project, stack: context.stack, region: region! };
}

/** Reads and validates the running program's config. Call once, from index.ts or the offline tools. */
export function loadSettings(): Settings {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    return parseSettings(pulumi.runtime.allConfig(), {
        project,
        stack,
        source: `stack ${stack} (Pulumi.${stack}.yaml)`,
    });
}
