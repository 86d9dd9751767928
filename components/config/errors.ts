/** Turns validation issues into lines that name the key, the bad value and what is allowed. */
import { z } from "zod";
import { REDACTED } from "./secrets";

/** `iot-defender:detect.rules.behaviors[0].metric` from the namespace and an issue path. */
export function configKey(namespace: string, path: readonly PropertyKey[]): string {
    const [head, ...rest] = path.map(String);
    return (
        `${namespace}:${head ?? ""}` +
        rest.map(p => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("")
    );
}

/** A short, stable rendering of a config value for messages. */
export function show(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = JSON.stringify(value);
    return text === undefined
        ? String(value)
        : text.length > 120
          ? `${text.slice(0, 117)}...`
          : text;
}

/** What a well-formed value of a string format looks like. */
const FORMAT_EXAMPLES: Record<string, string> = {
    email: "an address like security@example.com",
    url: "an https:// URL like https://hooks.example.com/iot",
};

/** "an array", "a string". */
const article = (noun: string) => `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;

const describeType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Per-parse error map: wording for the built-in checks, each saying what is allowed. */
export const errorMap: z.core.$ZodErrorMap = iss => {
    switch (iss.code) {
        case "invalid_type":
            return iss.input === undefined
                ? `is required (${article(iss.expected)})`
                : `must be ${article(iss.expected)}, not ${article(describeType(iss.input))}`;
        case "invalid_value":
            return `is not allowed; allowed: ${iss.values.map(v => String(v)).join(", ")}`;
        case "too_small":
        case "too_big": {
            const bound =
                iss.code === "too_small" ? (iss.minimum as number) : (iss.maximum as number);
            const word = iss.code === "too_small" ? "at least" : "at most";
            const unit =
                iss.origin === "array" ? " items" : iss.origin === "string" ? " characters" : "";
            return `must be ${word} ${bound}${unit}`;
        }
        case "invalid_format":
            if (iss.format === "regex") return `must match ${iss.pattern}`;
            return (
                `is not a valid ${iss.format}` +
                (FORMAT_EXAMPLES[iss.format] ? `; allowed: ${FORMAT_EXAMPLES[iss.format]}` : "")
            );
        case "unrecognized_keys": {
            const shape = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod
                ?.def?.shape;
            return (
                `has unknown key${iss.keys.length > 1 ? "s" : ""} ${iss.keys.join(", ")}` +
                (shape ? `; allowed: ${Object.keys(shape).join(", ")}` : "")
            );
        }
        case "invalid_key":
            // A record key (a tag key): say what is wrong with it, as for any value.
            return `is not an allowed key: ${iss.issues.map(i => i.message).join("; ")}`;
        case "invalid_union": {
            // Name the forms every alternative expected, e.g. "must be a string or a number".
            const expected = [
                ...new Set(
                    iss.errors
                        .flat()
                        .filter(e => e.code === "invalid_type" && e.path.length === 0)
                        .map(e => (e as { expected: string }).expected),
                ),
            ];
            return expected.length > 0
                ? `must be ${expected.map(article).join(" or ")}`
                : "matches none of the allowed forms";
        }
        default:
            return undefined;
    }
};

/**
 * One line per issue: `<key>: <what is wrong, with what is allowed>; got <value>`; the value is
 * never shown for a key `isSecret` says holds a secret.
 */
export function describeIssues(
    namespace: string,
    issues: readonly z.core.$ZodIssue[],
    isSecret: (key: string) => boolean = () => false,
): string[] {
    return issues.map(issue => {
        const input = (issue as { input?: unknown }).input;
        const value = isSecret(String(issue.path[0])) ? REDACTED : show(input);
        const got = issue.code === "unrecognized_keys" ? "" : `; got ${value}`;
        return `${configKey(namespace, issue.path)}: ${issue.message}${got}`;
    });
}
