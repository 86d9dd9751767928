/**
 * `ops violations`: active Detect violations of the stack's profiles (all pages), per profile,
 * thing and behavior, with their age; `--profile` narrows to one profile; `--json` for scripts.
 */
import { ActiveViolation, ListActiveViolationsCommand } from "@aws-sdk/client-iot";
import * as assert from "assert";
import { names } from "../../components/inventory/names";
import { violations, ViolationsReport } from "../../tools/ops/violations";
import { onDeviceDefender, stackSettings } from "../harness";
import { awsFailure, harness, Harness, instantRetries, START, target } from "./fixture";

/** Dev's values on the Device Defender engine: the profiles these commands look at. */
const dev = stackSettings("dev", onDeviceDefender);
const RULES = names.ruleProfile(dev),
    ML = names.mlProfile(dev);
const minutesAgo = (m: number) => new Date(START.getTime() - m * 60_000);

function violation(
    id: string,
    profile: string,
    thing: string,
    behavior: string,
    metric: string,
    startedMinutesAgo: number,
): ActiveViolation {
    return {
        violationId: id,
        thingName: thing,
        securityProfileName: profile,
        behavior: { name: behavior, metric },
        lastViolationValue: { count: 12 },
        violationStartTime: minutesAgo(startedMinutesAgo),
        lastViolationTime: minutesAgo(1),
        verificationState: "UNKNOWN",
    };
}

/** Serves each profile's violations in pages ("<profile>-p2", ...). */
function serve(h: Harness, byProfile: Record<string, ActiveViolation[][]>): void {
    h.iot.on(ListActiveViolationsCommand).callsFake(input => {
        const pages = byProfile[input.securityProfileName] ?? [[]];
        const i = input.nextToken === undefined ? 0 : Number(input.nextToken.split("-p").pop()) - 1;
        return {
            activeViolations: pages[i],
            nextToken: i + 1 < pages.length ? `${input.securityProfileName}-p${i + 2}` : undefined,
        };
    });
}

describe("ops violations", () => {
    instantRetries();

    it("lists every page of every profile of the stack, per profile, thing and behavior, with age", async () => {
        const h = harness();
        serve(h, {
            [RULES]: [
                [
                    violation(
                        "v1",
                        RULES,
                        "sensor-b",
                        "ExcessiveMessages",
                        "aws:num-messages-sent",
                        192,
                    ),
                ],
                [
                    violation(
                        "v2",
                        RULES,
                        "sensor-a",
                        "AuthorizationFailures",
                        "aws:num-authorization-failures",
                        3 * 24 * 60 + 5 * 60,
                    ),
                ],
                [
                    violation(
                        "v3",
                        RULES,
                        "sensor-a",
                        "AuthorizationFailures",
                        "aws:num-authorization-failures",
                        0.5,
                    ),
                    violation(
                        "v4",
                        RULES,
                        "sensor-a",
                        "ExcessiveMessages",
                        "aws:num-messages-sent",
                        45,
                    ),
                ],
            ],
            [ML]: [[]],
        });
        assert.strictEqual(await violations(h.ctx, target(dev), { json: false }), 0);
        const calls = h.iot.commandCalls(ListActiveViolationsCommand).map(c => c.args[0].input);
        assert.deepStrictEqual(
            calls.map(c => [c.securityProfileName, c.nextToken]),
            [
                [RULES, undefined],
                [RULES, `${RULES}-p2`],
                [RULES, `${RULES}-p3`],
                [ML, undefined],
            ],
        );
        assert.strictEqual(h.out[0], `${RULES}: 4 active violations`);
        const rows = h.out.slice(2, 6).map(l => l.trim().split(/\s{2,}/));
        assert.deepStrictEqual(
            rows.map(r => [r[0], r[1], r[4]]),
            [
                ["sensor-a", "AuthorizationFailures", "3d 5h"],
                ["sensor-a", "AuthorizationFailures", "30s"],
                ["sensor-a", "ExcessiveMessages", "45m"],
                ["sensor-b", "ExcessiveMessages", "3h 12m"],
            ],
        );
        assert.ok(h.out.includes(`${ML}: no active violations`), h.out.join("\n"));
    });

    it("--profile lists only that profile", async () => {
        const h = harness();
        serve(h, { other: [[violation("v1", "other", "t1", "B", "aws:num-disconnects", 10)]] });
        assert.strictEqual(
            await violations(h.ctx, target(dev), { json: false, profile: "other" }),
            0,
        );
        assert.deepStrictEqual(
            h.iot
                .commandCalls(ListActiveViolationsCommand)
                .map(c => c.args[0].input.securityProfileName),
            ["other"],
        );
        assert.strictEqual(h.out[0], "other: 1 active violation");
    });

    it("--json prints {profiles: [{name, violations}]} with start times and ages in seconds", async () => {
        const h = harness();
        serve(h, {
            [RULES]: [
                [
                    violation(
                        "v1",
                        RULES,
                        "sensor-a",
                        "LargeMessageSize",
                        "aws:message-byte-size",
                        90,
                    ),
                ],
                [
                    violation(
                        "v2",
                        RULES,
                        "sensor-b",
                        "ExcessiveMessages",
                        "aws:num-messages-sent",
                        2,
                    ),
                ],
            ],
        });
        assert.strictEqual(await violations(h.ctx, target(dev), { json: true }), 0);
        const doc = JSON.parse(h.out.join("\n")) as ViolationsReport;
        assert.deepStrictEqual(
            doc.profiles.map(p => [p.name, p.violations.length]),
            [
                [RULES, 2],
                [ML, 0],
            ],
        );
        assert.deepStrictEqual(doc.profiles[0].violations[0], {
            violationId: "v1",
            thingName: "sensor-a",
            behavior: "LargeMessageSize",
            metric: "aws:message-byte-size",
            lastValue: "12",
            startTime: minutesAgo(90).toISOString(),
            lastViolationTime: minutesAgo(1).toISOString(),
            ageSeconds: 5400,
            verificationState: "UNKNOWN",
        });
    });

    it("says so, and calls nothing, when the stack deploys no profiles", async () => {
        const h = harness();
        const auditOnly = stackSettings("dev", v => {
            v["iot-defender:detect"] = JSON.stringify({
                ...JSON.parse(v["iot-defender:detect"]),
                enabled: false,
            });
        });
        assert.strictEqual(await violations(h.ctx, target(auditOnly), { json: false }), 0);
        assert.strictEqual(h.iot.calls().length, 0);
        assert.match(h.err[0], /^note: stack dev deploys no security profiles/);
    });

    it("AccessDenied is one error line and exit 1", async () => {
        const h = harness();
        h.iot
            .on(ListActiveViolationsCommand)
            .rejects(
                awsFailure(
                    "AccessDeniedException",
                    "not authorized to perform: iot:ListActiveViolations",
                    403,
                ),
            );
        assert.strictEqual(await violations(h.ctx, target(dev), { json: false }), 1);
        assert.deepStrictEqual(h.err, [
            "error: AWS denied iot:ListActiveViolations in eu-west-1: not authorized to perform: iot:ListActiveViolations",
        ]);
    });
});
