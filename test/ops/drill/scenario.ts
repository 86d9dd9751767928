/**
 * The drill's test scenario, shared by its end-to-end specs: the local TLS broker, a mocked
 * account (account.ts) and the dependencies a run takes, fresh for each test; and dev's settings
 * with drills allowed and small thresholds, so runs are fast.
 */
import * as assert from "assert";
import { Settings } from "../../../components/config/load";
import { DrillDeps, DrillOptions } from "../../../tools/ops/drill/command";
import { editJson, stackSettings } from "../../harness";
import { harness, Harness } from "../fixture";
import { FakeAccount, fakeAccount } from "./account";
import { startBroker, TestBroker } from "./broker";

/** Dev with drills allowed, small thresholds (fast runs), no ML, an alarm on any violation. */
export function small(
    stack = "dev",
    edit: (v: Record<string, string>) => void = () => undefined,
): Settings {
    return stackSettings(stack, v => {
        editJson(v, "drill", d => (d.enabled = true));
        editJson(v, "detect", d => {
            d.engine = "device-defender";
            d.ml = { enabled: false };
            d.alarm = { threshold: 1 };
            d.rules.behaviors.forEach(
                (b: { threshold: number; consecutiveDatapointsToAlarm?: number }) => {
                    b.threshold = b.threshold > 200 ? 100 : 2;
                    delete b.consecutiveDatapointsToAlarm;
                },
            );
        });
        edit(v);
    });
}

/** The run id from the harness clock and \`random: () => 0\`. */
export const OPTIONS_RUN = "20261120T100000-0000";

export const OPTIONS: DrillOptions = {
    dryRun: false,
    yes: true,
    cleanup: false,
    timeoutSeconds: 300,
    intervalSeconds: 30,
    json: false,
};

export interface DrillScenario {
    h: Harness;
    acc: FakeAccount;
    broker: TestBroker;
    /** A run's dependencies: the test broker, no pacing, no question asked (unless overridden). */
    deps(extra?: Partial<DrillDeps>): DrillDeps;
    /** Everything the run printed. */
    everything(): string;
}

/** Registers the hooks of a drill spec; the scenario's fields are fresh in each test. */
export function drillScenario(): DrillScenario {
    const sc = {
        deps: (extra: Partial<DrillDeps> = {}): DrillDeps => ({
            logs: sc.h.clients.logs,
            confirm: async () => assert.fail("asked for confirmation"),
            onInterrupt: () => () => undefined,
            broker: { port: sc.broker.port, ca: sc.broker.ca },
            pace: { connectIntervalMs: 0, publishIntervalMs: 0 },
            random: () => 0,
            ...extra,
        }),
        everything: () => [...sc.h.out, ...sc.h.err].join("\n"),
    } as DrillScenario;
    before(async () => {
        sc.broker = await startBroker();
    });
    after(() => sc.broker.close());
    beforeEach(async () => {
        sc.h = harness();
        sc.acc = await fakeAccount(sc.h, sc.broker);
        sc.broker.policy = undefined;
        sc.broker.log.connections.length = 0;
    });
    return sc;
}
