/**
 * What every verify check shares: the stack it verifies (settings, inventory, deployed names) and
 * how it records its verdicts (PASS, FAIL, SKIP), an AWS refusal failing only the check it hit.
 */
import { RegionSettings } from "../../../components/config/load";
import { Inventory } from "../../../components/inventory";
import { OpsContext, ResourceNames, StackTarget } from "../context";
import { AwsCallError, describeError, isFatal } from "../errors";

export type VerdictStatus = "PASS" | "FAIL" | "SKIP";
export interface Verdict {
    readonly status: VerdictStatus;
    readonly what: string;
    readonly reason?: string;
}

export class Verifier {
    readonly settings: RegionSettings;
    readonly inventory: Inventory;
    readonly names: ResourceNames;

    constructor(
        readonly ctx: OpsContext,
        readonly target: StackTarget,
        private readonly record: (r: Verdict) => void,
    ) {
        this.settings = target.settings;
        this.inventory = target.inventory;
        this.names = target.names;
    }

    pass(what: string, reason?: string) {
        this.record({ status: "PASS", what, ...(reason ? { reason } : {}) });
    }
    fail(what: string, reason: string) {
        this.record({ status: "FAIL", what, reason });
    }
    skip(what: string, reason: string) {
        this.record({ status: "SKIP", what, reason });
    }
    /** PASS (with an optional note) when there is no problem, else FAIL with it. */
    judge(what: string, problem: string | undefined, note?: string) {
        if (problem) this.fail(what, problem);
        else this.pass(what, note);
    }

    private get stackFile() {
        return `Pulumi.${this.settings.stack}.yaml`;
    }

    /** Fails what the settings expect under a name the stack outputs do not list. */
    notDeployed(what: string) {
        this.fail(
            what,
            `in ${this.stackFile} but not in the outputs of stack ${this.settings.stack}; not deployed yet? run pulumi up --stack ${this.settings.stack}`,
        );
    }

    /** Why a name from the stack outputs is only checked for existence. */
    notInSettings(kind: string, compared: string) {
        return `${kind} not in ${this.stackFile} (changed since the last pulumi up?), so its ${compared} not compared`;
    }

    /** Runs one check's AWS calls; an AWS refusal fails the check, credentials and network errors stop verify. */
    async guarded(what: string, body: () => Promise<void>): Promise<void> {
        try {
            await body();
        } catch (err) {
            if (err instanceof AwsCallError && !isFatal(err)) this.fail(what, describeError(err));
            else throw err;
        }
    }
}

/** "missing: a, b; unexpected: c", or undefined when both lists hold the same names. */
export function setProblem(
    label: string,
    expected: readonly string[],
    actual: readonly string[],
): string | undefined {
    const missing = expected.filter(e => !actual.includes(e));
    const extra = actual.filter(a => !expected.includes(a));
    const parts = [
        ...(missing.length ? [`missing ${label}: ${missing.join(", ")}`] : []),
        ...(extra.length ? [`unexpected ${label}: ${extra.join(", ")}`] : []),
    ];
    return parts.join("; ") || undefined;
}
