/**
 * The audit suppression provider when AWS throttles or fails transiently: retried with backoff, and
 * a retried create whose first attempt went through is recognised as its own only when the
 * suppression was absent before and is exactly what it sent.
 */
import * as assert from "assert";
import {
    CreateAuditSuppressionCommand,
    DescribeAuditSuppressionCommand,
} from "@aws-sdk/client-iot";
import { auditSuppressionProvider as provider } from "../../../components/iot/auditSuppression";
import { alreadyExists, awsError, callCounts, notFound, throttled, useIotMock } from "../support";
import { CHECK, inputs } from "./fixtures";

const live = (description = "test rig") => ({
    checkName: CHECK,
    resourceIdentifier: { clientId: "factory-eol-test-rig" },
    suppressIndefinitely: true,
    description,
});

describe("audit suppression provider: throttling and transient failures", () => {
    const m = useIotMock();

    it("throttled reads and creates are retried with backoff and then succeed", async () => {
        m.iot
            .on(DescribeAuditSuppressionCommand)
            .rejectsOnce(throttled())
            .rejectsOnce(throttled())
            .rejects(notFound("suppression"));
        m.iot.on(CreateAuditSuppressionCommand).rejectsOnce(throttled()).resolves({});
        const { outs } = await provider.create!(inputs());
        assert.deepStrictEqual(outs, inputs());
        assert.deepStrictEqual(callCounts(m.iot), {
            DescribeAuditSuppressionCommand: 3,
            CreateAuditSuppressionCommand: 2,
        });
        assert.strictEqual(m.sleeps.length, 3);
        // Each attempt sends its own token: AWS refuses a token it has seen.
        const tokens = m.iot
            .commandCalls(CreateAuditSuppressionCommand)
            .map(c => c.args[0].input.clientRequestToken);
        assert.strictEqual(new Set(tokens).size, 2);
    });

    it("a create that went through before a transient failure: the retry meets it, and it is exactly what was sent, so it is the stack's", async () => {
        m.iot
            .on(DescribeAuditSuppressionCommand)
            .rejectsOnce(notFound("suppression"))
            .resolves(live());
        m.iot
            .on(CreateAuditSuppressionCommand)
            .rejectsOnce(awsError("InternalFailureException", "try again", 500))
            .rejects(alreadyExists("suppression"));
        const { outs } = await provider.create!(inputs());
        assert.deepStrictEqual(outs, inputs());
    });

    it("one that appeared meanwhile with another definition is not the stack's: refused", async () => {
        m.iot
            .on(DescribeAuditSuppressionCommand)
            .rejectsOnce(notFound("suppression"))
            .resolves(live("someone else's"));
        m.iot.on(CreateAuditSuppressionCommand).rejects(alreadyExists("suppression"));
        await assert.rejects(
            provider.create!(inputs()),
            /made while this create ran, with another definition.*this stack did not create it/,
        );
    });

    it("a permanent error is not retried", async () => {
        m.iot.on(DescribeAuditSuppressionCommand).rejects(notFound("suppression"));
        m.iot
            .on(CreateAuditSuppressionCommand)
            .rejects(awsError("InvalidRequestException", "check not enabled"));
        await assert.rejects(
            provider.create!(inputs()),
            /InvalidRequestException: check not enabled/,
        );
        assert.strictEqual(m.sleeps.length, 0);
    });
});
