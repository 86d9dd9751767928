/**
 * `ops drill`: plan, confirm, set up the drill device, misbehave, watch the stack react, print
 * the summary, and always clean up (success, failure, timeout, Ctrl-C). `--cleanup` removes what
 * earlier drills of the stack left; `--dry-run` prints the plan and writes nothing.
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EXIT, OpsContext, StackTarget } from "../context";
import { describeError } from "../errors";
import { plural } from "../format";
import { findLeftovers, fromLedger, isEmpty, removeDrillResources, Leftovers } from "./cleanup";
import { engineOf } from "./engines";
import { Broker, MQTT_TLS_PORT, openLink } from "./link";
import {
    misbehave,
    misbehaviourBudgetMs,
    Pace,
    StepResult,
    waitUntilConnectable,
} from "./misbehave";
import { describePlan } from "./describe";
import { drillPrefix, newRunId, planDrill } from "./plan";
import { Ledger, setUpDevice } from "./setup";
import { stepProblems, summaryJson, summaryTable } from "./summary";
import { missing, Verdict, watch } from "./watch";

export interface DrillOptions {
    readonly dryRun: boolean;
    readonly yes: boolean;
    readonly cleanup: boolean;
    readonly timeoutSeconds: number;
    readonly intervalSeconds: number;
    readonly json: boolean;
}

export const DRILL_DEFAULTS = { timeoutSeconds: 20 * 60, intervalSeconds: 30 } as const;

/** The drill's outside world beyond the ops context; tests pass a local broker and fakes. */
export interface DrillDeps {
    readonly logs: CloudWatchLogsClient;
    /** Asks the user a yes/no question; false when nobody can answer. */
    readonly confirm: (question: string) => Promise<boolean>;
    /** Calls the handler on Ctrl-C until the returned function is called. */
    readonly onInterrupt: (handler: () => void) => () => void;
    /** Port and CA of the broker (default: AWS IoT's 8883 and Node's roots). */
    readonly broker?: Omit<Broker, "host"> & { readonly host?: string };
    readonly pace?: Pace;
    readonly open?: typeof openLink;
    readonly random?: () => number;
}

