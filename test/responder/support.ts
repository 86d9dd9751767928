/**
 * Test support for the responder: payload fixtures, SNS events around them, environment and
 * settings file set per test and restored, captured JSON logs, and retries without real waiting.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { SNSEvent, SNSEventRecord } from "aws-lambda";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { IoTClient } from "@aws-sdk/client-iot";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { clock } from "../../lambda/responder/act";
import { forgetReports } from "../../lambda/responder/insightAct";
import {
    restoreEnv,
    restoreSettings,
    setEnv,
    setSettings,
    TOPIC_ARN,
    validEnv,
    validSettings,
} from "./configSupport";
import type { Json } from "../harness";

export * from "./configSupport";

/**
 * `published-finding` is an ASSUMED shape: AWS does not document what PUBLISH_FINDING_TO_SNS
 * publishes; the fixture is the API's AuditFinding shape (see fixtures/README.md).
 */
export type FixtureName =
    | "violation-in-alarm"
    | "violation-cleared"
    | "violation-ml"
    | "audit-non-compliant"
    | "audit-compliant"
    | "audit-failed"
    | "cloudwatch-alarm"
    | "insight-alarm"
    | "published-finding"
    | "malformed"
    | "unknown-shape";

/** The SNS message body of a fixture, exactly as stored (the malformed one is not JSON). */
export function fixture(name: FixtureName): string {
    return fs.readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8");
}

/** A fixture's body, edited as JSON. */
export function editedFixture(name: FixtureName, edit: (body: Json) => void): string {
    const body = JSON.parse(fixture(name));
    edit(body);
    return JSON.stringify(body);
}

/** A time as CloudWatch writes StateChangeTime (`2026-11-27T05:00:31.502+0000`). */
export function cloudWatchTime(ms: number): string {
    return new Date(ms).toISOString().replace("Z", "+0000");
}

/** The logs engine's alarm entering ALARM `agoMs` before now, with further edits. */
export function insightAlarm(edit: (body: Json) => void = () => {}, agoMs = 60_000): string {
    return editedFixture("insight-alarm", b => {
        b.StateChangeTime = cloudWatchTime(Date.now() - agoMs);
        edit(b);
    });
}

/** One SNS record as Lambda delivers it. */
export function snsRecord(
    message: string,
    messageId = "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
): SNSEventRecord {
    return {
        EventVersion: "1.0",
        EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        EventSource: "aws:sns",
        Sns: {
            SignatureVersion: "1",
            Timestamp: "2026-11-27T05:00:31.622Z",
            Signature: "EXAMPLE",
            SigningCertUrl:
                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
            MessageId: messageId,
            Message: message,
            MessageAttributes: {},
            Type: "Notification",
            UnsubscribeUrl: `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:2bcfbf39`,
            TopicArn: TOPIC_ARN,
            Subject: "",
        },
    };
}

export function snsEvent(...records: SNSEventRecord[]): SNSEvent {
    return { Records: records };
}

const CONSOLE_METHODS = ["debug", "info", "warn", "error", "log"] as const;
type ConsoleMethod = (typeof CONSOLE_METHODS)[number];

/**
 * Captures console output while installed. Each call must pass exactly one argument: a plain object
 * (JSON log format, where the Lambda runtime writes it as the `message` of one JSON line) or a JSON
 * string (text format). `lines` holds each call as the one JSON line it becomes.
 */
export class LogCapture {
    readonly calls: { method: ConsoleMethod; args: unknown[] }[] = [];
    private originals?: Record<ConsoleMethod, (...args: unknown[]) => void>;

    install(): void {
        this.calls.length = 0;
        this.originals = Object.fromEntries(CONSOLE_METHODS.map(m => [m, console[m]])) as Record<
            ConsoleMethod,
            (...args: unknown[]) => void
        >;
        for (const method of CONSOLE_METHODS)
            console[method] = (...args: unknown[]) => {
                this.calls.push({ method, args });
            };
    }

    uninstall(): void {
        if (this.originals)
            for (const method of CONSOLE_METHODS) console[method] = this.originals[method];
        this.originals = undefined;
    }

