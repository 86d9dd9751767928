/**
 * AWS calls for the ops commands: `callAws`'s bounded retries, failures kept with the API action
 * and region for one-line errors, and paging.
 */
import { callAws, isNotFound } from "../../components/aws/calls";
import { AwsCallError } from "./errors";

/**
 * Runs one AWS call (retrying throttling and transient errors) and, when it fails for good, throws
 * an AwsCallError naming the action (`iot:DescribeAuditTask`) and the region of `ctx` (the command).
 */
export async function request<T>(
    ctx: { readonly region: string },
    action: string,
    call: () => Promise<T>,
): Promise<T> {
    let attempts = 0;
    let last: unknown;
    try {
        return await callAws(action, async () => {
            attempts++;
            try {
                return await call();
            } catch (err) {
                last = err;
                throw err;
            }
        });
    } catch (err) {
        throw new AwsCallError(action, ctx.region, last ?? err, Math.max(attempts, 1));
    }
}

/** Like `request`, but undefined when AWS says the resource does not exist. */
export async function requestIfExists<T>(
    ctx: { readonly region: string },
    action: string,
    call: () => Promise<T>,
): Promise<T | undefined> {
    try {
        return await request(ctx, action, call);
    } catch (err) {
        if (err instanceof AwsCallError && isNotFound(err.cause)) return undefined;
        throw err;
    }
}

/** A page of a list call: its items and the token of the next page, if any. */
export interface Page<T> {
    readonly items: readonly T[] | undefined;
    readonly next: string | undefined;
}

/** Upper bound on pages, against a service (or mock) that never stops returning a token. */
export const MAX_PAGES = 10_000;

/** Every item of a paged list call, following `nextToken` until it is absent. */
export async function allPages<T>(
    fetch: (token: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
        const result = await fetch(token);
        items.push(...(result.items ?? []));
        if (!result.next || result.next === token) return items;
        token = result.next;
    }
    return items;
}
