/**
 * Checked cache entries (loader/checkedEntry.js): read only when whole, of their format, under
 * their key, and from a folder that is the user's own and writable by no one else.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { privateFolder, readEntry, writeEntry } from "../../loader/checkedEntry";

describe("checked cache entries (loader/checkedEntry.js)", () => {
    let dir = "";
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "entries-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const KEY = "a".repeat(64);

    it("reads back what was written, for its format and key only", () => {
        assert.strictEqual(writeEntry(dir, "format 1", KEY, "the text"), true);
        assert.strictEqual(readEntry(dir, "format 1", KEY), "the text");
        assert.strictEqual(readEntry(dir, "format 2", KEY), undefined, "another format");
        fs.copyFileSync(path.join(dir, `${KEY}.json`), path.join(dir, `${"b".repeat(64)}.json`));
        assert.strictEqual(readEntry(dir, "format 1", "b".repeat(64)), undefined, "another key");
        assert.strictEqual(readEntry(dir, "format 1", "c".repeat(64)), undefined, "absent");
    });

    it("reads a damaged entry as absent", () => {
        writeEntry(dir, "f", KEY, "the text");
        const file = path.join(dir, `${KEY}.json`);
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("the text", "the test"));
        assert.strictEqual(readEntry(dir, "f", KEY), undefined, "checksum");
        fs.writeFileSync(file, "{");
        assert.strictEqual(readEntry(dir, "f", KEY), undefined, "not JSON");
    });

    it("makes its folder private, and neither reads nor writes where others may write or own it", function () {
        if (typeof process.getuid !== "function") this.skip();
        const made = path.join(dir, "made");
        assert.strictEqual(writeEntry(made, "f", KEY, "x"), true);
        assert.strictEqual(fs.statSync(made).mode & 0o077, 0, "made for the user alone");
        assert.strictEqual(privateFolder(made), true);
        fs.chmodSync(made, 0o777);
        const warnings: string[] = [];
        const emit = process.emitWarning;
        process.emitWarning = ((w: string | Error) =>
            void warnings.push(String(w))) as typeof process.emitWarning;
        try {
            assert.strictEqual(privateFolder(made), false);
            assert.strictEqual(privateFolder(made), false);
        } finally {
            process.emitWarning = emit;
        }
        assert.strictEqual(warnings.length, 1, "said once, naming the folder");
        assert.ok(warnings[0].includes(made));
        assert.strictEqual(readEntry(made, "f", KEY), undefined, "planted by anyone");
        assert.strictEqual(writeEntry(made, "f", KEY, "y"), false);
        fs.chmodSync(made, 0o700);
        if (process.getuid!() === 0) {
            fs.chownSync(made, 12345, 12345);
            assert.strictEqual(readEntry(made, "f", KEY), undefined, "another user's folder");
            fs.chownSync(made, 0, 0);
        }
        assert.strictEqual(readEntry(made, "f", KEY), "x");
    });
});
