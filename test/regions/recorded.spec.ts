import * as assert from "assert";
import { buildOffline } from "../harness";
import { readRecord, recordOf, writeRecord } from "./recorded";

/**
 * A stack of one region deploys exactly what it did before stacks could cover several: the same
 * URNs on the same provider with the same physical names and regions, so `pulumi up` after the
 * upgrade replaces nothing. After a deliberate change to what dev or prod deploy, re-record with
 * `RECORD_STACKS=1 npx mocha test/regions/recorded.spec.ts` and review the diff.
 */
describe("a stack of one region, as recorded before multi-region", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: the same resources, providers, physical names and regions`, async () => {
            const { engine } = await buildOffline(stack, { serializeProviders: false });
            const now = recordOf(engine.resources);
            if (process.env.RECORD_STACKS) writeRecord(stack, now);
            const before = readRecord(stack);
            const urns = (r: readonly { urn: string }[]) => r.map(x => x.urn);
            assert.deepStrictEqual(
                urns(now).filter(u => !urns(before).includes(u)),
                [],
                "resources created",
            );
            assert.deepStrictEqual(
                urns(before).filter(u => !urns(now).includes(u)),
                [],
                "resources deleted",
            );
            assert.deepStrictEqual(now, before);
        });
    }
});
