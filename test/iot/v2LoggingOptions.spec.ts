import * as assert from "assert";
import { GetV2LoggingOptionsCommand, SetV2LoggingOptionsCommand } from "@aws-sdk/client-iot";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { UNKNOWN } from "../../components/iot/inputs";
import {
    V2LoggingOptions,
    V2LoggingOptionsInputs,
    V2LoggingOptionsOutputs,
    v2LoggingOptionsProvider as provider,
} from "../../components/iot/v2LoggingOptions";
import { DYNAMIC_TYPES } from "../../components/facts";

const LOGGING_DYNAMIC_TYPE = DYNAMIC_TYPES.V2LoggingOptions;
import { awsError, callCounts, input, registered, useIotMock } from "./support";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const OWN_ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-defender-dev-logs-logging-role-1a2b3c4`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/someone-elses-iot-logging`;
/** The role and level the enable-iot-logging mitigation action sets when it runs. */
const MITIGATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/iot-defender-dev-remediation-iot-logging-role-9z8y7x6`;

const inputs: V2LoggingOptionsInputs = {
    region: REGION,
    accountId: ACCOUNT,
    roleArn: OWN_ROLE,
    defaultLogLevel: "ERROR",
    adoptExisting: false,
};
const withInputs = (over: Partial<V2LoggingOptionsInputs>) => ({ ...inputs, ...over });
const state = (over: Partial<V2LoggingOptionsOutputs> = {}): V2LoggingOptionsOutputs => ({
    ...inputs,
    ...over,
});
const notConfigured = () =>
    awsError("NotConfiguredException", "Logging options are not configured", 404);
const set = (mock: ReturnType<typeof useIotMock>, n = 0) =>
    input(mock.iot, SetV2LoggingOptionsCommand, n);

describe("V2LoggingOptions dynamic resource (IoT v2 logging, an account-and-region singleton)", () => {
    const mock = useIotMock();

    describe("check", () => {
        it("names the role, level and adoptExisting when they are not what the API takes", async () => {
            const { failures } = await provider.check!(
                inputs,
                withInputs({
                    roleArn: "not-an-arn",
                    defaultLogLevel: "DISABLED" as never,
                    adoptExisting: "yes" as never,
                }),
            );
            assert.deepStrictEqual(
                failures!.map(f => f.property),
                ["roleArn", "defaultLogLevel", "adoptExisting"],
            );
            assert.match(failures![1].reason, /DEBUG, INFO, WARN, ERROR; got "DISABLED"/);
        });

        it("tolerates values unknown during preview", async () => {
            const { failures } = await provider.check!(
                inputs,
                withInputs({ roleArn: UNKNOWN, accountId: UNKNOWN }),
            );
            assert.deepStrictEqual(failures, []);
        });
    });

    describe("create", () => {
        it("sets the stack's logging where none is configured, recording no prior setting", async () => {
            mock.iot.on(GetV2LoggingOptionsCommand).rejects(notConfigured());
            mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
            const { id, outs } = await provider.create!(inputs);
            assert.strictEqual(id, `${ACCOUNT}/${REGION}`);
            assert.deepStrictEqual(set(mock), {
                roleArn: OWN_ROLE,
                defaultLogLevel: "ERROR",
                disableAllLogs: false,
            });
            assert.strictEqual(outs!.priorSetting, undefined);
        });

        it("refuses to clobber an existing setting: names it, sets nothing, says how to adopt", async () => {
            mock.iot
                .on(GetV2LoggingOptionsCommand)
                .resolves({ roleArn: OTHER_ROLE, defaultLogLevel: "WARN", disableAllLogs: false });
            await assert.rejects(
                provider.create!(inputs),
                (e: Error) =>
                    e.message.includes(`role ${OTHER_ROLE}, default level WARN`) &&
                    e.message.includes("will not overwrite it silently") &&
                    e.message.includes("detect.logs.adoptExisting: true"),
            );
            assert.deepStrictEqual(callCounts(mock.iot), { GetV2LoggingOptionsCommand: 1 });
        });

        it("adopts an existing setting when asked, recording it whole for destroy", async () => {
            const prior = {
                roleArn: OTHER_ROLE,
                defaultLogLevel: "WARN" as const,
                disableAllLogs: false,
                eventConfigurations: [{ eventType: "Connect", logLevel: "DEBUG" as const }],
            };
            mock.iot.on(GetV2LoggingOptionsCommand).resolves(prior);
            mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
            const { outs } = await provider.create!(withInputs({ adoptExisting: true }));
            assert.deepStrictEqual(JSON.parse(outs!.priorSetting!), prior);
            assert.strictEqual(set(mock).roleArn, OWN_ROLE);
        });

        it("takes back its own setting after a run that died before Pulumi saved state (its role can only be this stack's)", async () => {
            mock.iot
                .on(GetV2LoggingOptionsCommand)
                .resolves({ roleArn: OWN_ROLE, defaultLogLevel: "ERROR" });
            mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
            const { outs } = await provider.create!(inputs);
            assert.strictEqual(
                outs!.priorSetting,
                undefined,
                "nothing to restore: it was the stack's",
            );
        });

        it("refuses when an interrupted adopting run lost the setting it replaced", async () => {
            mock.iot
                .on(GetV2LoggingOptionsCommand)
                .resolves({ roleArn: OWN_ROLE, defaultLogLevel: "ERROR" });
            await assert.rejects(
                provider.create!(withInputs({ adoptExisting: true })),
                /setting is lost\. Restore it by hand/,
            );
            assert.strictEqual(mock.iot.commandCalls(SetV2LoggingOptionsCommand).length, 0);
        });
    });

    describe("delete", () => {
        it("restores the adopted setting exactly", async () => {
            const prior = { roleArn: OTHER_ROLE, defaultLogLevel: "WARN", disableAllLogs: false };
            mock.iot
                .on(GetV2LoggingOptionsCommand)
                .resolves({ roleArn: OWN_ROLE, defaultLogLevel: "ERROR" });
            mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
            await provider.delete!(
                `${ACCOUNT}/${REGION}`,
                state({ adoptExisting: true, priorSetting: JSON.stringify(prior) }),
            );
            assert.deepStrictEqual(set(mock), prior);
        });

        it("turns logging off where the stack set it from nothing (no API unsets it)", async () => {
            mock.iot
                .on(GetV2LoggingOptionsCommand)
                .resolves({ roleArn: OWN_ROLE, defaultLogLevel: "ERROR" });
            mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
            await provider.delete!(`${ACCOUNT}/${REGION}`, state());
            assert.deepStrictEqual(set(mock), {
                roleArn: OWN_ROLE,
                defaultLogLevel: "DISABLED",
                disableAllLogs: true,
            });
        });
    });

    describe("with the enable-iot-logging mitigation action, which also sets the account's logging", () => {
        const afterMitigation = { roleArn: MITIGATION_ROLE, defaultLogLevel: "WARN" as const };

        it("refresh shows the action's setting as drift, and pulumi up sets the stack's back", async () => {
            mock.iot.on(GetV2LoggingOptionsCommand).resolves(afterMitigation);
            mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
            const { props } = await provider.read!(`${ACCOUNT}/${REGION}`, state());
            assert.strictEqual(props!.roleArn, MITIGATION_ROLE);
            const changes = await provider.diff!(`${ACCOUNT}/${REGION}`, props!, inputs);
            assert.deepStrictEqual([changes.changes, changes.replaces], [true, []]);
            await provider.update!(`${ACCOUNT}/${REGION}`, props!, inputs);
            assert.deepStrictEqual(set(mock), {
                roleArn: OWN_ROLE,
                defaultLogLevel: "ERROR",
                disableAllLogs: false,
            });
        });

        it("all logs disabled reads as DISABLED, so switching logging off is drift too", async () => {
            mock.iot
                .on(GetV2LoggingOptionsCommand)
                .resolves({ roleArn: OWN_ROLE, defaultLogLevel: "ERROR", disableAllLogs: true });
            const { props } = await provider.read!(`${ACCOUNT}/${REGION}`, state());
            assert.strictEqual(props!.defaultLogLevel, "DISABLED");
        });

        it("destroy leaves a setting the action made since alone (it is no longer the stack's)", async () => {
            mock.iot.on(GetV2LoggingOptionsCommand).resolves(afterMitigation);
            await provider.delete!(`${ACCOUNT}/${REGION}`, state());
            assert.strictEqual(mock.iot.commandCalls(SetV2LoggingOptionsCommand).length, 0);
        });
    });

    it("an unchanged update makes no call; a level change sets it and keeps the prior setting", async () => {
        mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
        const prior = JSON.stringify({ roleArn: OTHER_ROLE, defaultLogLevel: "WARN" });
        await provider.update!("id", state({ priorSetting: prior }), inputs);
        assert.deepStrictEqual(callCounts(mock.iot), {});
        const { outs } = await provider.update!(
            "id",
            state({ priorSetting: prior }),
            withInputs({ defaultLogLevel: "INFO" }),
        );
        assert.strictEqual(set(mock).defaultLogLevel, "INFO");
        assert.strictEqual(outs!.priorSetting, prior);
    });

    it("region or account changes replace it; a level change updates in place", async () => {
        const diff = (news: Partial<V2LoggingOptionsInputs>) =>
            provider.diff!("id", state(), withInputs(news));
        assert.deepStrictEqual((await diff({ region: "us-east-1" })).replaces, ["region"]);
        assert.deepStrictEqual((await diff({ defaultLogLevel: "INFO" })).replaces, []);
        assert.strictEqual((await diff({})).changes, false);
    });

    it("registers under its type token, and its serialized provider works as the Pulumi host loads it", async () => {
        const { recorded, rebuilt } = await registered<
            V2LoggingOptions,
            V2LoggingOptionsInputs,
            V2LoggingOptionsOutputs
        >(LOGGING_DYNAMIC_TYPE, () => new V2LoggingOptions("logging", inputs));
        assert.strictEqual(recorded.type, LOGGING_DYNAMIC_TYPE);
        mock.iot.on(GetV2LoggingOptionsCommand).rejects(notConfigured());
        mock.iot.on(SetV2LoggingOptionsCommand).resolves({});
        await rebuilt.create!(inputs);
        assert.strictEqual(set(mock).roleArn, OWN_ROLE);
    });
});

describe("V2LoggingOptions writes only with the stack's own account's credentials", () => {
    const mock = useIotMock();

    it("refuses to set, change or reset the account's IoT logging from another account, naming both, before any IoT call", async () => {
        mock.sts.on(GetCallerIdentityCommand).resolves({ Account: "999999999999" });
        const both =
            /account 999999999999, but this stack is in account 123456789012.*Nothing was changed/;
        await assert.rejects(provider.create(inputs), both);
        await assert.rejects(
            provider.update!(
                `${ACCOUNT}/${REGION}`,
                state(),
                withInputs({ defaultLogLevel: "WARN" }),
            ),
            both,
        );
        await assert.rejects(provider.delete!(`${ACCOUNT}/${REGION}`, state()), both);
        assert.strictEqual(mock.iot.calls().length, 0, "no IoT call, so nothing written");
    });
});
