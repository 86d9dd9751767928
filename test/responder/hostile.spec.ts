/**
 * The responder against hostile and malformed alerts: identifiers AWS would reject or no genuine
 * alert carries, counts that are not counts, and messages near SNS's size limit. Each is
 * dead-lettered at once with its reason (the invocation succeeds: nothing is retried into Lambda's
 * own dead-letter queue), no Start* call is made, and every letter fits SQS's 256 KiB.
 */
import * as assert from "assert";
import { createHash } from "crypto";
import {
    StartAuditMitigationActionsTaskCommand,
    StartDetectMitigationActionsTaskCommand,
} from "@aws-sdk/client-iot";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { handler } from "../../lambda/responder/handler";
import { SQS_MESSAGE_MAX_BYTES } from "../../lambda/responder/letter";
import { editedFixture, FixtureName, mockResponderAws, snsEvent, snsRecord } from "./support";

const KIB = 1024;
const long = (n: number, c = "a") => c.repeat(n);

interface Hostile {
    readonly what: string;
    readonly message: string;
    /** The dead-letter reason, and what its detail must name. */
    readonly reason: string;
    readonly names?: string;
}

/** A fixture with one field set (or deleted, for undefined). */
const edited = (
    name: FixtureName,
    edit: (b: Record<string, any>) => void, // eslint-disable-line @typescript-eslint/no-explicit-any
) => editedFixture(name, edit);
const violation = (field: string, value: unknown) =>
    edited("violation-in-alarm", b => {
        b[field] = value;
    });
const audit = (edit: (b: Record<string, any>) => void) => edited("audit-non-compliant", edit); // eslint-disable-line @typescript-eslint/no-explicit-any

/** A violation of a security profile that is not one of the stack's (SECURITY_PROFILES). */
const foreignProfile = (
    what: string,
    profile: string,
    name: FixtureName = "violation-in-alarm",
): Hostile => ({
    what,
    message: edited(name, b => {
        b.securityProfileName = profile;
    }),
    reason: "foreign-profile",
    names: profile,
});

const HOSTILE: readonly Hostile[] = [
    {
        what: "a violation id with a space",
        message: violation("violationId", "7a3c1f0e 9b8d"),
        reason: "invalid-identifier",
        names: "violationId",
    },
    {
        what: "a violation id with an underscore (ViolationId allows only letters, digits and -)",
        message: violation("violationId", "7a3c1f0e_9b8d"),
        reason: "invalid-identifier",
        names: "violationId",
    },
    {
        what: "a violation id of 129 characters",
        message: violation("violationId", long(129)),
        reason: "invalid-identifier",
        names: "violationId",
    },
    {
        what: "a violation id hiding a right-to-left override",
        message: violation("violationId", "7a3c1f0e\u202e9b8d"),
        reason: "invalid-identifier",
        names: "violationId",
    },
    {
        what: "a violation id that is a number",
        message: violation("violationId", 42),
        reason: "missing-fields",
        names: "violationId",
    },
    {
        what: "a thing name with a path",
        message: violation("thingName", "gateway/../admin"),
        reason: "invalid-identifier",
        names: "thingName",
    },
    {
        what: "a thing name of 129 characters",
        message: violation("thingName", long(129)),
        reason: "invalid-identifier",
        names: "thingName",
    },
    {
        what: "an empty thing name",
        message: violation("thingName", ""),
        reason: "missing-fields",
        names: "thingName",
    },
    {
        what: "a profile name with a space",
        message: violation("securityProfileName", "iot defender"),
        reason: "invalid-identifier",
        names: "securityProfileName",
    },
    {
        what: "a profile name with a newline (log injection)",
        message: violation("securityProfileName", 'iot-defender-dev-rules\n{"level":"info"}'),
        reason: "invalid-identifier",
        names: "securityProfileName",
    },
    foreignProfile(
        "a violation of another stack's profile (prod's, on dev's topic)",
        "iot-defender-prod-rules",
    ),
    foreignProfile(
        "a violation of a profile named like the stack's but for its case",
        "IOT-DEFENDER-DEV-RULES",
    ),
    foreignProfile(
        "a violation of a profile whose name starts with the stack's",
        "iot-defender-dev-rules-copy",
    ),
    foreignProfile(
        "a foreign profile's violation clearing (not the stack's to note either)",
        "someone-elses-profile",
        "violation-cleared",
    ),
    {
        what: "a behavior name with markup",
        message: edited("violation-in-alarm", b => {
            b.behavior.name = "<script>alert(1)</script>";
        }),
        reason: "invalid-identifier",
        names: "behavior.name",
    },
    {
        what: "an audit task id of 41 characters (AuditTaskId: at most 40)",
        message: audit(b => {
            b.taskId = long(41, "f");
        }),
        reason: "invalid-identifier",
        names: "taskId",
    },
    {
        what: "an audit task id with an underscore",
        message: audit(b => {
            b.taskId = "f3d9c0b1_a2e4";
        }),
        reason: "invalid-identifier",
        names: "taskId",
    },
    {
        what: "a scheduled audit name with a space",
        message: audit(b => {
            b.scheduledAuditName = "weekly audit";
        }),
        reason: "invalid-identifier",
        names: "scheduledAuditName",
    },
    {
        what: "a negative non-compliant resource count",
        message: audit(b => {
            b.auditDetails[0].nonCompliantResourcesCount = -1;
        }),
        reason: "missing-fields",
        names: "nonCompliantResourcesCount",
    },
    {
        what: "a non-compliant resource count written as a string",
        message: audit(b => {
            b.auditDetails[0].nonCompliantResourcesCount = "2";
        }),
        reason: "missing-fields",
        names: "nonCompliantResourcesCount",
    },
    {
        what: "a published finding whose id has a space (not taken for a finding)",
        message: edited("published-finding", b => {
            b.findingId = "0edbaaec 2fe1";
        }),
        reason: "unknown-shape",
    },
    {
        what: "a violation padded to 250 KiB (SNS's limit is 256 KiB)",
        message: violation("padding", long(250 * KIB)),
        reason: "too-large",
        names: "bytes",
    },
    {
        what: "a violation carrying 60 KiB of control characters (sixfold once escaped)",
        message: violation("padding", long(60 * KIB, "\u0001")),
        reason: "too-large",
        names: "bytes",
    },
    {
        what: "200 KiB of characters SQS refuses (U+FFFE, 3 bytes each) in invalid JSON",
        message: `{${long(200 * KIB, "\uFFFE")}`,
        reason: "too-large",
        names: "bytes",
    },
    {
        what: "250 KiB of quotes and backslashes (twice as long escaped)",
        message: long(125 * KIB, '"\\'),
        reason: "too-large",
        names: "bytes",
    },
    {
        what: "20 KiB of characters SQS refuses in invalid JSON: the excerpt carries them escaped",
        message: `{${long(20 * KIB, "\uFFFF")}`,
        reason: "invalid-json",
    },
];

