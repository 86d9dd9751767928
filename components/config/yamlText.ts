/**
 * YAML text parsed once per content: the stack files are read at every start of the offline tools
 * and ops commands, and loading a YAML parser and parsing them was about 3 % of a plan (issue 20).
 * A parsed value is kept in the project's cache (`loader/cache.js`) as JSON, under a hash of the
 * text and the parser's version, so a start whose files have not changed loads no parser. Only a
 * value that JSON keeps exactly is cached (not, say, `.inf`, nor a value holding itself); any
 * other text, text the parser warns about and text that does not parse are parsed every time, so
 * its warnings and errors are always the parser's own. A cached value is a fresh copy: objects an
 * alias shares in the parser's value are equal copies there (the stack files' readers only read).
 */
import { isDeepStrictEqual } from "util";
import type * as Yaml from "yaml";
import { cachedText, versionOf } from "../../loader/cache";

/** The cached text of a value JSON cannot keep: not JSON, so never mistaken for a value. */
const NOT_JSON = "(not JSON)";

// Loaded at the first parse only, not on a cache hit.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = () => require("yaml") as typeof Yaml;

/** The value of a YAML text, as `yaml`'s `parse` gives it (which throws on invalid YAML). */
export function parseYamlText(text: string): unknown {
    let parsed: { value: unknown } | undefined;
    const cached = cachedText("yaml", ["yaml", versionOf("yaml"), text], () => {
        const value: unknown = yaml().parse(text);
        parsed = { value };
        // Text the parser warns about is parsed, and warned about, every time.
        if (yaml().parseDocument(text).warnings.length > 0) return NOT_JSON;
        let json: string | undefined;
        try {
            json = JSON.stringify(value);
        } catch {
            return NOT_JSON; // an alias inside itself: circular
        }
        return json !== undefined && isDeepStrictEqual(JSON.parse(json), value) ? json : NOT_JSON;
    });
    if (parsed) return parsed.value;
    if (cached !== NOT_JSON) {
        try {
            return JSON.parse(cached) as unknown;
        } catch {
            // A damaged entry (the disk's, or someone's edit): the text itself still says it all.
        }
    }
    return yaml().parse(text);
}
