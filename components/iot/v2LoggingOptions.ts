/**
 * V2LoggingOptions: AWS IoT Core v2 logging (SetV2LoggingOptions: role, default level), which the
 * `logs` Detect engine reads through CloudWatch Logs. It is one setting per account and region,
 * like the audit configuration, so this dynamic resource never overwrites one silently: `create`
 * refuses when logging is already configured, unless `adoptExisting` is set; then it records what
 * it found (`priorSetting`) and `delete` puts it back. `aws.iot.LoggingOptions` would overwrite it.
 *
 * Ownership is told by the role: the stack's logging role has a Pulumi-generated name, so a live
 * setting with that role can only be this stack's (a create that died before Pulumi saved state).
 * The `enable-iot-logging` mitigation action also calls SetV2LoggingOptions (with its own role and
 * level); `read` reports such a change as drift, `pulumi up` sets the stack's own back, and
 * `delete` leaves a setting it no longer owns alone (see README "Logs engine").
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import type { GetV2LoggingOptionsResponse, IoTClient, LogLevel } from "@aws-sdk/client-iot";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../facts";
import { IOT_V2_LOGGING, StackLogLevel } from "../facts";
import { assertStackAccount } from "../aws/account";
import { callAws, iotClient } from "../aws/calls";
import { configureAws } from "../aws/session";
import { CheckFailure, checkRegionAndName, checkRoleArn } from "./inputChecks";
import { DiffResult, UNKNOWN, cleanInputs, diffKeys } from "./inputs";
import { iotSdk } from "../aws/sdk";

export interface V2LoggingOptionsInputs {
    region: string;
    accountId: string;
    /** The stack's logging role (may write only to AWSIotLogsV2). */
    roleArn: string;
    defaultLogLevel: StackLogLevel;
    /** Take over a setting that exists; it is recorded and restored on destroy. */
    adoptExisting?: boolean;
}
export type V2LoggingOptionsArgs = {
    [K in keyof V2LoggingOptionsInputs]: pulumi.Input<V2LoggingOptionsInputs[K]>;
};
export interface V2LoggingOptionsOutputs extends V2LoggingOptionsInputs {
    /** JSON of the setting found when adopting (GetV2LoggingOptions' answer); absent when there was none. */
    priorSetting?: string;
}

const INPUT_KEYS: readonly string[] = [
    "region",
    "accountId",
    "roleArn",
    "defaultLogLevel",
    "adoptExisting",
];
const REPLACE_KEYS: readonly string[] = ["region", "accountId"];
const ACCOUNT_ID = /^\d{12}$/;

const where = (i: { accountId: string; region: string }) => `account ${i.accountId} in ${i.region}`;

/** The live setting, or undefined where logging was never configured. */
export async function liveLogging(
    client: IoTClient,
    inputs: { accountId: string; region: string },
): Promise<GetV2LoggingOptionsResponse | undefined> {
    try {
        return await callAws(`Read the IoT logging options of ${where(inputs)}`, () =>
            client.send(new (iotSdk().GetV2LoggingOptionsCommand)({})),
        );
    } catch (err) {
        if ((err as { name?: string })?.name === IOT_V2_LOGGING.notConfigured) return undefined;
        throw err;
    }
}

function describeLive(live: GetV2LoggingOptionsResponse): string {
    return (
        `role ${live.roleArn ?? "none"}, default level ${live.defaultLogLevel ?? "none"}` +
        (live.disableAllLogs ? ", all logs disabled" : "")
    );
}

/** The level a live setting amounts to: all logs disabled reads as DISABLED, so drift shows. */
function effectiveLevel(live: GetV2LoggingOptionsResponse): string | undefined {
    return live.disableAllLogs ? "DISABLED" : live.defaultLogLevel;
}

