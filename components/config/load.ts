/**
 * Stack config -> validated settings. `loadSettings` reads the running program's config (the CLI's,
 * or what tests and the offline plan set from the stack files) once, and either returns every
 * setting or throws one ConfigError listing every problem; nothing is registered before that.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, describeIssues, errorMap, show } from "./errors";
import { REGION_PATTERN } from "../facts";
import { namespaceProblems } from "./namespaces";
import { resolveResponses, Responses } from "./responses";
import { ProjectSettings, settingsSchema } from "./schema";
import { stackProblems } from "./stackChecks";

/** Validated settings plus where they apply. */
export interface Settings extends Omit<ProjectSettings, "remediation"> {
    /** Remediation, with the response maps resolved (the user's, or the defaults that fit). */
    readonly remediation: ProjectSettings["remediation"] & Responses;
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
    const problems = namespaceProblems(Object.keys(config), context.project);
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
    const accountIds = allowedAccountIds(config["aws:allowedAccountIds"], problems);
    const result = settingsSchema.safeParse(raw, { error: errorMap, reportInput: true });
    if (!result.success) problems.push(...describeIssues(context.project, result.error.issues));
    else if (region !== undefined) {
        problems.push(...stackProblems(result.data, { ...context, region, accountIds }));
    }
    if (problems.length > 0 || !result.success) throw new ConfigError(problems, context.source);
    const remediation = { ...result.data.remediation, ...resolveResponses(result.data) };
    return {
        ...result.data,
        remediation,
        project: context.project,
        stack: context.stack,
        region: region!,
    };
}

/** `aws:allowedAccountIds`: the accounts the stack may deploy to, when it names them. */
function allowedAccountIds(text: string | undefined, problems: string[]): string[] | undefined {
    if (text === undefined) return undefined;
    let ids: unknown;
    try {
        ids = JSON.parse(text);
    } catch {
        ids = text;
    }
    if (Array.isArray(ids) && ids.length > 0 && ids.every(i => /^\d{12}$/.test(String(i)))) {
        return ids.map(String);
    }
    problems.push(
        `aws:allowedAccountIds: must be a list of 12-digit AWS account ids; got ${show(ids)}`,
    );
    return undefined;
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
