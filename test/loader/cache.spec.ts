/** The loader's cache folders (loader/cache.js): where a cache with an environment switch lives. */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CACHE_DIR, switchedCacheDir } from "../../loader/cache";

const ROOT = path.join(__dirname, "..", "..");
const SWITCH = "IOT_DEFENDER_SPEC_CACHE_SWITCH";

describe("cache folders (loader/cache.js)", () => {
    afterEach(() => delete process.env[SWITCH]);

    it("is off with the switch at off, the folder it names otherwise, else its bucket", () => {
        process.env[SWITCH] = "off";
        assert.strictEqual(switchedCacheDir(SWITCH, "bucket"), undefined);
        process.env[SWITCH] = "some/folder";
        assert.strictEqual(switchedCacheDir(SWITCH, "bucket"), path.resolve("some/folder"));
        delete process.env[SWITCH];
        assert.strictEqual(switchedCacheDir(SWITCH, "bucket"), path.join(CACHE_DIR, "bucket"));
    });

    it("makes its own default folder private, as one a looser umask or an older version made", function () {
        if (typeof process.getuid !== "function") this.skip();
        const bucket = `spec-private-${process.pid}`;
        const dir = path.join(CACHE_DIR, bucket);
        fs.mkdirSync(dir, { recursive: true });
        try {
            fs.chmodSync(dir, 0o775);
            const script = `require("./loader/cache").switchedCacheDir(${JSON.stringify(SWITCH)}, ${JSON.stringify(bucket)})`;
            execFileSync(process.execPath, ["-e", script], { cwd: ROOT });
            assert.strictEqual(fs.statSync(dir).mode & 0o777, 0o700);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
