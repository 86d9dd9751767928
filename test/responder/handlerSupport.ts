/**
 * The handler's specs' world: the task ids AWS answers with, events of named fixtures, AWS errors,
 * and mocked IoT and SQS that answer a healthy account and refuse any other call.
 */
import { createHash } from "crypto";
import {
    LimitExceededException,
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
} from "@aws-sdk/client-iot";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { RetryPolicy } from "../../lambda/responder/act";
import { fixture, FixtureName, mockResponderAws, snsEvent, snsRecord } from "./support";

export const VIOLATION_ID = "7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21";
export const QUARANTINE_TASK = `quarantine-${VIOLATION_ID}`;
export const AUDIT_TASK = "f3d9c0b1a2e4d5c6b7a8f9e0d1c2b3a4";
export const AUDIT_MITIGATION_TASK = `audit-mitigation-${AUDIT_TASK}`;
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const eventOf = (...names: FixtureName[]) =>
    snsEvent(...names.map((n, i) => snsRecord(fixture(n), `msg-${i + 1}`)));
export const awsError = (name: string, message: string, httpStatusCode: number) =>
    Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode } });
export const tooManyTasks = () =>
    new LimitExceededException({
        message: "Too many running mitigation tasks",
        $metadata: { httpStatusCode: 410 },
    });
/** The wait before retry n (1-based) lies between half its ceiling and its ceiling. */
export const ceilingOf = (policy: RetryPolicy, n: number) =>
    Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (n - 1));

/** Around the enclosing `describe`: IoT starts the tasks, SQS takes dead letters, nothing else. */
export function mockHandlerAws() {
    return mockResponderAws((iot, sqs) => {
        iot.onAnyCommand().rejects(new Error("unexpected IoT call"));
        sqs.onAnyCommand().rejects(new Error("unexpected SQS call"));
        iot.on(StartDetectMitigationActionsTaskCommand).resolves({ taskId: QUARANTINE_TASK });
        iot.on(StartAuditMitigationActionsTaskCommand).resolves({ taskId: AUDIT_MITIGATION_TASK });
        sqs.on(SendMessageCommand).resolves({ MessageId: "dlq-1" });
    });
}