async function setLogging(
    client: IoTClient,
    inputs: { accountId: string; region: string },
    setting: GetV2LoggingOptionsResponse,
    why: string,
): Promise<void> {
    await callAws(`${why} (IoT logging options of ${where(inputs)})`, () =>
        client.send(
            new (iotSdk().SetV2LoggingOptionsCommand)({
                roleArn: setting.roleArn,
                defaultLogLevel: setting.defaultLogLevel,
                disableAllLogs: setting.disableAllLogs ?? false,
                ...(setting.eventConfigurations?.length
                    ? { eventConfigurations: setting.eventConfigurations }
                    : {}),
            }),
        ),
    );
}

const own = (i: V2LoggingOptionsInputs): GetV2LoggingOptionsResponse => ({
    roleArn: i.roleArn,
    defaultLogLevel: i.defaultLogLevel as LogLevel,
    disableAllLogs: false,
});

async function check(_olds: V2LoggingOptionsInputs, news: V2LoggingOptionsInputs) {
    const inputs = cleanInputs(news) as V2LoggingOptionsInputs & { priorSetting?: unknown };
    delete inputs.priorSetting;
    const n = inputs as unknown as Record<string, unknown>;
    const failures: CheckFailure[] = checkRegionAndName(n, "accountId", {
        pattern: ACCOUNT_ID,
        allowed: "a 12-digit AWS account id",
    });
    failures.push(...checkRoleArn(n.roleArn, "roleArn"));
    const levels: readonly string[] = IOT_V2_LOGGING.stackLevels;
    if (n.defaultLogLevel !== UNKNOWN && !levels.includes(n.defaultLogLevel as string))
        failures.push({
            property: "defaultLogLevel",
            reason: `defaultLogLevel must be one of ${levels.join(", ")}; got ${JSON.stringify(n.defaultLogLevel)}`,
        });
    const adopt = n.adoptExisting;
    if (adopt !== undefined && adopt !== UNKNOWN && typeof adopt !== "boolean")
        failures.push({
            property: "adoptExisting",
            reason: `adoptExisting must be true or false; got ${JSON.stringify(adopt)}`,
        });
    return { inputs, failures };
}

async function diff(
    _id: string,
    olds: V2LoggingOptionsOutputs,
    news: V2LoggingOptionsInputs,
): Promise<DiffResult> {
    return diffKeys(
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
        INPUT_KEYS,
        REPLACE_KEYS,
    );
}

async function create(news: V2LoggingOptionsInputs) {
    const inputs = cleanInputs(news);
    // An account-wide setting: written only with the stack's own account's credentials.
    await assertStackAccount(
        inputs.region,
        inputs.accountId,
        `set the IoT logging of ${where(inputs)}`,
    );
    const client = iotClient(inputs.region);
    const live = await liveLogging(client, inputs);
    const ownRerun = live?.roleArn !== undefined && live.roleArn === inputs.roleArn;
    let priorSetting: string | undefined;
    if (ownRerun && inputs.adoptExisting === true) {
        // An adopting run applied this stack's setting and stopped before Pulumi saved what it replaced.
        throw new Error(
            `The IoT logging options of ${where(inputs)} already use this stack's logging role (${describeLive(live)}) ` +
                "while detect.logs.adoptExisting: true asks to adopt them: an earlier adopting `pulumi up` applied them and stopped " +
                "before Pulumi saved the setting it replaced, so that setting is lost. Restore it by hand " +
                `(\`aws iot set-v2-logging-options --region ${inputs.region} --role-arn <its role> --default-log-level <its level>\`) ` +
                "and run `pulumi up` again, or set `iot-defender:detect.logs.adoptExisting: false` to keep this stack's setting as its own.",
        );
    }
    if (live && !ownRerun) {
        if (inputs.adoptExisting !== true)
            throw new Error(
                `AWS IoT logging is already configured for ${where(inputs)}: ${describeLive(live)}. ` +
                    "It is one setting per account and region, and this stack will not overwrite it silently. " +
                    "To adopt it, set `iot-defender:detect.logs.adoptExisting: true` in Pulumi.<stack>.yaml (the setting is recorded " +
                    "and restored on destroy); or use the Device Defender engine (`detect.engine: device-defender`) where the account has Detect.",
            );
        priorSetting = JSON.stringify({
            roleArn: live.roleArn,
            defaultLogLevel: live.defaultLogLevel,
            disableAllLogs: live.disableAllLogs ?? false,
            ...(live.eventConfigurations?.length
                ? { eventConfigurations: live.eventConfigurations }
                : {}),
        });
    }
    await setLogging(client, inputs, own(inputs), "Set the stack's logging");
    return {
        id: `${inputs.accountId}/${inputs.region}`,
        outs: { ...inputs, ...(priorSetting !== undefined ? { priorSetting } : {}) },
    };
}

