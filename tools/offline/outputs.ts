/**
 * Reading a built stack's outputs without hanging: known values, and how unknown (preview) and
 * secret ones are shown.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Reads an Output without hanging: resolves to `{ known: false }` for a value unknown in preview,
 * and rejects if the output has not settled within `timeoutMs`.
 */
export async function readOutput<T>(
    output: pulumi.Input<T>,
    timeoutMs = 10_000,
): Promise<{ known: true; value: T } | { known: false }> {
    const o = pulumi.output(output) as pulumi.Output<T> & {
        isKnown: Promise<boolean>;
        promise(): Promise<T>;
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
            () => reject(new Error(`output did not settle within ${timeoutMs} ms`)),
            timeoutMs,
        );
    });
    try {
        const [known, value] = await Promise.race([Promise.all([o.isKnown, o.promise()]), timeout]);
        return known ? { known: true, value: value as T } : { known: false };
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Resolves every output of a record (a stack's exports), marking unknown and secret ones; a plain
 * object (the outputs keyed by region) is read leaf by leaf, as the engine shows it.
 */
export async function readOutputs(
    outputs: Record<string, pulumi.Input<unknown>>,
): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
        Object.entries(outputs).map(async ([k, v]) => {
            if (isPlainRecord(v)) return [k, await readOutputs(v)] as const;
            const r = await readOutput(v);
            // isSecret is settled once the value is (readOutput waited for it).
            const secret = await (pulumi.output(v) as unknown as { isSecret: Promise<boolean> })
                .isSecret;
            return [k, !r.known ? UNKNOWN : secret ? SECRET : r.value] as const;
        }),
    );
    return Object.fromEntries(entries);
}

const isPlainRecord = (v: unknown): v is Record<string, pulumi.Input<unknown>> =>
    typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** How a secret output or input is shown: never its value. */
export const SECRET = "[secret]";

/** How an unknown (preview) output is shown. */
export const UNKNOWN = "(known after deploy)";
