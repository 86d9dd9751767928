/**
 * AWS calls per operation, counted as real HTTP requests: the stack's Device Defender dynamic
 * resources (every recorded resource whose type is in DYNAMIC_TYPES, `__provider` included) run in
 * the real dynamic-provider server over gRPC, whose real `@aws-sdk/client-iot` sends REST-JSON to the
 * IoT fake on 127.0.0.1 (test/fakes/iotHttp.ts, every request validated against the API model).
 * The engine's part is the lifecycle harness's (test/lifecycle/deployment.ts): create, the same
 * inputs again, one setting changed, refresh, destroy.
 */
import { readStackConfig } from "../../components/config/stackFile";
import { cleanInputs, sameValue } from "../../components/iot/inputs";
import { FakeIotAccount } from "../../test/fakes/iotAccount";
import { IotHttpEndpoint } from "../../test/fakes/iotHttp";
import { stackSettings } from "../../test/harness";
import { Deployment, dynamicResources, Step } from "../../test/lifecycle/deployment";
import { DynamicProviderServer } from "../../test/lifecycle/providerServer";
import { ENGINE_STEPS } from "../../test/lifecycle/steps";
import { buildOffline } from "../../tools/offline/build";
import { CallsCase } from "./cases";
import { Inputs, Kind, kindOf, KINDS, MINIMUM, targetsOf } from "./minimum";
import { OperationCalls, StackCalls, summarize, tally } from "./summary";

/** The one-setting update's name in the results: a threshold, or the log level on the logs engine. */
export const ONE_SETTING = "update (1 setting)";

const kind = (type: string) => kindOf(type) as Kind;
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
const urnsOf = (steps: readonly Step[], op: Step["op"]) =>
    steps.filter(s => s.op === op).map(s => s.urn);

/** Measures create, no-op update, one-setting update, refresh and destroy for one configuration. */
export async function measureStack(c: CallsCase): Promise<StackCalls> {
    const change = ENGINE_STEPS[stackSettings(c.stack, c.edit).detect.engine].change;
    const base = await buildOffline(c.stack, { edit: c.edit });
    const changed = await buildOffline(c.stack, {
        edit: v => {
            c.edit?.(v);
            change.edit(v);
        },
    });
    const items = dynamicResources(base.engine.resources);
    const next = new Map(dynamicResources(changed.engine.resources).map(r => [r.urn, r.inputs]));
    // The resources whose inputs the change touched: each needs one update call.
    const edited = items.filter(
        r => !sameValue(cleanInputs(r.inputs), cleanInputs(next.get(r.urn) ?? {})),
    );
    const resources = Object.fromEntries(
        KINDS.map(k => [k, items.filter(r => kind(r.type) === k).length]),
    ) as Record<Kind, number>;
    const targets = items
        .filter(r => kind(r.type) === "SecurityProfile")
        .reduce((n, r) => n + targetsOf(r.inputs), 0);
    const minimumOf = (
        op: "create" | "refresh" | "destroy",
        of: { type: string; inputs: Inputs }[],
    ) => of.flatMap(r => MINIMUM[kind(r.type)][op](r.inputs));

    const config = { ...readStackConfig(c.stack).values };
    c.edit?.(config);
    const account = new FakeIotAccount(base.engine.accountId, base.settings.region);
    const endpoint = await IotHttpEndpoint.start(account);
    const operations: OperationCalls[] = [];
    /** Runs one operation and sums up the requests the endpoint received meanwhile. */
    const measured = async <T>(
        operation: string,
        run: () => Promise<T>,
        minimum: string[],
        note?: (result: T) => string,
    ): Promise<T> => {
        const [since, stsSince] = [endpoint.calls.length, endpoint.stsCalls.length];
        const result = await run();
        const calls = endpoint.calls.slice(since);
        const sts = endpoint.stsCalls.length - stsSince;
        operations.push(summarize(operation, calls, sts, minimum, note?.(result)));
        return result;
    };
    const updated = (steps: Step[]) =>
        `updated: ${urnsOf(steps, "update").map(nameOf).join(", ") || "none"}`;
    let server: DynamicProviderServer | undefined;
    try {
        server = await DynamicProviderServer.start(endpoint.url, config);
        const deployment = new Deployment(server);
        const up = (records = base.engine.resources) => deployment.up(records);
        await measured("create", () => up(), minimumOf("create", items));
        await measured("update (no-op)", () => up(), [], updated);
        const one = await measured(
            ONE_SETTING,
            () => up(changed.engine.resources),
            edited.map(r => MINIMUM[kind(r.type)].update),
            steps => `${change.what}; ${updated(steps)}`,
        );
        const drifted = await measured(
            "refresh",
            () => deployment.refresh(),
            minimumOf("refresh", items),
        );
        const state = [...deployment.state.values()];
        await measured("destroy", () => deployment.destroy(), minimumOf("destroy", state));
        const replaced = [
            ...urnsOf(one, "replace"),
            ...urnsOf(one, "create"),
            ...urnsOf(one, "delete"),
        ];
        if (endpoint.invalid.length > 0)
            throw new Error(
                `requests that do not validate against the IoT API model: ${JSON.stringify(endpoint.invalid)}`,
            );
        if (replaced.length > 0)
            throw new Error(
                `${change.what} replaced, created or deleted ${replaced.join(", ")}; not an update`,
            );
        return {
            label: c.label,
            stack: c.stack,
            resources,
            targets,
            operations,
            errors: tally(endpoint.errors),
            refreshClean: drifted.length === 0,
            updateApplied:
                edited.length > 0 &&
                sameValue(
                    urnsOf(one, "update"),
                    edited.map(r => r.urn),
                ) &&
                !drifted.some(urn => urnsOf(one, "update").includes(urn)),
            destroyClean:
                account.isEmpty() &&
                !account.roleArn &&
                Object.values(account.checks).every(ch => !ch.enabled) &&
                (account.logging === undefined || account.logging.disableAllLogs === true),
        };
    } finally {
        server?.close();
        await endpoint.close();
    }
}
