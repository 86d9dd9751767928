import * as assert from "assert";
import {
    RETRY,
    awsError as wrapError,
    callAws,
    isAlreadyExists,
    isNotFound,
} from "../../components/aws/calls";
import { isRetryable } from "../../components/facts";
import { alreadyExists, awsError, notFound, throttled, useIotMock } from "../iot/support";

describe("callAws", () => {
    const mock = useIotMock();

    it("retries throttling and transient AWS failures, waiting between attempts, then returns the result", async () => {
        let attempts = 0;
        const result = await callAws("Do thing", async () => {
            attempts++;
            if (attempts === 1) throw throttled();
            if (attempts === 2) throw awsError("InternalFailureException", "oops", 500);
            return "done";
        });
        assert.strictEqual(result, "done");
        assert.strictEqual(attempts, 3);
        assert.strictEqual(mock.sleeps.length, 2);
    });

    it(`gives up after ${RETRY.attempts} attempts with waits capped by the backoff policy`, async () => {
        let attempts = 0;
        await assert.rejects(
            callAws("Create x", async () => {
                attempts++;
                throw throttled();
            }),
            {
                name: "ThrottlingException",
                message: `Create x: ThrottlingException: Rate exceeded (after ${RETRY.attempts} attempts)`,
            },
        );
        assert.strictEqual(attempts, RETRY.attempts);
        assert.strictEqual(mock.sleeps.length, RETRY.attempts - 1);
        mock.sleeps.forEach((ms, i) =>
            assert.ok(
                ms >= 1 && ms <= Math.min(RETRY.maxDelayMs, RETRY.baseMs * 2 ** i),
                `wait ${i} was ${ms} ms`,
            ),
        );
    });

    it("rethrows a permanent error at once, keeping the AWS error name for callers to branch on", async () => {
        let attempts = 0;
        const err = await callAws("Delete y", async () => {
            attempts++;
            throw notFound("y");
        }).catch(e => e as Error);
        assert.strictEqual(attempts, 1);
        assert.ok(isNotFound(err));
        assert.strictEqual(err.message, "Delete y: ResourceNotFoundException: y does not exist");
    });

    it("classifies errors: throttling, 429 and 5xx retry; not-found and already-exists do not", () => {
        assert.ok(isRetryable(throttled()));
        assert.ok(isRetryable(awsError("SomethingNew", "busy", 503)));
        assert.ok(isRetryable({ code: "ECONNRESET" }));
        assert.ok(!isRetryable(notFound()));
        assert.ok(!isRetryable(alreadyExists()));
        assert.ok(isAlreadyExists(alreadyExists()) && !isAlreadyExists(notFound()));
        assert.strictEqual(wrapError("Tag z", new Error("boom")).message, "Tag z: Error: boom");
    });
});