describe("responder: hostile and malformed alerts", () => {
    const aws = mockResponderAws((iot, sqs) => {
        iot.onAnyCommand().rejects(new Error("no Start* call may be made for a hostile alert"));
        sqs.on(SendMessageCommand).resolves({ MessageId: "dlq-1" });
    });

    for (const h of HOSTILE) {
        it(`${h.what}: dead-lettered at once (${h.reason}), nothing started, the letter fits`, async () => {
            const result = await handler(snsEvent(snsRecord(h.message, "m-1")));
            assert.deepStrictEqual(
                result.records.map(r => [r.decision, r.outcome, r.reason]),
                [["dead-letter", "dead-lettered", h.reason]],
            );
            assert.strictEqual(aws.iot.calls().length, 0);
            const [sent] = aws.sqs.commandCalls(SendMessageCommand).map(c => c.args[0].input);
            const attributes = JSON.stringify(sent.MessageAttributes).length;
            assert.ok(
                Buffer.byteLength(sent.MessageBody!) + attributes <= SQS_MESSAGE_MAX_BYTES,
                `letter of ${Buffer.byteLength(sent.MessageBody!)} bytes`,
            );
            assert.doesNotMatch(sent.MessageBody!, /[\uFFFE\uFFFF]/);
            const letter = JSON.parse(sent.MessageBody!);
            assert.strictEqual(letter.reason, h.reason);
            assert.strictEqual(letter.snsMessageId, "m-1");
            assert.strictEqual(
                letter.messageSha256,
                createHash("sha256").update(h.message).digest("hex"),
            );
            assert.strictEqual(letter.messageBytes, Buffer.byteLength(h.message));
            assert.ok(h.message.startsWith(letter.excerpt), "the excerpt is the message's start");
            if (h.names) assert.match(letter.detail, new RegExp(h.names.replace(".", "\\.")));
        });
    }

    it("still acts on identifiers at the API's limits: a 128-character violation id, a thing name with colons", async () => {
        aws.iot.on(StartDetectMitigationActionsTaskCommand).resolves({});
        const message = edited("violation-in-alarm", b => {
            b.violationId = long(128, "7");
            b.thingName = "site:gw:0042";
        });
        const result = await handler(snsEvent(snsRecord(message, "m-1")));
        assert.deepStrictEqual(
            result.records.map(r => r.outcome),
            ["started"],
        );
        const [request] = aws.iot
            .commandCalls(StartDetectMitigationActionsTaskCommand)
            .map(c => c.args[0].input);
        assert.match(request.taskId!, /^[a-zA-Z0-9_-]{1,128}$/);
        assert.deepStrictEqual(request.target?.violationIds, [long(128, "7")]);
    });

    it("mitigates an audit's other non-compliant checks when one check has no count, and none with a count of 0", async () => {
        aws.iot.on(StartAuditMitigationActionsTaskCommand).resolves({});
        const message = audit(b => {
            delete b.auditDetails[0].nonCompliantResourcesCount; // DEVICE_CERTIFICATE_SHARED_CHECK
            b.auditDetails[1].nonCompliantResourcesCount = 0; // LOGGING_DISABLED_CHECK
        });
        const result = await handler(snsEvent(snsRecord(message, "m-1")));
        assert.deepStrictEqual(
            result.records.map(r => r.outcome),
            ["started"],
        );
        const [request] = aws.iot
            .commandCalls(StartAuditMitigationActionsTaskCommand)
            .map(c => c.args[0].input);
        assert.deepStrictEqual(Object.keys(request.auditCheckToActionsMapping!), [
            "DEVICE_CERTIFICATE_SHARED_CHECK",
        ]);
    });

    it(`covers ${HOSTILE.length} hostile messages`, () => {
        process.stdout.write(`      hostile messages: ${HOSTILE.length}\n`);
        assert.strictEqual(HOSTILE.length, 26);
    });
});
