import * as assert from "assert";
import { parseMessage } from "../../lambda/responder/parse";
import { editedFixture, fixture } from "./support";

describe("responder: classifying SNS messages", () => {
    it("reads a Detect violation entering alarm", () => {
        assert.deepStrictEqual(parseMessage(fixture("violation-in-alarm")), {
            kind: "violation",
            violationId: "7a3c1f0e9b8d4c2a6e5f1b0d3c7a9e21",
            securityProfileName: "iot-defender-dev-rules",
            thingName: "gateway-eu-0042",
            metric: "aws:num-authorization-failures",
            behaviorName: "AuthorizationFailures",
            eventType: "in-alarm",
        });
    });

    it("reads cleared and ML violations", () => {
        const cleared = parseMessage(fixture("violation-cleared"));
        assert.strictEqual(cleared.kind === "violation" && cleared.eventType, "alarm-cleared");
        const ml = parseMessage(fixture("violation-ml"));
        assert.deepStrictEqual(
            ml.kind === "violation" && [ml.metric, ml.eventType, ml.violationId],
            ["aws:num-messages-sent", "in-alarm", "c41e2b7d-93a0-4f6e-8b15-2d7f0a9c6e34"],
        );
    });

    it("reads an audit completion with each check's result", () => {
        const audit = parseMessage(fixture("audit-non-compliant"));
        assert.ok(audit.kind === "audit");
        assert.deepStrictEqual(
            [audit.taskId, audit.taskType, audit.taskStatus, audit.scheduledAuditName],
            [
                "f3d9c0b1a2e4d5c6b7a8f9e0d1c2b3a4",
                "SCHEDULED_AUDIT_TASK",
                "COMPLETED",
                "iot-defender-dev-weekly",
            ],
        );
        assert.deepStrictEqual(audit.checks[0], {
            checkName: "DEVICE_CERTIFICATE_SHARED_CHECK",
            checkRunStatus: "COMPLETED_NON_COMPLIANT",
            nonCompliantResourcesCount: 2,
        });
        assert.strictEqual(audit.checks.length, 5);
        const failed = parseMessage(fixture("audit-failed"));
        assert.strictEqual(failed.kind === "audit" && failed.taskStatus, "FAILED");
        const onDemand = parseMessage(fixture("audit-compliant"));
        assert.strictEqual(onDemand.kind === "audit" && onDemand.scheduledAuditName, undefined);
    });

    it("reads a CloudWatch alarm", () => {
        assert.deepStrictEqual(parseMessage(fixture("cloudwatch-alarm")), {
            kind: "alarm",
            alarmName: "iot-defender-dev-rules-violations",
            newState: "ALARM",
            stateChangeTime: "2026-11-27T05:00:31.502+0000",
            alarmArn:
                "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:iot-defender-dev-rules-violations",
            expressions: [],
        });
    });

    it("reads an audit finding published by PUBLISH_FINDING_TO_SNS (assumed AuditFinding shape), at the top level or under finding", () => {
        const expected = {
            kind: "finding",
            findingId: "0edbaaec-2fe1-4cf5-abc9-d4c3e51f7464",
            checkName: "DEVICE_CERTIFICATE_SHARED_CHECK",
            auditTaskId: "f3d9c0b1a2e4d5c6b7a8f9e0d1c2b3a4",
            severity: "CRITICAL",
        };
        assert.deepStrictEqual(parseMessage(fixture("published-finding")), expected);
        assert.deepStrictEqual(
            parseMessage(JSON.stringify({ finding: JSON.parse(fixture("published-finding")) })),
            expected,
        );
        const bare = editedFixture("published-finding", b => {
            delete b.taskId;
            delete b.severity;
        });
        assert.deepStrictEqual(parseMessage(bare), {
            kind: "finding",
            findingId: expected.findingId,
            checkName: expected.checkName,
            auditTaskId: undefined,
            severity: undefined,
        });
    });

    it("keeps finding look-alikes unknown, so an unexpected real format is dead-lettered, not dropped", () => {
        const lookAlikes = [
            editedFixture("published-finding", b => {
                delete b.nonCompliantResource;
            }),
            editedFixture("published-finding", b => {
                b.nonCompliantResource = "DEVICE_CERTIFICATE";
            }),
            editedFixture("published-finding", b => {
                delete b.checkName;
            }),
            editedFixture("published-finding", b => {
                b.checkName = "";
            }),
            editedFixture("published-finding", b => {
                b.findingId = "not a finding id";
            }),
            editedFixture("published-finding", b => {
                b.findingId = 42;
            }),
            JSON.stringify({ finding: "0edbaaec-2fe1-4cf5-abc9-d4c3e51f7464" }),
            JSON.stringify({ findings: [JSON.parse(fixture("published-finding"))] }),
        ];
        for (const body of lookAlikes)
            assert.strictEqual(
                (parseMessage(body) as { reason?: string }).reason,
                "unknown-shape",
                body,
            );
    });

    it("calls invalid JSON, non-objects and unknown shapes malformed", () => {
        assert.deepStrictEqual(parseMessage(fixture("malformed")), {
            kind: "malformed",
            reason: "invalid-json",
            detail: "the message is not valid JSON",
        });
        assert.strictEqual(
            (parseMessage(fixture("unknown-shape")) as { reason?: string }).reason,
            "unknown-shape",
        );
        for (const body of ["[]", "null", "42", '"in-alarm"', "{}"]) {
            assert.strictEqual(
                (parseMessage(body) as { reason?: string }).reason,
                "unknown-shape",
                body,
            );
        }
        assert.strictEqual(
            (parseMessage(undefined) as { reason?: string }).reason,
            "unknown-shape",
        );
    });

    it("reads a check without nonCompliantResourcesCount (optional in the API) instead of rejecting the audit", () => {
        const parsed = parseMessage(
            editedFixture("audit-non-compliant", b => {
                delete b.auditDetails[0].nonCompliantResourcesCount;
            }),
        );
        assert.strictEqual(parsed.kind, "audit");
        assert.deepStrictEqual(parsed.kind === "audit" && parsed.checks[0], {
            checkName: "DEVICE_CERTIFICATE_SHARED_CHECK",
            checkRunStatus: "COMPLETED_NON_COMPLIANT",
        });
    });

    it("calls identifiers that do not match the API's patterns and lengths invalid, naming the field and the rule", () => {
        const parsed = parseMessage(
            editedFixture("violation-in-alarm", b => {
                b.thingName = "a b";
            }),
        );
        assert.deepStrictEqual(parsed, {
            kind: "malformed",
            reason: "invalid-identifier",
            detail: 'Detect violation: thingName must be 1-128 characters of [a-zA-Z0-9:_-] (API thingName); got "a b"',
        });
    });

    it("calls a known kind with a missing or invalid required field malformed, naming the fields", () => {
        const cases: [string, RegExp][] = [
            [
                editedFixture("violation-in-alarm", b => {
                    delete b.thingName;
                }),
                /thingName/,
            ],
            [
                editedFixture("violation-in-alarm", b => {
                    b.violationId = "";
                }),
                /violationId/,
            ],
            [
                editedFixture("violation-in-alarm", b => {
                    delete b.behavior.metric;
                }),
                /behavior\.metric/,
            ],
            [
                editedFixture("violation-in-alarm", b => {
                    delete b.behavior;
                }),
                /behavior\.metric/,
            ],
            [
                editedFixture("violation-in-alarm", b => {
                    b.violationEventType = "in-alarm-ish";
                }),
                /violationEventType/,
            ],
            [
                editedFixture("audit-non-compliant", b => {
                    delete b.taskId;
                }),
                /taskId/,
            ],
            [
                editedFixture("audit-non-compliant", b => {
                    delete b.taskStatus;
                }),
                /taskStatus/,
            ],
            [
                editedFixture("audit-non-compliant", b => {
                    b.auditDetails = "none";
                }),
                /auditDetails/,
            ],
            [
                editedFixture("audit-non-compliant", b => {
                    delete b.auditDetails[1].checkRunStatus;
                }),
                /auditDetails\[1\]\.checkRunStatus/,
            ],
            [
                editedFixture("audit-non-compliant", b => {
                    b.auditDetails[0].nonCompliantResourcesCount = "2";
                }),
                /auditDetails\[0\]\.nonCompliantResourcesCount/,
            ],
            [
                editedFixture("cloudwatch-alarm", b => {
                    delete b.NewStateValue;
                }),
                /NewStateValue/,
            ],
        ];
        for (const [body, field] of cases) {
            const parsed = parseMessage(body);
            assert.strictEqual(parsed.kind, "malformed", body);
            assert.strictEqual(
                parsed.kind === "malformed" && parsed.reason,
                "missing-fields",
                body,
            );
            assert.match(parsed.kind === "malformed" ? parsed.detail : "", field);
        }
    });
});
