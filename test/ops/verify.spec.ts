/**
 * `ops verify`: the recipe's validation against a live account, one PASS/FAIL/SKIP line per check;
 * exit 1 on any FAIL. A healthy account (built from the stack's own settings) passes; what fails
 * its line: verifyFailures.spec.ts; names from the stack outputs: verifyOutputs.spec.ts.
 */
import {
    DescribeScheduledAuditCommand,
    DescribeSecurityProfileCommand,
    ListTargetsForSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { names } from "../../components/inventory/names";
import { verify, VerifyReport } from "../../tools/ops/verify";
import { ACCOUNT, awsFailure, harness, instantRetries, REGION, target } from "./fixture";
import { dev, prod, topicArn, healthy, remediation, lines } from "./verifyAccount";

describe("ops verify", () => {
    instantRetries();

    it("passes on a healthy account, one line per check", async () => {
        const h = harness();
        healthy(h, dev);
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 0, h.out.join("\n"));
        assert.deepStrictEqual(lines(h, "FAIL"), []);
        assert.deepStrictEqual(
            h.out.filter(l => !l.startsWith("PASS ")),
            ["OK: 30 passed, 0 failed, 0 skipped"],
        );
        for (const expected of [
            `PASS profile ${names.ruleProfile(dev)} exists`,
            `PASS profile ${names.ruleProfile(dev)} behaviors`,
            `PASS profile ${names.ruleProfile(dev)} alerts to SNS`,
            `PASS profile ${names.ruleProfile(dev)} attached to its targets`,
            `PASS profile ${names.mlProfile(dev)} behaviors`,
            `PASS audit checks enabled (14)`,
            `PASS audit notifications to SNS`,
            `PASS scheduled audit ${names.scheduledAudit(dev, "weekly")} (WEEKLY MON)`,
            `PASS alarm ${names.violationsAlarm(dev, names.ruleProfile(dev))}`,
            `PASS alarm ${names.nonCompliantAlarm(dev)}`,
            `PASS alarm ${remediation(dev).deadLetterAlarm}`,
            `PASS alarm ${remediation(dev).responderErrorsAlarm}`,
            `PASS alarm ${names.fleetAlarm(dev, "Connect.AuthError")}`,
            `PASS fleet alarm ${names.fleetAlarm(dev, "Connect.AuthError")}: Connect.AuthError GreaterThanOrEqualToThreshold 1 in 300s`,
            `PASS mitigation action ${remediation(dev).mitigationAction("quarantine")} (quarantine)`,
            `PASS mitigation action ${remediation(dev).mitigationAction("replace-default-policy")} (replace-default-policy)`,
        ])
            assert.ok(h.out.includes(expected), `missing "${expected}" in:\n${h.out.join("\n")}`);
    });

    it("passes on healthy prod: thing-group targets, two schedules", async () => {
        const h = harness();
        healthy(h, prod);
        assert.strictEqual(await verify(h.ctx, target(prod), { json: false }), 0, h.out.join("\n"));
        assert.ok(
            h.out.includes(
                `PASS scheduled audit ${names.scheduledAudit(prod, "monthly-review")} (MONTHLY 1)`,
            ),
        );
        assert.strictEqual(
            h.iot.commandCalls(ListTargetsForSecurityProfileCommand).length,
            5,
            "2 profiles x 2 pages of targets, and the named profile's one",
        );
        assert.ok(
            h.out.includes(
                `PASS profile ${names.securityProfile(prod, "gateways-connections")} attached to its targets`,
            ),
        );
    });

    it("uses the stack output's alert topic ARN when the Pulumi CLI gave one", async () => {
        const h = harness();
        healthy(h, dev);
        const outputs = { alertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:some-other-topic` };
        assert.strictEqual(await verify(h.ctx, target(dev, outputs), { json: false }), 1);
        assert.ok(
            lines(h, "FAIL").some(l =>
                l.startsWith(
                    `FAIL profile ${names.ruleProfile(dev)} alerts to SNS: SNS target is ${topicArn(dev)}, not the stack's alert topic`,
                ),
            ),
        );
    });

    it("an AWS refusal fails that check only; the others still run", async () => {
        const h = harness();
        healthy(h, dev);
        h.iot
            .on(DescribeScheduledAuditCommand)
            .rejects(
                awsFailure(
                    "AccessDeniedException",
                    "not authorized to perform: iot:DescribeScheduledAudit",
                    403,
                ),
            );
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(lines(h, "FAIL"), [
            `FAIL scheduled audit ${names.scheduledAudit(dev, "weekly")} (WEEKLY MON): ` +
                `AWS denied iot:DescribeScheduledAudit in ${REGION}: not authorized to perform: iot:DescribeScheduledAudit`,
        ]);
        assert.ok(h.out.includes(`PASS alarm ${names.nonCompliantAlarm(dev)}`));
    });

    it("stops at the first call with one error line when there are no credentials", async () => {
        const h = harness();
        h.iot.on(DescribeSecurityProfileCommand).rejects(
            Object.assign(new Error("Could not load credentials from any providers"), {
                name: "CredentialsProviderError",
            }),
        );
        assert.strictEqual(await verify(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(h.out, []);
        assert.strictEqual(h.err.length, 1);
        assert.match(
            h.err[0],
            /^error: no AWS credentials for iot:DescribeSecurityProfile in eu-west-1 \(.*\): Could not load credentials from any providers$/,
        );
    });

    it("--json prints {stack, region, ok, results}", async () => {
        const h = harness();
        healthy(h, dev, { auditChecksOff: ["CONFLICTING_CLIENT_IDS_CHECK"] });
        assert.strictEqual(await verify(h.ctx, target(dev), { json: true }), 1);
        const doc = JSON.parse(h.out.join("\n")) as VerifyReport;
        assert.deepStrictEqual(Object.keys(doc), ["stack", "region", "ok", "results"]);
        assert.strictEqual(doc.ok, false);
        assert.deepStrictEqual(
            doc.results.filter(r => r.status === "FAIL"),
            [
                {
                    status: "FAIL",
                    what: "audit checks enabled (14)",
                    reason: "not enabled: CONFLICTING_CLIENT_IDS_CHECK",
                },
            ],
        );
    });
});
