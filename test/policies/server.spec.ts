/**
 * Every rule is proven through the real analyzer server at least once: its spec (the describe block
 * that names it) runs one of its cases with checkOnServer or checkStackOnServer (./onServer.ts), and
 * the server must report what the rule reports. The other cases call the rules directly, for speed.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policies/rules";

/** Each top-level describe block of the policy specs, by its title, with its source. */
function describeBlocks(): { title: string; body: string }[] {
    return fs
        .readdirSync(__dirname)
        .filter(f => f.endsWith(".spec.ts"))
        .flatMap(f =>
            fs
                .readFileSync(path.join(__dirname, f), "utf8")
                .split(/^(?=describe\()/m)
                .map(body => ({ title: /^describe\("([^"]*)"/.exec(body)?.[1] ?? "", body })),
        );
}

describe("the rules through the analyzer server", () => {
    it("every rule's spec runs a case through the server", () => {
        const blocks = describeBlocks();
        const unproven = allPolicies
            .map(p => p.name)
            .filter(
                name =>
                    !blocks.some(
                        b =>
                            (b.title.includes(`policy ${name} `) ||
                                b.title.includes(`policy ${name}:`) ||
                                b.body.includes(`it("${name} `)) &&
                            /\bcheck(Stack)?OnServer\(/.test(b.body),
                    ),
            );
        assert.deepStrictEqual(unproven, []);
    });
});