export async function drill(
    ctx: OpsContext,
    target: StackTarget,
    options: DrillOptions,
    deps: DrillDeps,
): Promise<number> {
    const s = target.settings;
    if (options.cleanup) return cleanUpLeftovers(ctx, target, options, deps);
    if (!s.drill.enabled && !options.dryRun) {
        ctx.err(
            `error: drills are off for stack ${s.stack}: set iot-defender:drill.enabled: true in Pulumi.${s.stack}.yaml to allow them; nothing was created`,
        );
        return EXIT.error;
    }
    if (!s.detect.enabled) {
        ctx.err(`error: detect.enabled is false in stack ${s.stack}: no behaviour to drill`);
        return EXIT.error;
    }
    const plan = planDrill(target, newRunId(ctx.now(), deps.random));
    const lines = describePlan(plan, ctx.region);
    if (options.dryRun) {
        lines.forEach(l => ctx.out(l));
        if (!s.drill.enabled)
            ctx.err(`note: drill.enabled is false in stack ${s.stack}: this plan would be refused`);
        return EXIT.ok;
    }
    lines.forEach(l => ctx.err(l));
    if (plan.steps.length === 0) {
        ctx.err(
            "error: no behaviour of the stack can be drilled (see 'not drilled'); nothing was created",
        );
        return EXIT.error;
    }
    if (!options.yes && !(await deps.confirm(`Create these in ${ctx.region} and misbehave?`))) {
        ctx.err("not confirmed: nothing was created");
        return EXIT.error;
    }

    let interrupted = false;
    let wake = () => {};
    const woken = new Promise<void>(resolve => (wake = resolve));
    const stopInterrupts = deps.onInterrupt(() => {
        if (!interrupted) ctx.err("interrupted: stopping the drill and cleaning up (wait for it)");
        interrupted = true;
        wake();
    });
    const aborted = () => interrupted;
    // Waits end early on Ctrl-C, so clean-up starts at once.
    const run: OpsContext = { ...ctx, sleep: ms => Promise.race([ctx.sleep(ms), woken]) };
    const ledger: Ledger = {};
    let steps: StepResult[] = [];
    let verdicts: Verdict[] = [];
    let failure: string | undefined;
    try {
        const device = await setUpDevice(run, plan, ledger, aborted);
        ctx.err(
            `set up: thing ${plan.names.thing} in group ${plan.names.thingGroup}, endpoint ${device.endpoint}`,
        );
        const misbehaviour = {
            broker: {
                host: deps.broker?.host ?? device.endpoint,
                port: deps.broker?.port ?? MQTT_TLS_PORT,
                ca: deps.broker?.ca,
            },
            credentials: device.credentials,
            now: ctx.now,
            sleep: run.sleep,
            aborted,
            deadline: new Date(ctx.now().getTime() + misbehaviourBudgetMs(plan, deps.pace)),
            progress: (line: string) => ctx.err(`  ${line}`),
            pace: deps.pace,
            open: deps.open,
        };
        const probes = await waitUntilConnectable(misbehaviour, plan.names.thing);
        ctx.err(`device connects (${plural(probes, "attempt")}); misbehaving`);
        steps = await misbehave(plan, misbehaviour);
        if (!interrupted) {
            ctx.err(
                `watching (timeout ${options.timeoutSeconds} s, every ${options.intervalSeconds} s)`,
            );
            verdicts = await watch(
                { ...run, logs: deps.logs },
                plan,
                engineOf(target.inventory),
                steps,
                {
                    timeoutSeconds: options.timeoutSeconds,
                    intervalSeconds: options.intervalSeconds,
                    aborted,
                },
            );
        }
    } catch (err) {
        failure = describeError(err);
    } finally {
        const report = await removeDrillResources(ctx, fromLedger(ledger));
        if (report.removed.length) ctx.err(`cleaned up: ${report.removed.join(", ")}`);
        for (const f of report.failed) ctx.err(`error: clean-up: ${f}`);
        if (report.failed.length)
            ctx.err(
                `run 'npm run ops -- drill --cleanup --stack ${s.stack}' to retry the clean-up`,
            );
        stopInterrupts();
        failure ??= report.failed.length ? "clean-up incomplete" : undefined;
    }

    if (options.json) ctx.out(JSON.stringify(summaryJson(verdicts, steps), null, 2));
    else if (verdicts.length) summaryTable(verdicts).forEach(l => ctx.out(l));
    const problems = stepProblems(steps);
    problems.forEach(p => ctx.err(`error: ${p}`));
    if (interrupted) ctx.err("error: the drill was interrupted");
    if (failure) ctx.err(`error: ${failure}`);
    const incomplete = verdicts.some(v => missing(v).length > 0);
    if (incomplete)
        ctx.err(`error: not everything expected happened within ${options.timeoutSeconds} s`);
    return failure || interrupted || problems.length || incomplete || verdicts.length === 0
        ? EXIT.error
        : EXIT.ok;
}

async function cleanUpLeftovers(
    ctx: OpsContext,
    target: StackTarget,
    options: DrillOptions,
    deps: DrillDeps,
): Promise<number> {
    const s = target.settings;
    const marker = `${s.project}/${s.stack}`;
    let found: Leftovers;
    try {
        found = await findLeftovers(ctx, drillPrefix(target.inventory.baseName), marker);
    } catch (err) {
        ctx.err(`error: ${describeError(err)}`);
        return EXIT.error;
    }
    const listing = [
        ...found.thingGroups.map(g => `thing group  ${g}`),
        ...found.things.map(t => `thing        ${t}`),
        ...found.certificates.map(c => `certificate  ${c.id}`),
        ...found.policies.map(p => `IoT policy   ${p}`),
    ];
    // Looked like a drill's but is not provably one: reported, never removed.
    for (const line of found.skipped) ctx.err(`skipped: ${line}`);
    if (isEmpty(found)) {
        ctx.out(`no drill leftovers of stack ${s.stack} in ${ctx.region}`);
        return EXIT.ok;
    }
    ctx.out(`drill leftovers of stack ${s.stack} in ${ctx.region}:`);
    listing.forEach(l => ctx.out(`  ${l}`));
    if (options.dryRun) return EXIT.ok;
    if (!options.yes && !(await deps.confirm("Remove these?"))) {
        ctx.err("not confirmed: nothing was removed");
        return EXIT.error;
    }
    const report = await removeDrillResources(ctx, found);
    ctx.out(`removed: ${report.removed.join(", ") || "nothing"}`);
    for (const f of report.failed) ctx.err(`error: clean-up: ${f}`);
    return report.failed.length ? EXIT.error : EXIT.ok;
}
