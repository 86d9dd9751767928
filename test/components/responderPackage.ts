/**
 * The responder's deployment package as a built stack holds it: the files of the function's
 * `code` archive (the program's text assets), and the settings file among them.
 */
import type { ResponderSettings } from "../../lambda/responder/config";
import { RESPONDER_SETTINGS_FILE } from "../../components/remediation";
import type { RecordedResource } from "../harness";

/** Name -> text of every file in a function's code archive. */
export async function packageOf(fn: RecordedResource): Promise<Record<string, string>> {
    const assets = (await fn.inputs.code.assets) as Record<string, { text: Promise<string> }>;
    return Object.fromEntries(
        await Promise.all(
            Object.entries(assets).map(async ([name, asset]) => [name, await asset.text] as const),
        ),
    );
}

/** The settings file the component packed for the responder. */
export async function packedSettingsOf(fn: RecordedResource): Promise<ResponderSettings> {
    const text = (await packageOf(fn))[RESPONDER_SETTINGS_FILE];
    if (text === undefined) throw new Error(`${fn.name} has no ${RESPONDER_SETTINGS_FILE}`);
    return JSON.parse(text) as ResponderSettings;
}
