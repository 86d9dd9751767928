/**
 * What `ops audit` refuses before auditing: checks the region's configuration does not enable,
 * AccessDenied, a stack with audit disabled.
 */
import {
    DescribeAccountAuditConfigurationCommand,
    StartOnDemandAuditTaskCommand,
} from "@aws-sdk/client-iot";
import * as assert from "assert";
import { audit } from "../../tools/ops/audit";
import { stackSettings } from "../harness";
import { auditConfigured, awsFailure, harness, instantRetries, target } from "./fixture";
import { dev, options, completesWith } from "./auditTasks";

describe("ops audit", () => {
    instantRetries();

    describe("checks the region's audit configuration before starting", () => {
        const [first, second] = ["CONFLICTING_CLIENT_IDS_CHECK", "LOGGING_DISABLED_CHECK"];

        it("reads it once, then starts the audit", async () => {
            const h = harness();
            completesWith(h, [[]]);
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
            const calls = h.iot.calls().map(c => c.args[0].constructor.name);
            assert.deepStrictEqual(calls.slice(0, 2), [
                "DescribeAccountAuditConfigurationCommand",
                "StartOnDemandAuditTaskCommand",
            ]);
            assert.strictEqual(
                h.iot.commandCalls(DescribeAccountAuditConfigurationCommand).length,
                1,
            );
        });

        it("stops with one line naming the region and the checks it does not enable, without starting an audit", async () => {
            const h = harness();
            auditConfigured(
                h,
                dev.audit.checks.filter(c => c !== first && c !== second),
            );
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
            assert.deepStrictEqual(h.err, [
                `error: 2 of 14 checks to run are not enabled in the account audit configuration in eu-west-1: ` +
                    `${first}, ${second}; run pulumi up --stack dev to enable them`,
            ]);
            assert.strictEqual(h.iot.commandCalls(StartOnDemandAuditTaskCommand).length, 0);
            assert.deepStrictEqual(h.out, []);
        });

        it("in a wrong region (no audit configured there) says where the stack deploys", async () => {
            const h = harness("us-east-1");
            // What an account never configured for audit in a region returns: no role, every check off.
            h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
                auditCheckConfigurations: Object.fromEntries(
                    dev.audit.checks.map(c => [c, { enabled: false }]),
                ),
            });
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
            assert.deepStrictEqual(h.err, [
                "error: audit is not configured in us-east-1 (no audit role), so none of the 14 checks to run is enabled; " +
                    "stack dev deploys to eu-west-1 (aws:region): pass --region eu-west-1, or run pulumi up --stack dev with aws:region us-east-1",
            ]);
            assert.strictEqual(h.iot.commandCalls(StartOnDemandAuditTaskCommand).length, 0);
        });

        it("only asks that the --checks subset be enabled", async () => {
            const h = harness();
            completesWith(h, [[]]);
            auditConfigured(h, [first, second]);
            assert.strictEqual(
                await audit(h.ctx, target(dev), options({ checks: [second, first] })),
                0,
            );
            assert.deepStrictEqual(
                h.iot.commandCalls(StartOnDemandAuditTaskCommand)[0].args[0].input.targetCheckNames,
                [second, first],
            );
        });

        it("starts the audit anyway, with a note, when not allowed to read the configuration", async () => {
            const h = harness();
            completesWith(h, [[]]);
            h.iot
                .on(DescribeAccountAuditConfigurationCommand)
                .rejects(
                    awsFailure(
                        "AccessDeniedException",
                        "not authorized to perform: iot:DescribeAccountAuditConfiguration",
                        403,
                    ),
                );
            assert.strictEqual(await audit(h.ctx, target(dev), options()), 0);
            assert.strictEqual(
                h.err[0],
                "note: not allowed to read the audit configuration in eu-west-1 (AccessDeniedException); " +
                    "starting the audit without checking that its checks are enabled",
            );
            assert.strictEqual(h.iot.commandCalls(StartOnDemandAuditTaskCommand).length, 1);
        });
    });

    it("AccessDenied on StartOnDemandAuditTask is one error line naming the action and region", async () => {
        const h = harness();
        auditConfigured(h, dev.audit.checks);
        h.iot
            .on(StartOnDemandAuditTaskCommand)
            .rejects(
                awsFailure(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iot:StartOnDemandAuditTask",
                    403,
                ),
            );
        assert.strictEqual(await audit(h.ctx, target(dev), options()), 1);
        assert.deepStrictEqual(h.err, [
            "error: AWS denied iot:StartOnDemandAuditTask in eu-west-1: " +
                "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iot:StartOnDemandAuditTask",
        ]);
        assert.deepStrictEqual(h.out, []);
    });

    it("refuses to run on a stack with audit disabled", async () => {
        const h = harness();
        const auditOff = stackSettings("dev", v => {
            v["iot-defender:audit"] = JSON.stringify({
                ...JSON.parse(v["iot-defender:audit"]),
                enabled: false,
            });
        });
        assert.strictEqual(await audit(h.ctx, target(auditOff), options()), 1);
        assert.deepStrictEqual(h.err, [
            "error: audit is disabled in stack dev (audit.enabled: false); nothing to run",
        ]);
    });
});
