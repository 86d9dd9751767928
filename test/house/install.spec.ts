/**
 * Installing: `npm ci` brings the devDependencies wherever it runs. The program needs them at run
 * time (Node 22, ts-node and TypeScript for the loader) and `npm test` needs the rest (ESLint,
 * Prettier, mocha), yet npm leaves them out where NODE_ENV=production or its config omits dev.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** What npm, run in the project with `env` added, resolves `key` to. */
function npmConfig(key: string, env: Record<string, string>): string {
    return execFileSync("npm", ["config", "get", key], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, ...env },
    }).trim();
}

describe("installing (.npmrc)", () => {
    const envs: Record<string, string>[] = [{ NODE_ENV: "production" }, { npm_config_omit: "dev" }];
    for (const env of envs) {
        it(`includes the devDependencies with ${Object.entries(env)[0].join("=")}`, () => {
            assert.match(npmConfig("include", env), /\bdev\b/);
        });
    }
});
