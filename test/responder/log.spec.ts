import * as assert from "assert";
import { errorField, log, type LogEntry } from "../../lambda/responder/log";
import { LogCapture, restoreEnv, setEnv, validEnv } from "./support";

describe("responder: structured logs", () => {
    const logs = new LogCapture();
    const entry: LogEntry = {
        level: "warn",
        kind: "violation",
        decision: "quarantine",
        outcome: "retrying",
        violationId: "7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21",
        attempt: 2,
        delayMs: 3_100,
        thingName: undefined,
        error: errorField(
            Object.assign(new Error("Too many tasks"), { name: "LimitExceededException" }),
        ),
    };
    const expected = {
        level: "warn",
        kind: "violation",
        decision: "quarantine",
        outcome: "retrying",
        violationId: "7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21",
        attempt: 2,
        delayMs: 3_100,
        error: { name: "LimitExceededException", message: "Too many tasks" },
    };

    beforeEach(() => logs.install());
    afterEach(() => {
        logs.uninstall();
        restoreEnv();
    });

    it("under the function's JSON log format, hands the runtime the entry as one plain object, which it writes as one JSON line", () => {
        setEnv(validEnv());
        assert.strictEqual(process.env.AWS_LAMBDA_LOG_FORMAT, "JSON");
        log(entry);

        assert.strictEqual(logs.calls.length, 1);
        const [{ method, args }] = logs.calls;
        assert.strictEqual(
            method,
            "warn",
            "the console method of the entry's level, so Lambda's level field and level filter match",
        );
        assert.strictEqual(args.length, 1);
        const [fields] = args;
        assert.strictEqual(Object.getPrototypeOf(fields), Object.prototype);
        assert.deepStrictEqual(fields, expected, "undefined fields left out");
        // The runtime serialises it as the `message` of its line: nothing may be lost on the way.
        assert.deepStrictEqual(JSON.parse(JSON.stringify(fields)), expected);
    });

    it("under the text log format, writes the entry as one JSON string, so the line still ends in pure JSON", () => {
        setEnv({ ...validEnv(), AWS_LAMBDA_LOG_FORMAT: undefined });
        log(entry);

        const [{ method, args }] = logs.calls;
        assert.strictEqual(method, "warn");
        assert.strictEqual(typeof args[0], "string");
        assert.ok(!(args[0] as string).includes("\n"));
        assert.deepStrictEqual(JSON.parse(args[0] as string), expected);
    });

    it("uses the console method of each level and never console.log", () => {
        setEnv(validEnv());
        for (const level of ["debug", "info", "warn", "error"] as const)
            log({ level, outcome: "noted" });
        assert.deepStrictEqual(
            logs.calls.map(c => c.method),
            ["debug", "info", "warn", "error"],
        );
        assert.deepStrictEqual(
            logs.entries.map(e => e.level),
            ["debug", "info", "warn", "error"],
        );
    });
});
