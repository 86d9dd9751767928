/**
 * Test wiring for the ops commands: mocked IoT and CloudWatch clients, captured stdout and stderr
 * lines, and a fake clock whose `sleep` advances `now` (so polling and timeouts take no real time).
 * `callAws`'s retry backoff is made instant while a suite runs.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeAccountAuditConfigurationCommand, IoTClient } from "@aws-sdk/client-iot";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { Settings } from "../../components/config/load";
import { clock } from "../../components/aws/calls";
import { OpsContext, StackTarget } from "../../tools/ops/context";
import { stackTarget } from "../../tools/ops/stack";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const START = new Date("2026-11-20T10:00:00Z");

export interface Harness {
    readonly ctx: OpsContext;
    readonly iot: AwsClientStub<IoTClient>;
    readonly cloudwatch: AwsClientStub<CloudWatchClient>;
    readonly logs: AwsClientStub<CloudWatchLogsClient>;
    readonly out: string[];
    readonly err: string[];
    /** Every `sleep` the command asked for, in ms. */
    readonly sleeps: number[];
    /** Moves the fake clock. */
    advance(ms: number): void;
    /** Clients for `run`'s deps (`logs` for the drill's). */
    readonly clients: { iot: IoTClient; cloudwatch: CloudWatchClient; logs: CloudWatchLogsClient };
}

export function harness(region = REGION): Harness {
    const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };
    const iotClient = new IoTClient({ region, credentials, maxAttempts: 1 });
    const cwClient = new CloudWatchClient({ region, credentials, maxAttempts: 1 });
    const logsClient = new CloudWatchLogsClient({ region, credentials, maxAttempts: 1 });
    const out: string[] = [];
    const err: string[] = [];
    const sleeps: number[] = [];
    let now = START.getTime();
    const h: Harness = {
        iot: mockClient(iotClient),
        cloudwatch: mockClient(cwClient),
        logs: mockClient(logsClient),
        out,
        err,
        sleeps,
        advance: ms => {
            now += ms;
        },
        clients: { iot: iotClient, cloudwatch: cwClient, logs: logsClient },
        ctx: {
            iot: iotClient,
            cloudwatch: cwClient,
            region,
            out: line => out.push(...line.split("\n")),
            err: line => err.push(...line.split("\n")),
            now: () => new Date(now),
            sleep: async ms => {
                sleeps.push(ms);
                now += ms;
            },
        },
    };
    return h;
}

/** The stack as a command sees it: names from `outputs` where they have them, else from the settings. */
export function target(settings: Settings, outputs: Record<string, unknown> = {}): StackTarget {
    return stackTarget(settings, outputs);
}

/** The account audit configuration in the harness's region: configured, enabling exactly these checks. */
export function auditConfigured(h: Harness, enabled: readonly string[]): void {
    h.iot.on(DescribeAccountAuditConfigurationCommand).resolves({
        roleArn: `arn:aws:iam::${ACCOUNT}:role/iot-defender-audit`,
        auditCheckConfigurations: Object.fromEntries(enabled.map(c => [c, { enabled: true }])),
    });
}

/** Makes `callAws`'s backoff instant for the current suite; counts the waits. */
export function instantRetries(): { waits: number } {
    const counter = { waits: 0 };
    let saved: typeof clock.sleep;
    before(() => {
        saved = clock.sleep;
        clock.sleep = async () => {
            counter.waits++;
        };
    });
    after(() => {
        clock.sleep = saved;
    });
    return counter;
}

/** An AWS service error as the SDK throws it (name, message, HTTP status). */
export function awsFailure(name: string, message: string, status = 400): Error {
    return Object.assign(new Error(message), {
        name,
        $fault: status >= 500 ? "server" : "client",
        $metadata: { httpStatusCode: status },
    });
}

/** No line looks like a stack trace. */
export function noStackTrace(lines: readonly string[]): boolean {
    return !lines.some(l => /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/.test(l));
}
