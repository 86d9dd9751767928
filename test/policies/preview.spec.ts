/**
 * The pack in preview, where the ARNs of the stack's resources are unknown: the resource rules read
 * policy documents whose ARN leaves only are unknown, and the stack rules take an unknown ARN for
 * the one resource of its kind that the property depends on (the engine's property dependencies).
 * So `pulumi preview` blocks the mutants `pulumi up` would, instead of noting "can't run".
 */
import * as assert from "assert";
import * as path from "path";
import { readPackConfig } from "../../tools/offline/policyConfig";
import { evaluate, Finding, formatFinding } from "../../tools/offline/policyRunner";
import { buildOffline, onDeviceDefender, RecordedResource, TEST_ACCOUNT_ID } from "../harness";
import { OTHER_ACCOUNT, Stack } from "./mutantStack";
import { LET_THROUGH } from "./mutants";

const configFile = (stack: string) =>
    path.join(__dirname, "..", "..", "policies", `policy-config.${stack}.json`);

/** Policies whose mutants preview must reject (every mutant of mutants.ts naming one of them). */
const PREVIEW_POLICIES = [
    "iam-no-wildcard-permissions",
    "sns-topic-policy-not-public",
    "iot-alert-target-role-can-publish",
    "kms-key-allows-cloudwatch-alarms",
    "iam-iot-trust-own-account",
];

/** The stack's provider names its account, so preview knows where the stack's roles will be. */
const namesAccount = (v: Record<string, string>) =>
    (v["aws:allowedAccountIds"] = JSON.stringify([TEST_ACCOUNT_ID]));

async function previewOf(stack: string, edit: (v: Record<string, string>) => void) {
    const values = (v: Record<string, string>) => {
        if (stack === "dev") onDeviceDefender(v); // the mutants change security profiles
        edit(v);
    };
    return (await buildOffline(stack, { edit: values, preview: true })).engine.resources;
}

const run = (stack: string, records: readonly RecordedResource[]) =>
    evaluate(records, { config: readPackConfig(configFile(stack)), stack, preview: true });

const notes = (findings: readonly Finding[]) => findings.filter(f => f.unknown).map(formatFinding);

describe("the policy pack in preview", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`${stack}, its account named (aws:allowedAccountIds)`, () => {
            let previewed: readonly RecordedResource[];
            before(async () => {
                previewed = await previewOf(stack, namesAccount);
            });

            it('runs these rules: no violation and no "can\'t run" note', async () => {
                const result = await run(stack, previewed);
                assert.deepStrictEqual(
                    notes(result.findings.filter(f => PREVIEW_POLICIES.includes(f.policy))),
                    [],
                );
                assert.deepStrictEqual(
                    result.findings.filter(f => f.level === "mandatory").map(formatFinding),
                    [],
                );
            });

            for (const m of LET_THROUGH.filter(x =>
                PREVIEW_POLICIES.includes(x.rejectedBy!.policy),
            )) {
                it(`${m.what}: ${m.rejectedBy!.policy}, not a "can't run" note`, async () => {
                    const s = new Stack(previewed);
                    m.mutate(s);
                    const mine = (await run(stack, s.records)).findings.filter(
                        f => f.policy === m.rejectedBy!.policy,
                    );
                    assert.ok(
                        mine.some(
                            f =>
                                !f.unknown &&
                                f.level === "mandatory" &&
                                f.message.includes(m.rejectedBy!.says),
                        ),
                        `expected ${m.rejectedBy!.policy} saying ${JSON.stringify(m.rejectedBy!.says)}; got ${JSON.stringify(mine.map(formatFinding))}`,
                    );
                    assert.deepStrictEqual(notes(mine), []);
                });
            }
        });

        describe(`${stack}, its account not named`, () => {
            let previewed: readonly RecordedResource[];
            before(async () => {
                previewed = await previewOf(stack, () => undefined);
            });

            it("the roles' account is unknown: only what needs it is noted", async () => {
                const result = await run(stack, previewed);
                assert.deepStrictEqual(
                    [...new Set(result.findings.filter(f => f.unknown).map(f => f.policy))]
                        .filter(p => PREVIEW_POLICIES.includes(p))
                        .sort(),
                    ["iam-iot-trust-own-account", "iot-alert-target-role-can-publish"],
                );
            });

            it("a trust naming another account than the stack's other IoT roles is rejected: the roles of one provider share one account", async () => {
                const s = new Stack(previewed);
                s.editDoc(s.publisher, "assumeRolePolicy", d => {
                    d.Statement[0].Condition = {
                        StringEquals: { "aws:SourceAccount": OTHER_ACCOUNT },
                    };
                });
                const mine = (await run(stack, s.records)).findings.filter(
                    f => f.policy === "iam-iot-trust-own-account" && !f.unknown,
                );
                assert.deepStrictEqual(
                    mine.map(f => [f.level, f.name, f.message.split(", while")[0]]),
                    [
                        [
                            "mandatory",
                            s.publisher.name,
                            `role ${s.publisher.name} lets iot.amazonaws.com assume it for account ${OTHER_ACCOUNT}`,
                        ],
                    ],
                );
            });

            it("the publisher's grant still decides: without sns:Publish it is rejected", async () => {
                const s = new Stack(previewed);
                s.editDoc(s.publisherPolicy, "policy", d => {
                    d.Statement = d.Statement.filter(x => x.Sid !== "PublishAlerts");
                });
                const mine = (await run(stack, s.records)).findings.filter(
                    f => f.policy === "iot-alert-target-role-can-publish" && !f.unknown,
                );
                assert.ok(
                    mine.some(f => f.message.includes("is not allowed sns:Publish")),
                    JSON.stringify(mine.map(formatFinding)),
                );
            });
        });
    }
});
