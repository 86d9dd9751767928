/**
 * Each stack's Device Defender resources through a whole lifecycle, as a real deployment runs them:
 * the real dynamic-provider server (over gRPC) runs the providers registered by the program, whose
 * real `@aws-sdk/client-iot` sends REST-JSON over HTTP to the IoT fake on 127.0.0.1, which
 * validates every request against the AWS IoT API model: a request that does not validate fails
 * the spec. The stack adopts the account-wide settings the account already had (the audit
 * configuration; IoT logging on the logs engine), so destroy must put them back.
 */
import * as assert from "assert";
import { readStackConfig } from "../../components/config/stackFile";
import { DYNAMIC_TYPES } from "../../components/facts";
import { TEST_ACCOUNT_ID } from "../../tools/offline/engine";
import { UNKNOWN_SENTINEL } from "../../tools/offline/policyRunner";
import { FakeIotAccount } from "../fakes/iotAccount";
import { IotHttpEndpoint } from "../fakes/iotHttp";
import { buildOffline, stackSettings } from "../harness";
import { Deployment, dynamicResources, Step } from "./deployment";
import { DynamicProviderServer, wireInputs } from "./providerServer";
import { Edit, ENGINE_STEPS, PRIOR_AUDIT_ROLE, withExtraGroup, withThreshold } from "./steps";

const ops = (steps: readonly Step[]) => steps.map(s => s.op);
const count = (steps: readonly Step[], op: Step["op"]) => steps.filter(s => s.op === op).length;
const enabledChecks = (account: FakeIotAccount) =>
    Object.entries(account.checks)
        .filter(([, c]) => c.enabled)
        .map(([k]) => k);

