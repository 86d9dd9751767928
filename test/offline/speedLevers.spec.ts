import * as assert from "assert";
import { withoutStackTraces } from "../../components/traces";
import { buildOffline, OfflineBuild } from "../../tools/offline/build";
import { UNSERIALIZED_PROVIDER } from "../../tools/offline/unserializedProviders";

/** Runs `fn` with DEBUG set to `value` (or unset), restoring it after. */
async function withDebug<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
    const saved = process.env.DEBUG;
    if (value === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = value;
    try {
        return await fn();
    } finally {
        if (saved === undefined) delete process.env.DEBUG;
        else process.env.DEBUG = saved;
    }
}

/**
 * The recorded resources by URN: registrations finish in an order that varies from run to run
 * (serialization is asynchronous), while what is deployed does not depend on it.
 */
const recorded = (build: OfflineBuild) =>
    [...build.engine.resources].sort((a, b) => a.urn.localeCompare(b.urn));

const providerTexts = (build: OfflineBuild) =>
    recorded(build)
        .map(r => r.inputs.__provider as string | undefined)
        .filter((p): p is string => p !== undefined);

/** The recorded stack with every serialized provider replaced by `text`. */
const withProviders = (build: OfflineBuild, text: string) =>
    recorded(build).map(r =>
        r.inputs.__provider === undefined
            ? r
            : {
                  ...r,
                  inputs: { ...r.inputs, __provider: text },
                  state: { ...r.state, __provider: text },
              },
    );

describe("speed levers (issue 20) change nothing deployed", () => {
    for (const stack of ["dev", "prod", "multi"]) {
        describe(stack, () => {
            let full: OfflineBuild;
            before(async () => {
                // Levers off: DEBUG keeps every stack trace, and the engine answers in protobuf.
                full = await withDebug("1", () => buildOffline(stack, { protobufAnswers: true }));
            });

            it("records the same stack with stack traces off during construction as with them on", async () => {
                const fast = await withDebug(undefined, () => buildOffline(stack));
                assert.ok(fast.engine.resources.length > 40, "a whole stack was recorded");
                assert.deepStrictEqual(recorded(fast), recorded(full));
                assert.deepStrictEqual(fast.outputs, full.outputs);
            });

            it("records the same stack, in preview too, whether the engine answers in protobuf or not", async () => {
                for (const preview of [false, true]) {
                    // One build at a time: the SDK's mocks are global.
                    const build = (protobufAnswers: boolean) =>
                        withDebug("1", () => buildOffline(stack, { preview, protobufAnswers }));
                    const plain = await build(false);
                    const protobuf = await build(true);
                    assert.deepStrictEqual(recorded(plain), recorded(protobuf));
                    assert.deepStrictEqual(plain.outputs, protobuf.outputs);
                }
            });

            it("the plan's build differs only in the providers it leaves unserialized", async () => {
                const plan = await withDebug(undefined, () =>
                    buildOffline(stack, { serializeProviders: false }),
                );
                assert.ok(providerTexts(plan).length > 0);
                assert.ok(providerTexts(plan).every(p => p === UNSERIALIZED_PROVIDER));
                assert.deepStrictEqual(withProviders(plan, "-"), withProviders(full, "-"));
                assert.deepStrictEqual(plan.outputs, full.outputs);
            });

            it("a build after the plan's serializes its providers again (nothing cached from the plan)", async () => {
                await buildOffline(stack, { serializeProviders: false });
                const after = await buildOffline(stack);
                assert.deepStrictEqual(providerTexts(after), providerTexts(full));
                assert.ok(providerTexts(after).every(p => p.length > 1000));
            });
        });
    }

    describe("withoutStackTraces", () => {
        it("constructs with no stack traces and restores the limit after, even on a throw", () => {
            const before = Error.stackTraceLimit;
            const inside = withDebug(undefined, async () => {
                assert.strictEqual(
                    withoutStackTraces(() => Error.stackTraceLimit),
                    0,
                );
                assert.throws(() =>
                    withoutStackTraces(() => {
                        throw new Error("bad input");
                    }),
                );
            });
            return inside.then(() => assert.strictEqual(Error.stackTraceLimit, before));
        });

        it("runs asynchronous work without traces until it settles, even on a rejection", async () => {
            const before = Error.stackTraceLimit;
            await withDebug(undefined, async () => {
                const seen: number[] = [];
                const work = withoutStackTraces(async () => {
                    await new Promise(resolve => setImmediate(resolve));
                    seen.push(Error.stackTraceLimit);
                    throw new Error("registration failed");
                });
                assert.strictEqual(Error.stackTraceLimit, 0, "off while the work runs");
                await assert.rejects(work, /registration failed/);
                assert.deepStrictEqual(seen, [0]);
                assert.strictEqual(Error.stackTraceLimit, before);
            });
        });

        it("overlapping works restore the limit once, when the last one ends", async () => {
            const before = Error.stackTraceLimit;
            await withDebug(undefined, async () => {
                let endFirst = () => {};
                const first = withoutStackTraces(
                    () => new Promise<void>(resolve => (endFirst = resolve)),
                );
                const second = withoutStackTraces(
                    () => new Promise<void>(resolve => setImmediate(resolve)),
                );
                endFirst();
                await first;
                assert.strictEqual(Error.stackTraceLimit, 0, "the second still runs");
                await second;
                assert.strictEqual(Error.stackTraceLimit, before);
                assert.strictEqual(
                    withoutStackTraces(() => Error.stackTraceLimit),
                    0,
                );
                assert.strictEqual(Error.stackTraceLimit, before);
            });
        });

        it("keeps full traces under DEBUG", async () => {
            const before = Error.stackTraceLimit;
            await withDebug("1", async () =>
                assert.strictEqual(
                    withoutStackTraces(() => Error.stackTraceLimit),
                    before,
                ),
            );
        });
    });
});
