/** What the bench reports per operation and per configuration, and how counted calls are summed up. */
import { isRead } from "../../test/fakes/iotAccount";
import { Kind } from "./minimum";

export interface OperationCalls {
    operation: string;
    /** IoT requests the endpoint received (real HTTP requests). */
    total: number;
    reads: number;
    writes: number;
    /** STS requests (the stack account check before an account-wide write), apart from IoT's. */
    sts: number;
    minTotal: number;
    minWrites: number;
    /** The minimum, by command. */
    minimum: Record<string, number>;
    byCommand: Record<string, number>;
    /** Calls above the minimum, by command (negative: fewer than the minimum, which would be a bench error). */
    excess: Record<string, number>;
    /** What the operation changed (updates only). */
    note?: string;
}

export interface StackCalls {
    /** What was measured: a stack, or a stack with a config edit. */
    label: string;
    stack: string;
    /** Device Defender dynamic resources by kind. */
    resources: Record<Kind, number>;
    targets: number;
    operations: OperationCalls[];
    /** Error answers from the endpoint, by `<operation> <error type>` (an expected one: NotConfigured before logging is first set). */
    errors: Record<string, number>;
    /** After the one-setting update, refresh read every resource as the stack left it (no drift). */
    refreshClean: boolean;
    /** The one-setting update updated one resource, and refresh read the new value back. */
    updateApplied: boolean;
    /** After destroy, the fake account holds nothing this stack created. */
    destroyClean: boolean;
}

export const tally = (calls: readonly string[]) => {
    const byCommand: Record<string, number> = {};
    for (const c of calls) byCommand[c] = (byCommand[c] ?? 0) + 1;
    return byCommand;
};

export function summarize(
    operation: string,
    calls: string[],
    sts: number,
    minimum: string[],
    note?: string,
): OperationCalls {
    const byCommand = tally(calls),
        min = tally(minimum);
    const excess: Record<string, number> = {};
    for (const c of new Set([...Object.keys(byCommand), ...Object.keys(min)])) {
        const d = (byCommand[c] ?? 0) - (min[c] ?? 0);
        if (d !== 0) excess[c] = d;
    }
    const writes = calls.filter(c => !isRead(c)).length;
    return {
        operation,
        total: calls.length,
        reads: calls.length - writes,
        writes,
        sts,
        minTotal: minimum.length,
        minWrites: minimum.filter(c => !isRead(c)).length,
        minimum: min,
        byCommand,
        excess,
        note,
    };
}
