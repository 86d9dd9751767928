/**
 * Each stack's Device Defender resources through a whole lifecycle, as a real deployment runs them:
 * the real dynamic-provider server (over gRPC) runs the providers registered by the program, whose
 * real `@aws-sdk/client-iot` sends REST-JSON over HTTP to the IoT fake on 127.0.0.1, which
 * validates every request against the AWS IoT API model: a request that does not validate fails
 * the spec. The stack adopts an audit configuration the account already had, so destroy must put
 * it back.
 */
import * as assert from "assert";
import { readStackConfig } from "../../components/config/stackFile";
import { DYNAMIC_TYPES } from "../../components/facts";
import { TEST_ACCOUNT_ID } from "../../tools/offline/engine";
import { FakeIotAccount } from "../fakes/iotAccount";
import { IotHttpEndpoint } from "../fakes/iotHttp";
import { buildOffline, editJson, Json } from "../harness";
import { Deployment, dynamicResources, Step } from "./deployment";
import { DynamicProviderServer } from "./providerServer";

const EXTRA_GROUP = "lifecycle-extra-group";
const PRIOR_ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/audit-role-before-the-stack`;

/** The stack's config with the edits every step shares: adopt the account's audit configuration. */
type Edit = (values: Record<string, string>) => void;
const adopting: Edit = v =>
    editJson(v, "audit", a => {
        a.adoptExisting = true;
    });
const withThreshold: Edit = v =>
    editJson(v, "detect", (d: Json) => {
        const behavior = d.rules.behaviors.find((b: Json) => typeof b.threshold === "number");
        behavior.threshold += 1;
    });
const withExtraGroup: Edit = v =>
    editJson(v, "detect", (d: Json) => {
        d.targets.thingGroups = [...(d.targets.thingGroups ?? []), EXTRA_GROUP];
    });

/**
 * Builds with mocha's global `describe` hidden: Pulumi's closure serialization takes a free name
 * that is also a global for the global, and several providers have a module-level `describe`
 * function, so under mocha their serialized `__provider` would call mocha's (absent in the
 * provider process). A real `pulumi up` has no such global.
 */
async function withoutMochaDescribe<T>(fn: () => Promise<T>): Promise<T> {
    const g = globalThis as { describe?: unknown };
    const saved = g.describe;
    delete g.describe;
    try {
        return await fn();
    } finally {
        g.describe = saved;
    }
}

const ops = (steps: readonly Step[]) => steps.map(s => s.op);
const count = (steps: readonly Step[], op: Step["op"]) => steps.filter(s => s.op === op).length;

for (const stack of ["dev", "prod"]) {
    describe(`lifecycle of ${stack}: real provider server over gRPC, real SDK over HTTP, requests checked against the API model`, function () {
        this.timeout(120_000);
        const config = readStackConfig(stack).values;
        let account: FakeIotAccount;
        let endpoint: IotHttpEndpoint;
        let server: DynamicProviderServer;
        let deployment: Deployment;
        const build = async (...edits: Edit[]) =>
            (
                await withoutMochaDescribe(() =>
                    buildOffline(stack, { edit: v => [adopting, ...edits].forEach(e => e(v)) }),
                )
            ).engine.resources;
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
            account.roleArn = PRIOR_ROLE;
            account.checks.LOGGING_DISABLED_CHECK = { enabled: true };
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

        it("creates everything", async () => {
            const { steps, writes } = await up();
            const expected = dynamicResources(await build()).length;
            assert.deepStrictEqual(ops(steps), Array(expected).fill("create"));
            assert.ok(writes.length >= expected, writes.join(" "));
            assert.strictEqual(
                account.roleArn !== PRIOR_ROLE,
                true,
                "the stack's audit role is set",
            );
        });

        it("a run with no change writes nothing", async () => {
            const { steps, writes } = await up();
            assert.ok(
                steps.every(s => s.op === "same"),
                ops(steps).join(" "),
            );
            assert.deepStrictEqual(writes, []);
        });

        it("a preview (values unknown until deploy travel as the unknown sentinel) checks and diffs, and writes nothing", async () => {
            const records = await withoutMochaDescribe(
                async () =>
                    (await buildOffline(stack, { preview: true, edit: adopting })).engine.resources,
            );
            const since = endpoint.calls.length;
            const steps = await deployment.preview(records);
            assert.strictEqual(steps.length, deployment.state.size);
            assert.deepStrictEqual(endpoint.writes(since), []);
        });

        it("a changed threshold is one update and one write", async () => {
            const { steps, writes } = await up(withThreshold);
            assert.strictEqual(count(steps, "update"), 1, ops(steps).join(" "));
            assert.strictEqual(count(steps, "same"), steps.length - 1);
            assert.deepStrictEqual(writes, ["UpdateSecurityProfile"]);
        });

        it("a target added, then removed: attached, then detached, nothing else written", async () => {
            const profiles = dynamicResources(await build()).filter(
                r => r.type === DYNAMIC_TYPES.SecurityProfile,
            ).length;
            const added = await up(withThreshold, withExtraGroup);
            assert.deepStrictEqual(added.writes, Array(profiles).fill("AttachSecurityProfile"));
            const removed = await up(withThreshold);
            assert.deepStrictEqual(removed.writes, Array(profiles).fill("DetachSecurityProfile"));
            assert.strictEqual(count(removed.steps, "update"), profiles);
        });

        it("refresh sees a change made outside the stack; the next run puts the stack's value back with one write", async () => {
            const [name, profile] = [...account.profiles.entries()][0];
            const behaviors = profile.def.behaviors as Json[];
            const changed = behaviors.find(b => b.criteria?.value?.count !== undefined);
            changed.criteria.value.count += 1000;
            const drifted = await deployment.refresh();
            assert.strictEqual(drifted.length, 1, drifted.join(" "));
            assert.strictEqual(deployment.state.get(drifted[0])?.outputs.securityProfileName, name);
            const { steps, writes } = await up(withThreshold);
            assert.strictEqual(count(steps, "update"), 1, `${name}: ${ops(steps).join(" ")}`);
            assert.deepStrictEqual(writes, ["UpdateSecurityProfile"]);
        });

        it("destroy removes everything and puts the adopted audit configuration back", async () => {
            await deployment.destroy();
            assert.ok(
                account.isEmpty(),
                "no profile, audit, action, metric, dimension or tag left",
            );
            assert.strictEqual(account.roleArn, PRIOR_ROLE);
            assert.deepStrictEqual(
                Object.entries(account.checks)
                    .filter(([, c]) => c.enabled)
                    .map(([k]) => k),
                ["LOGGING_DISABLED_CHECK"],
            );
        });
    });
}
