import * as assert from "assert";
import {
    DescribeAccountAuditConfigurationCommand,
    DescribeScheduledAuditCommand,
    ListTagsForResourceCommand,
} from "@aws-sdk/client-iot";
import { DAY_UNSET } from "../../../../components/iot/audit/mapping";
import { accountAuditProvider as provider } from "../../../../components/iot/audit/provider";
import { awsError, calls, ID, iot, useIotMock } from "../mocks";
import { ARN, CHECKS, TAGS, inputs, state } from "./fixtures";

describe("account audit provider: the scheduled audits", () => {
    useIotMock();

    describe("read", () => {
        beforeEach(() =>
            iot.on(DescribeAccountAuditConfigurationCommand).resolves({
                roleArn: inputs().roleArn,
                auditCheckConfigurations: inputs().auditCheckConfigurations,
            }),
        );

        it("maps the live audit and tags back to inputs, keeping the stored check order", async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "BIWEEKLY",
                dayOfWeek: "TUE",
                targetCheckNames: [...CHECKS].reverse(),
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: [{ Key: "owner", Value: "iot" }] });
            const result = await provider.read!(ID, state());
            assert.strictEqual(result.id, ID);
            assert.deepStrictEqual(result.props!.scheduledAudits, {
                weekly: { frequency: "BIWEEKLY", dayOfWeek: "TUE", targetCheckNames: CHECKS },
            });
            assert.deepStrictEqual(result.props!.tags, [{ Key: "owner", Value: "iot" }]);
            assert.deepStrictEqual(result.props!.scheduledAuditArns, { weekly: ARN });
            assert.deepStrictEqual(calls(), [
                "DescribeAccountAuditConfiguration",
                "DescribeScheduledAudit",
                "ListTagsForResource",
            ]);
        });

        it("drops a day field the live frequency does not use (a day of week AWS kept after a move to MONTHLY), so refresh shows no change", async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: "LAST",
                dayOfWeek: "MON",
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({ tags: TAGS });
            const monthly = { frequency: "MONTHLY", dayOfWeek: undefined, dayOfMonth: "LAST" };
            const props = (await provider.read!(ID, state(monthly as never))).props!;
            assert.strictEqual(props.scheduledAudits.weekly.dayOfMonth, "LAST");
            assert.ok(!("dayOfWeek" in props.scheduledAudits.weekly));
            assert.strictEqual(
                (await provider.diff!(ID, props, inputs(monthly as never))).changes,
                false,
            );
        });

        it(`drops a day field holding CloudFormation's clear marker ${DAY_UNSET}`, async () => {
            iot.on(DescribeScheduledAuditCommand).resolves({
                scheduledAuditArn: ARN,
                frequency: "MONTHLY",
                dayOfMonth: DAY_UNSET,
                targetCheckNames: CHECKS,
            });
            iot.on(ListTagsForResourceCommand).resolves({});
            const { weekly } = (await provider.read!(ID, state())).props!.scheduledAudits;
            assert.ok(
                !("dayOfMonth" in weekly) && !("dayOfWeek" in weekly),
                JSON.stringify(weekly),
            );
        });

        it("drops from the state an audit gone from AWS, so the next update makes it again", async () => {
            iot.on(DescribeScheduledAuditCommand).rejects(awsError("ResourceNotFoundException"));
            const result = await provider.read!(ID, state());
            assert.strictEqual(result.id, ID, "the configuration is still there");
            assert.deepStrictEqual(result.props!.scheduledAudits, {});
            assert.strictEqual((await provider.diff!(ID, result.props!, inputs())).changes, true);
        });
    });
});
