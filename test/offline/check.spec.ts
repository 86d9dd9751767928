import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../components/config/configError";
import { PROJECT_ROOT, stackNames } from "../../components/config/stackFile";
import { DEFAULT_POLICY_CONFIG, main, StackBuilder } from "../../tools/offline/check";
import { stackEntries } from "../../tools/offline/stacks";
import { buildOffline } from "../harness";

/** A project folder with this project's Pulumi.yaml and dev's stack file copied as `stack`. */
function projectWithCopyOfDev(stack: string, environment?: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "iot-defender-stack-"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    let text = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8");
    if (environment)
        text = text.replace(
            "iot-defender:environment: dev",
            `iot-defender:environment: ${environment}`,
        );
    fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), text);
    return root;
}

describe("a new stack", () => {
    it("a stack file copied with its environment unchanged is refused: it would share the original's physical names", async () => {
        const root = projectWithCopyOfDev("staging");
        await assert.rejects(
            buildOffline("staging", { root }),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.problems.some(p =>
                    p.startsWith(`iot-defender:environment: must be the stack's name, "staging"`),
                ),
        );
    });

    it("npm run check on a stack without its own policy config uses the documented default, says so, and says how to fix each mandatory violation", async () => {
        const root = projectWithCopyOfDev("staging", "staging");
        const inCopy: StackBuilder = (stack, options) => buildOffline(stack, { ...options, root });
        const lines: string[] = [];
        assert.strictEqual(await main(["staging"], l => lines.push(l), inCopy), 1);
        assert.strictEqual(
            lines[0],
            `policy pack config: ${DEFAULT_POLICY_CONFIG} (the default, every policy mandatory: there is no policies/policy-config.staging.json; add one to configure this stack's policies)`,
        );
        const mandatory = lines.flatMap((l, i) => (l.startsWith("[mandatory]") ? [i] : []));
        assert.ok(mandatory.length > 0, lines.join("\n"));
        for (const i of mandatory) {
            const policy = lines[i].split(" ")[1];
            assert.strictEqual(
                lines[i + 1],
                `    to fix: change the stack as the message says; or, if this stack may differ, set "${policy}": "advisory" (or the policy's config keys, policies/README.md) in a new policies/policy-config.staging.json`,
            );
        }
        assert.match(lines[lines.length - 1], /^policy check staging: .* - FAILED$/);
    });

    it("the default policy config makes every policy mandatory and is documented in policies/README.md", () => {
        const config = JSON.parse(
            fs.readFileSync(path.join(PROJECT_ROOT, DEFAULT_POLICY_CONFIG), "utf8"),
        );
        assert.strictEqual(config.all, "mandatory");
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "policies", "README.md"), "utf8");
        assert.ok(readme.includes("policy-config.default.json"));
    });

    it("npm run check -- --all checks every stack file; npm run stacks lists each with its policy config", async () => {
        const checked: string[] = [];
        const recording: StackBuilder = (stack, options) => {
            checked.push(stack);
            return buildOffline(stack, options);
        };
        assert.strictEqual(await main(["--all"], () => undefined, recording), 0);
        assert.deepStrictEqual(checked, stackNames());
        const root = projectWithCopyOfDev("staging", "staging");
        assert.deepStrictEqual(stackEntries(root), [
            { stack: "staging", policyConfig: DEFAULT_POLICY_CONFIG },
        ]);
        assert.deepStrictEqual(
            stackEntries().map(e => e.policyConfig),
            stackNames().map(s => `policies/policy-config.${s}.json`),
        );
    });

    it("nothing in package.json or the workflow lists dev and prod where the list of stack files would do", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
        for (const [name, script] of Object.entries<string>(pkg.scripts)) {
            assert.ok(!/\b(dev|prod)\b/.test(script), `script ${name} names a stack: ${script}`);
        }
        const workflow = fs.readFileSync(
            path.join(PROJECT_ROOT, ".github", "workflows", "iot-defender.yml"),
            "utf8",
        );
        const code = workflow
            .split("\n")
            .filter(l => !l.trim().startsWith("#"))
            .join("\n");
        assert.ok(!/\b(dev|prod)\b/.test(code), "the workflow's steps name dev or prod");
        assert.match(code, /include: \$\{\{ fromJSON\(needs\.stacks\.outputs\.matrix\) \}\}/);
        assert.match(code, /npm run -s stacks/);
    });
});
