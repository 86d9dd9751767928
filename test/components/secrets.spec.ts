import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { keepSecret } from "../../components/secrets";
import { OfflineEngine } from "../harness";

const isSecret = (v: unknown) =>
    (pulumi.output(v) as unknown as { isSecret: Promise<boolean> }).isSecret;

describe("keepSecret: a secret config value stays secret wherever it goes", () => {
    const engine = new OfflineEngine();
    before(() => engine.install("p", "s", { "aws:region": "eu-west-1" }));
    after(() => engine.release());

    it("wraps a string that holds a secret, alone or inside a longer string", async () => {
        assert.ok(await isSecret(keepSecret("tok3n", ["tok3n"])));
        assert.ok(await isSecret(keepSecret('{"url":"https://x/?t=tok3n"}', ["tok3n"])));
        assert.strictEqual(keepSecret("plain", ["tok3n"]), "plain");
    });

    it("keeps the shape of maps and lists: only the leaf that holds the secret becomes one", async () => {
        const kept = keepSecret({ Owner: "tok3n", Stack: "dev", list: ["a", "tok3n"] }, [
            "tok3n",
        ]) as Record<string, unknown>;
        assert.strictEqual(kept.Stack, "dev");
        assert.ok(await isSecret(kept.Owner));
        assert.strictEqual((kept.list as unknown[])[0], "a");
        assert.ok(await isSecret((kept.list as unknown[])[1]));
    });

    it("checks an Output once it resolves, and leaves assets and other objects alone", async () => {
        assert.ok(await isSecret(keepSecret(pulumi.output("x-tok3n"), ["tok3n"])));
        assert.ok(!(await isSecret(keepSecret(pulumi.output("x"), ["tok3n"]))));
        const asset = new pulumi.asset.StringAsset("tok3n");
        assert.strictEqual(keepSecret(asset, ["tok3n"]), asset);
    });
});
