/**
 * The validation of stack config: raw config values -> every setting, or one ConfigError listing
 * every problem. `loadSettings` (./load.ts) runs it for the program, unless the settings cache
 * holds its answer; tests and the ops commands call it directly.
 */
import type { z } from "zod";
import { ConfigError } from "./configError";
import { describeIssues, errorMap, show } from "./errors";
import { REGION_PATTERN } from "../facts";
import { namespaceProblems } from "./namespaces";
import { resolveResponses } from "./responses";
import { regionalProblems, regionListProblems, withOverride, writtenPath } from "./regions";
import type { RegionSettings, Settings, SettingsContext } from "./load";
import { ProjectSettings, RegionsSection, regionsSection, settingsSchema } from "./schema";
import { REDACTED, standInCandidates, standInPlaceholders, stringLeaves } from "./secrets";
import { stackProblems } from "./stackChecks";
import { readIdentity } from "./identity";

/**
 * How the settings are parsed: problems worded by `errorMap`, with the value each names, and
 * without zod's compiled fast path: it compiles a parser per object schema at its first use, which
 * costs more than the one parse a run makes (issue 20); what is accepted is the same.
 */
const PARSE_CONTEXT: z.core.ParseContext<z.core.$ZodIssue> = {
    error: errorMap,
    reportInput: true,
    jitless: true,
};

/** The project's config keys, as `Pulumi.<stack>.yaml` spells them under the project namespace. */
export const SETTINGS_KEYS: readonly string[] = Object.keys(settingsSchema.shape);
/**
 * Keys whose values are plain strings (the schema's type, defaults and optionality aside); every
 * other key holds YAML structure (JSON in the runtime).
 */
export const STRING_KEYS: ReadonlySet<string> = new Set(
    Object.entries(settingsSchema.shape)
        .filter(([, schema]) => valueType(schema) === "string")
        .map(([key]) => key),
);

/** The type a schema's values have once its default, prefault or optional wrapper is set aside. */
function valueType(schema: { _zod: { def: object } }): string {
    let def = schema._zod.def as { type: string; innerType?: { _zod: { def: object } } };
    while (def.innerType) def = def.innerType._zod.def as typeof def;
    return def.type;
}

/**
 * Where a parsed value holds the key `__proto__`, as paths like `.metrics.__proto__`. JSON.parse
 * keeps it as an ordinary key, but copying the value into a map (as a schema's record does) sets
 * the copy's prototype instead, so the key and what it holds would be dropped without a word.
 */
function prototypeKeyPaths(value: unknown, path = ""): string[] {
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) => {
        const at = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
        return [...(k === "__proto__" ? [at] : []), ...prototypeKeyPaths(v, at)];
    });
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
    const secretKeys = new Set(context.secretKeys ?? []);
    const shown = (fullKey: string, value: unknown) =>
        secretKeys.has(fullKey) ? REDACTED : show(value);
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
            for (const path of prototypeKeyPaths(raw[key]))
                problems.push(
                    `${fullKey}${path}: the key "__proto__" is not a setting (it would replace an object's prototype, so the validation would never see it); remove it`,
                );
        } catch {
            problems.push(
                `${fullKey}: must be YAML structure (an object, list, number or boolean); got ${shown(fullKey, text)}`,
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
    const { identity, problems: identityProblems } = readIdentity(key => config[key]);
    problems.push(...identityProblems);
    const accountIds = identity.allowedAccountIds;
    const parse = (input: unknown) => settingsSchema.safeParse(input, PARSE_CONTEXT);
    // Offline, a secret's value is unknown: validate the rest around a stand-in of a fitting form.
    const unfit = standInPlaceholders(raw, standInCandidates(region ?? "", accountIds), trial => {
        const r = parse(trial);
        return r.success ? [] : r.error.issues.map(i => i.path as (string | number)[]);
    });
    for (const key of unfit) {
        problems.push(
            `${prefix}${key}: is a secure value, which offline tools cannot decrypt, and no ` +
                `offline stand-in fits its form; check this stack under the Pulumi CLI`,
        );
    }
    const isSecret = (key: string) => secretKeys.has(`${prefix}${key}`);
    const { regions: listedRaw, regionOverrides: overridesRaw, ...stackWide } = raw;
    const section = regionsSection.safeParse(
        { regions: listedRaw, regionOverrides: overridesRaw },
        PARSE_CONTEXT,
    );
    const home = region ?? "";
    const regions: RegionsSection = section.success
        ? section.data
        : { regions: undefined, regionOverrides: {} };
    if (!section.success)
        problems.push(...describeIssues(context.project, section.error.issues, isSecret));
    else if (region !== undefined)
        problems.push(...regionListProblems(context.project, region, section.data));
    // Each region: the stack-wide config with its override, validated whole.
    const listed = regions.regions ?? [home];
    const byRegion = new Map<string, string[]>();
    const parsed = new Map<string, ProjectSettings>();
    for (const r of listed) {
        const override = regions.regionOverrides[r];
        const result = parse(withOverride(stackWide, override));
        if (!result.success) {
            const issues = result.error.issues.map(i => ({
                ...i,
                path: writtenPath(i.path, r, override, stackWide),
            }));
            byRegion.set(r, describeIssues(context.project, issues, isSecret));
            continue;
        }
        parsed.set(r, result.data);
        byRegion.set(
            r,
            region === undefined
                ? []
                : stackProblems(result.data, { ...context, region, accountIds, isSecret }),
        );
    }
    problems.push(...regionalProblems(context.project, byRegion));
    if (problems.length > 0 || parsed.size !== listed.length)
        throw new ConfigError(problems, context.source);
    const secrets = [
        ...new Set(
            Object.keys(raw)
                .filter(isSecret)
                .flatMap(k => stringLeaves(raw[k])),
        ),
    ];
    const regionSettings = listed.map((r): RegionSettings => {
        const all = parsed.get(r)!;
        const { regions: _listed, regionOverrides: _overrides, ...data } = all;
        return {
            ...data,
            remediation: { ...data.remediation, ...resolveResponses(all) },
            project: context.project,
            stack: context.stack,
            region: r,
            homeRegion: home,
            secrets,
            identity,
        };
    });
    return { ...regionSettings[listed.indexOf(home)], regions: regionSettings };
}
