/** Shared by the audit suppression provider's specs: the fake account, inputs, and the calls made. */
import { clock } from "../../../components/aws/calls";
import type { AuditSuppressionInputs } from "../../../components/iot/auditSuppression";
import { FakeIotAccount, isRead } from "../../fakes/iotAccount";

export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";
export const CHECK = "CONFLICTING_CLIENT_IDS_CHECK";
export const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();

export function inputs(edit: Partial<AuditSuppressionInputs> = {}): AuditSuppressionInputs {
    return {
        region: REGION,
        accountId: ACCOUNT,
        checkName: CHECK,
        resourceIdentifier: { clientId: "factory-eol-test-rig" },
        suppressIndefinitely: true,
        description: "test rig",
        ...edit,
    };
}

/**
 * A fresh fake account per test whose audit configuration enables CHECK (AWS suppresses findings of
 * enabled checks only), with instant retries; `calls()` and `writes()` since the test began.
 */
export function useAccount(): {
    readonly account: FakeIotAccount;
    calls(): string[];
    writes(): string[];
    readonly sleeps: number[];
} {
    const state = {
        account: undefined as unknown as FakeIotAccount,
        sleeps: [] as number[],
        calls: () => state.account.calls(),
        writes: () => state.account.calls().filter(c => !isRead(c)),
    };
    const realSleep = clock.sleep;
    beforeEach(() => {
        state.sleeps.length = 0;
        clock.sleep = async (ms: number) => {
            state.sleeps.push(ms);
        };
        state.account = new FakeIotAccount(ACCOUNT, REGION);
        state.account.checks[CHECK] = { enabled: true };
    });
    afterEach(() => {
        clock.sleep = realSleep;
        state.account.restore();
    });
    return state;
}