    get lines(): string[] {
        return this.calls.map(({ method, args }) => {
            assert.strictEqual(
                args.length,
                1,
                `console.${method} called with ${args.length} arguments`,
            );
            const [arg] = args;
            return typeof arg === "string" ? arg : JSON.stringify(arg);
        });
    }

    /** The parsed entries; fails if any line is not a single JSON object. */
    get entries(): Record<string, Json>[] {
        return this.lines.map(line => {
            let parsed: unknown;
            assert.doesNotThrow(() => {
                parsed = JSON.parse(line);
            }, `log line is not JSON: ${line}`);
            assert.ok(
                parsed && typeof parsed === "object" && !Array.isArray(parsed),
                `log line is not a JSON object: ${line}`,
            );
            return parsed as Record<string, Json>;
        });
    }

    /** The entries carrying a decision, in order. */
    get decisions(): Record<string, Json>[] {
        return this.entries.filter(e => e.decision !== undefined);
    }
}

/** Replaces the retry wait with an instant one, recording the delays asked for; time advances by them. */
export class InstantClock {
    readonly delays: number[] = [];
    private original?: { sleep: typeof clock.sleep; now: typeof clock.now };

    install(): void {
        this.delays.length = 0;
        this.original = { sleep: clock.sleep, now: clock.now };
        const start = Date.now();
        clock.sleep = async (ms: number) => {
            this.delays.push(ms);
            await new Promise(resolve => setImmediate(resolve));
        };
        clock.now = () => start + this.delays.reduce((sum, d) => sum + d, 0);
    }

    uninstall(): void {
        if (this.original) Object.assign(clock, this.original);
        this.original = undefined;
    }
}

const mockIot = () => mockClient(IoTClient);
const mockSqs = () => mockClient(SQSClient);
const mockCloudWatch = () => mockClient(CloudWatchClient);
const mockSns = () => mockClient(SNSClient);
export type IotMock = ReturnType<typeof mockIot>;
export type SqsMock = ReturnType<typeof mockSqs>;
export type CloudWatchMock = ReturnType<typeof mockCloudWatch>;
export type SnsMock = ReturnType<typeof mockSns>;

/**
 * A handler suite's hooks: the IoT, SQS, CloudWatch and SNS clients mocked while the suite runs
 * (other suites see the real ones), and for each test the valid environment, captured logs, an
 * instant clock, a fresh container (no report remembered) and `answers` (the calls a test may
 * make; CloudWatch and SNS calls it does not answer fail).
 */
export function mockResponderAws(
    answers: (iot: IotMock, sqs: SqsMock, cloudWatch: CloudWatchMock, sns: SnsMock) => void,
) {
    let iot: IotMock | undefined, sqs: SqsMock | undefined;
    let cloudWatch: CloudWatchMock | undefined, sns: SnsMock | undefined;
    const suite = {
        logs: new LogCapture(),
        clock: new InstantClock(),
        get iot(): IotMock {
            return iot!;
        },
        get sqs(): SqsMock {
            return sqs!;
        },
        get cloudWatch(): CloudWatchMock {
            return cloudWatch!;
        },
        get sns(): SnsMock {
            return sns!;
        },
    };
    before(() => {
        iot = mockIot();
        sqs = mockSqs();
        cloudWatch = mockCloudWatch();
        sns = mockSns();
    });
    beforeEach(() => {
        iot!.reset();
        sqs!.reset();
        cloudWatch!.reset();
        sns!.reset();
        cloudWatch!.onAnyCommand().rejects(new Error("unexpected CloudWatch call"));
        sns!.onAnyCommand().rejects(new Error("unexpected SNS call"));
        forgetReports();
        answers(iot!, sqs!, cloudWatch!, sns!);
        setEnv(validEnv());
        setSettings(validSettings());
        suite.logs.install();
        suite.clock.install();
    });
    afterEach(() => {
        suite.clock.uninstall();
        suite.logs.uninstall();
        restoreEnv();
        restoreSettings();
    });
    after(() => {
        iot!.restore();
        sqs!.restore();
        cloudWatch!.restore();
        sns!.restore();
    });
    return suite;
}
