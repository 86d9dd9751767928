/**
 * The responder's settings file: `settings.json` beside its code in the deployment package,
 * written by the deploying component (components/remediation/responderSettings.ts) with the
 * settings that grow with the stack (its profiles, alarms and response maps), which Lambda's 4 KB
 * of environment variables could not hold. Read once per container (cold start); a file that is
 * missing, unreadable or not a JSON object is a problem like a bad variable: every message is
 * dead-lettered with it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The file's name in the deployment package, beside handler.js. */
export const SETTINGS_FILE = "settings.json";

/** The file as read: its top-level values (checked by readConfig), or why it is unusable. */
export type SettingsRead =
    | { readonly ok: true; readonly values: Readonly<Record<string, unknown>> }
    | { readonly ok: false; readonly problem: string };

/** Where the function reads its settings: beside its code. Specs point it at their own files. */
export const settingsLocation = { file: path.join(__dirname, SETTINGS_FILE) };

let read: SettingsRead | undefined;

/** The packaged settings, read on first use and kept for the container's life. */
export function packedSettings(): SettingsRead {
    read ??= readSettingsFile(settingsLocation.file);
    return read;
}

/** A new container: the next `packedSettings()` reads the file again (specs). */
export function forgetSettings(): void {
    read = undefined;
}

/** The problem of a setting the file does not hold. */
export function missing(name: string): string {
    return `${name} is missing from ${SETTINGS_FILE}`;
}

export function readSettingsFile(file: string): SettingsRead {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as { code?: unknown }).code;
        return {
            ok: false,
            problem: `${SETTINGS_FILE} cannot be read (${typeof code === "string" ? code : String(err)}): the deployment package must hold it beside handler.js`,
        };
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return { ok: false, problem: `${SETTINGS_FILE} is not valid JSON` };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
        return { ok: false, problem: `${SETTINGS_FILE} must be a JSON object` };
    return { ok: true, values: value as Record<string, unknown> };
}