async function read(id: string, props?: V2LoggingOptionsOutputs) {
    const stored = cleanInputs((props ?? {}) as V2LoggingOptionsOutputs);
    const [idAccount, idRegion] = id.split("/");
    const inputs = { accountId: stored.accountId ?? idAccount, region: stored.region ?? idRegion };
    const live = await liveLogging(iotClient(inputs.region), inputs);
    if (!live) return { id: "", props: {} as V2LoggingOptionsOutputs };
    return {
        id,
        props: {
            ...stored,
            ...inputs,
            roleArn: live.roleArn ?? "",
            defaultLogLevel: effectiveLevel(live) as StackLogLevel,
        },
    };
}

async function update(_id: string, olds: V2LoggingOptionsOutputs, news: V2LoggingOptionsInputs) {
    const old = cleanInputs(olds);
    const inputs = cleanInputs(news);
    if (old.roleArn !== inputs.roleArn || old.defaultLogLevel !== inputs.defaultLogLevel) {
        await assertStackAccount(
            inputs.region,
            inputs.accountId,
            `set the IoT logging of ${where(inputs)}`,
        );
        await setLogging(iotClient(inputs.region), inputs, own(inputs), "Set the stack's logging");
    }
    return {
        outs: {
            ...inputs,
            ...(old.priorSetting !== undefined ? { priorSetting: old.priorSetting } : {}),
        },
    };
}

async function deleteLogging(_id: string, props: V2LoggingOptionsOutputs): Promise<void> {
    const state = cleanInputs(props);
    await assertStackAccount(
        state.region,
        state.accountId,
        `reset the IoT logging of ${where(state)}`,
    );
    const client = iotClient(state.region);
    const live = await liveLogging(client, state);
    // Someone else (the enable-iot-logging action, a person) set logging since: theirs stays.
    if (!live || live.roleArn !== state.roleArn) return;
    if (state.priorSetting) {
        const prior = JSON.parse(state.priorSetting) as GetV2LoggingOptionsResponse;
        await setLogging(client, state, prior, "Restore the adopted logging setting");
        return;
    }
    // There is no API to unset v2 logging: turning every log off is how the account was before.
    await setLogging(
        client,
        state,
        { roleArn: state.roleArn, defaultLogLevel: "DISABLED", disableAllLogs: true },
        "Turn the stack's logging off",
    );
}

export const v2LoggingOptionsProvider: pulumi.dynamic.ResourceProvider<
    V2LoggingOptionsInputs,
    V2LoggingOptionsOutputs
> = { configure: configureAws, check, diff, create, read, update, delete: deleteLogging };

export class V2LoggingOptions extends DynamicResource {
    static readonly __pulumiType = DYNAMIC_TYPES.V2LoggingOptions;
    declare readonly region: pulumi.Output<string>;
    declare readonly accountId: pulumi.Output<string>;
    declare readonly roleArn: pulumi.Output<string>;
    declare readonly defaultLogLevel: pulumi.Output<StackLogLevel>;
    declare readonly adoptExisting: pulumi.Output<boolean | undefined>;
    declare readonly priorSetting: pulumi.Output<string | undefined>;

    constructor(name: string, args: V2LoggingOptionsArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            v2LoggingOptionsProvider,
            name,
            { priorSetting: undefined, ...args },
            opts,
            DYNAMIC_MODULE,
            "V2LoggingOptions",
        );
    }
}