for (const stack of ["dev", "prod"]) {
    const engine = stackSettings(stack).detect.engine;
    const steps = ENGINE_STEPS[engine];
    describe(`lifecycle of ${stack} (${engine} engine): real provider server over gRPC, real SDK over HTTP, requests checked against the API model`, function () {
        this.timeout(120_000);
        const config = readStackConfig(stack).values;
        let account: FakeIotAccount;
        let endpoint: IotHttpEndpoint;
        let server: DynamicProviderServer;
        let deployment: Deployment;
        const build = async (...edits: Edit[]) =>
            (await buildOffline(stack, { edit: v => [steps.adopt, ...edits].forEach(e => e(v)) }))
                .engine.resources;
        /** Runs an update and returns its steps and the writes it sent. */
        const up = async (...edits: Edit[]) => {
            const records = await build(...edits);
            const since = endpoint.calls.length;
            const steps = await deployment.up(records);
            return { steps, writes: endpoint.writes(since) };
        };

        before(async () => {
            // One fake at a time: it mocks the SDK client class the endpoint answers with.
            account = new FakeIotAccount(TEST_ACCOUNT_ID, config["aws:region"]);
            // The account had an audit configuration before the stack: a role and one check on.
            account.roleArn = PRIOR_AUDIT_ROLE;
            account.checks.LOGGING_DISABLED_CHECK = { enabled: true };
            steps.prior(account);
            endpoint = await IotHttpEndpoint.start(account);
            server = await DynamicProviderServer.start(endpoint.url, config);
            deployment = new Deployment(server);
        });
        after(async () => {
            server?.close();
            await endpoint?.close();
        });
        afterEach(function () {
            if (this.currentTest?.state === "failed") console.error(server?.stderr());
            assert.deepStrictEqual(
                endpoint.invalid,
                [],
                "every request validates against the AWS IoT API model",
            );
        });

        it("creates everything, asking STS for the account before an account-wide write; a throttled request is retried", async () => {
            endpoint.throttle("UpdateAccountAuditConfiguration");
            const { steps: created, writes } = await up();
            assert.deepStrictEqual(
                endpoint.errors.filter(e => e.endsWith("ThrottlingException")),
                ["UpdateAccountAuditConfiguration ThrottlingException"],
            );
            const expected = dynamicResources(await build()).length;
            assert.deepStrictEqual(ops(created), Array(expected).fill("create"));
            assert.ok(writes.length >= expected, writes.join(" "));
            assert.notStrictEqual(
                account.roleArn,
                PRIOR_AUDIT_ROLE,
                "the stack's audit role is set",
            );
            assert.ok(endpoint.stsCalls.length > 0, "the stack account check went to STS");
        });

        it("a run with no change writes nothing", async () => {
            const { steps: same, writes } = await up();
            assert.ok(
                same.every(s => s.op === "same"),
                ops(same).join(" "),
            );
            assert.deepStrictEqual(writes, []);
        });

        it("a preview (values unknown until deploy travel as the unknown sentinel) checks and diffs, and writes nothing", async () => {
            const records = (await buildOffline(stack, { preview: true, edit: steps.adopt })).engine
                .resources;
            const wired = await Promise.all(
                dynamicResources(records).map(r => wireInputs(r.inputs)),
            );
            assert.ok(
                wired.some(i => JSON.stringify(i).includes(UNKNOWN_SENTINEL)),
                "some registered inputs are unknown in preview",
            );
            const since = endpoint.calls.length;
            const previewed = await deployment.preview(records);
            assert.strictEqual(previewed.length, deployment.state.size);
            assert.deepStrictEqual(endpoint.writes(since), []);
        });

        /** Edits kept from one step to the next (the stack's config as last changed). */
        const kept: Edit[] = [];

        if (!steps.targets)
            it("a changed threshold writes nothing to IoT: the logs engine's alarms are CloudWatch's", async () => {
                const { steps: changed, writes } = await up(withThreshold);
                assert.deepStrictEqual(writes, []);
                assert.ok(
                    changed.every(s => s.op === "same"),
                    ops(changed).join(" "),
                );
            });

        it(`${steps.change.what} is one update and one write (${steps.change.write})`, async () => {
            kept.push(steps.change.edit);
            const { steps: changed, writes } = await up(...kept);
            assert.strictEqual(count(changed, "update"), 1, ops(changed).join(" "));
            assert.strictEqual(count(changed, "same"), changed.length - 1);
            assert.deepStrictEqual(writes, [steps.change.write]);
        });

        if (steps.targets)
            it("a target added, then removed: attached, then detached, nothing else written", async () => {
                // The short form's profiles (detect.rules, detect.ml) are the ones on detect.targets;
                // a named profile (detect.profiles) keeps its own targets.
                const profiles = dynamicResources(await build()).filter(
                    r =>
                        r.type === DYNAMIC_TYPES.SecurityProfile &&
                        /-detect-(rules|ml)$/.test(r.name),
                ).length;
                assert.ok(profiles > 0, "the stack has security profiles");
                const added = await up(...kept, withExtraGroup);
                assert.deepStrictEqual(added.writes, Array(profiles).fill("AttachSecurityProfile"));
                const removed = await up(...kept);
                assert.deepStrictEqual(
                    removed.writes,
                    Array(profiles).fill("DetachSecurityProfile"),
                );
                assert.strictEqual(count(removed.steps, "update"), profiles);
            });

        it(`refresh sees ${steps.drift.what} changed outside the stack; the next run puts the stack's value back with one write`, async () => {
            steps.drift.make(account);
            const drifted = await deployment.refresh();
            assert.strictEqual(drifted.length, 1, drifted.join(" "));
            assert.strictEqual(deployment.state.get(drifted[0])?.type, steps.drift.type);
            const { steps: putBack, writes } = await up(...kept);
            assert.strictEqual(count(putBack, "update"), 1, ops(putBack).join(" "));
            assert.deepStrictEqual(writes, [steps.drift.write]);
        });

        it("destroy removes everything and puts the adopted account-wide settings back", async () => {
            await deployment.destroy();
            assert.ok(
                account.isEmpty(),
                "no profile, audit, action, metric, dimension or tag left",
            );
            assert.strictEqual(account.roleArn, PRIOR_AUDIT_ROLE);
            assert.deepStrictEqual(enabledChecks(account), ["LOGGING_DISABLED_CHECK"]);
            steps.restored(account);
        });
    });
}
