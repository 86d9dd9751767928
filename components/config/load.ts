/**
 * Stack config -> validated settings. `loadSettings` reads the running program's config (the CLI's,
 * or what tests and the offline plan set from the stack files) once, and either returns every
 * setting or throws one ConfigError listing every problem; nothing is registered before that.
 * The validation itself is ./parse.ts, loaded only when the settings cache (./settingsCache.ts)
 * does not hold its answer: it loads zod and builds the schemas.
 */
import * as pulumi from "@pulumi/pulumi";
import { requireApart } from "../../loader/codeIdentity";
import type { AwsIdentity } from "./identity";
import type { Responses } from "./responses";
import type { ProjectSettings } from "./schema";
import { runtimeSecretKeys, secretKeysListed } from "./secrets";
import { cachedSettings } from "./settingsCache";

/** Validated settings of one region: the stack-wide settings with the region's override. */
export interface RegionSettings extends Omit<
    ProjectSettings,
    "remediation" | "regions" | "regionOverrides"
> {
    /** Remediation, with the response maps resolved (the user's, or the defaults that fit). */
    readonly remediation: ProjectSettings["remediation"] & Responses;
    /** Pulumi project name (the config namespace). */
    readonly project: string;
    readonly stack: string;
    /** The AWS region these settings are for. */
    readonly region: string;
    /** The stack's home region (`aws:region`): where its dashboard is. */
    readonly homeRegion: string;
    /** The strings of secret config keys (offline: their stand-ins): kept secret wherever they go. */
    readonly secrets: readonly string[];
    /** The credentials every resource is deployed with (`aws:profile`, `aws:assumeRoles`, ...). */
    readonly identity: AwsIdentity;
}

/**
 * Validated settings of the stack: its home region's (`aws:region`: the dashboard's, and the
 * `@pulumi/aws` default), and every region's in `regions`, in listed order, the home region's too.
 */
export interface Settings extends RegionSettings {
    readonly regions: readonly RegionSettings[];
}

/** Where settings come from, for the first line of an error. */
export interface SettingsContext {
    readonly project: string;
    readonly stack: string;
    readonly source: string;
    /** Config keys holding a `secure:` value (anywhere inside, for a structured key). */
    readonly secretKeys?: readonly string[];
}

/**
 * The validation, required only when it must run (see the top of this file), and apart: what it
 * loads first is left out of the serialized providers' cache key, so that a start validating the
 * settings and one reading them from their cache find the same providers.
 */
function validation(): typeof import("./parse") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return requireApart(__filename, () => require("./parse") as typeof import("./parse"));
}

/** Reads and validates the running program's config. Call once, from index.ts or the offline tools. */
export function loadSettings(): Settings {
    const stack = pulumi.getStack();
    const config = pulumi.runtime.allConfig();
    const context: SettingsContext = {
        project: pulumi.getProject(),
        stack,
        source: `stack ${stack} (Pulumi.${stack}.yaml)`,
        secretKeys: runtimeSecretKeys(Object.keys(config)),
    };
    const validate = () => validation().parseSettings(config, context);
    // Without the list of secret keys, any value may be a secret: nothing is read or kept.
    return secretKeysListed() ? cachedSettings(config, context, validate) : validate();
}
