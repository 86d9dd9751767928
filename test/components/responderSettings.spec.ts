/**
 * The responder's settings at fleet size: what grows with the stack is packed as settings.json in
 * the Lambda's package, so a stack with hundreds of named profiles still deploys a function whose
 * environment fits Lambda's 4 KB, and the packaged code reads every profile from the file. What
 * stays in the environment is checked against the limit when the component is constructed.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    LAMBDA_ENVIRONMENT_MAX_BYTES,
    lambdaEnvironmentBytes,
    SNS_TOPIC_ARN_LENGTH,
    SQS_QUEUE_URL_MAX_LENGTH,
} from "../../components/facts";
import { stackInventory } from "../../components/inventory";
import { Remediation } from "../../components/remediation";
import {
    checkEnvironmentSize,
    type EnvironmentArgs,
    environmentSize,
    responderEnvironment,
} from "../../components/remediation/responderSettings";
import type { ConfigResult } from "../../lambda/responder/config";
import type { OfflineBuild } from "../../tools/offline/build";
import { buildOffline, editJson } from "../harness";
import { packageOf, packedSettingsOf } from "./responderPackage";

const FLEET = 300;
const FUNCTION = "aws:lambda/function:Function";

/** A named profile per thing group of the fleet, as a large stack would have them. */
const fleetProfile = (i: number) => ({
    name: `fleet-group-${String(i).padStart(3, "0")}-authorization-failures`,
    targets: { thingGroups: [`fleet-group-${String(i).padStart(3, "0")}`] },
    behaviors: [
        {
            name: "AuthorizationFailures",
            metric: "aws:num-authorization-failures",
            operator: "greater-than",
            threshold: 5,
            durationSeconds: 300,
        },
    ],
});

/** Unpacks a package to a fresh folder and loads one of its modules, as Lambda would. */
function loadPackaged(files: Record<string, string>, module: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "responder-package-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return require(path.join(dir, module)); // eslint-disable-line @typescript-eslint/no-require-imports
}

describe("Remediation component: the responder's settings at fleet size", () => {
    let fleet: OfflineBuild;
    before(async () => {
        fleet = await buildOffline("prod", {
            edit: v =>
                editJson(v, "detect", d => {
                    d.profiles = Array.from({ length: FLEET }, (_, i) => fleetProfile(i));
                }),
        });
    });

    it(`builds a stack of ${FLEET} named profiles whose profile list alone would not fit the environment`, async () => {
        const fn = fleet.engine.ofType(FUNCTION)[0];
        const { SECURITY_PROFILES } = await packedSettingsOf(fn);
        const deployed = stackInventory(fleet.settings).securityProfiles.map(p => p.name);
        assert.strictEqual(
            SECURITY_PROFILES.length,
            FLEET + 2,
            "the short form's two and the fleet's",
        );
        assert.deepStrictEqual([...SECURITY_PROFILES].sort(), [...deployed].sort());
        // The list as the variable it used to be: far over the limit Lambda refuses at deploy.
        assert.ok(
            lambdaEnvironmentBytes({ SECURITY_PROFILES: JSON.stringify(SECURITY_PROFILES) }) >
                3 * LAMBDA_ENVIRONMENT_MAX_BYTES,
        );
        const variables = fn.inputs.environment.variables as Record<string, string>;
        assert.ok(lambdaEnvironmentBytes(variables) < 1024, JSON.stringify(variables));
    });

    it("the packaged code reads every profile from its settings file, with the function's environment", async () => {
        const fn = fleet.engine.ofType(FUNCTION)[0];
        const files = await packageOf(fn);
        const { readConfig } = loadPackaged(files, "config.js");
        const env = { ...fn.inputs.environment.variables, AWS_REGION: "eu-west-1" };
        const result = readConfig(env) as ConfigResult;
        assert.ok(result.ok, JSON.stringify(result));
        assert.strictEqual(result.config.securityProfiles.size, FLEET + 2);
        assert.ok(
            result.config.securityProfiles.has(
                "iot-defender-prod-fleet-group-299-authorization-failures",
            ),
        );
        assert.strictEqual(result.config.quarantineActionName, "iot-defender-prod-quarantine");
    });

    it("the packaged code without its settings file dead-letters, naming the file", async () => {
        const fn = fleet.engine.ofType(FUNCTION)[0];
        const { "settings.json": _settings, ...code } = await packageOf(fn);
        const { readConfig } = loadPackaged(code, "config.js");
        const env = { ...fn.inputs.environment.variables, AWS_REGION: "eu-west-1" };
        assert.deepStrictEqual(readConfig(env), {
            ok: false,
            problems: [
                "settings.json cannot be read (ENOENT): the deployment package must hold it beside handler.js",
            ],
            deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
            region: "eu-west-1",
        });
    });
});

describe("Remediation component: the responder's environment fits Lambda's 4 KB", () => {
    /** The alert topic's ARN as the component gets it: an output, unknown until deployed. */
    const unknownTopic = pulumi.output("arn:aws:sns:eu-west-1:123456789012:alerts");
    const args = (topicArn: EnvironmentArgs["topicArn"]): EnvironmentArgs =>
        ({
            dryRun: false,
            names: { quarantineGroup: "iot-defender-prod-quarantine" },
            topicArn,
        }) as EnvironmentArgs;

    it("sizes unknown outputs at their longest: the queue URL and topic ARN from name limits", () => {
        const { bytes, largest } = environmentSize(
            responderEnvironment(args(unknownTopic), undefined),
        );
        assert.deepStrictEqual(
            largest.map(([key]) => key),
            ["DEAD_LETTER_QUEUE_URL", "ALERT_TOPIC_ARN", "QUARANTINE_GROUP", "DRY_RUN"],
        );
        assert.strictEqual(
            largest[0][1],
            '"DEAD_LETTER_QUEUE_URL":""'.length + SQS_QUEUE_URL_MAX_LENGTH,
        );
        assert.strictEqual(largest[1][1], '"ALERT_TOPIC_ARN":""'.length + SNS_TOPIC_ARN_LENGTH.max);
        // The worst case of every stack: about a fifth of the limit.
        assert.ok(bytes < LAMBDA_ENVIRONMENT_MAX_BYTES / 4, String(bytes));
        assert.doesNotThrow(() => checkEnvironmentSize(args(unknownTopic)));
    });

    it("refuses, before anything is created, an environment over the limit, naming its size, the limit and the largest variables", () => {
        const topicArn = `arn:aws:sns:eu-west-1:123456789012:${"t".repeat(4000)}`;
        assert.throws(
            () => checkEnvironmentSize(args(topicArn)),
            (err: Error) => {
                assert.match(
                    err.message,
                    /^Remediation: the responder's environment variables may take 4\d{3} bytes, over Lambda's limit of 4096 bytes for all of a function's variables combined; the largest: ALERT_TOPIC_ARN \(40\d\d bytes\), DEAD_LETTER_QUEUE_URL \(3\d\d bytes\), QUARANTINE_GROUP \(\d+ bytes\)$/,
                );
                return true;
            },
        );
    });

    it("the Remediation component runs the check on its arguments before creating any child", async () => {
        const thrown: Error[] = [];
        const { engine } = await buildOffline("prod", {
            extend: settings => {
                const r = settings.remediation;
                try {
                    new Remediation("oversized", {
                        region: "eu-west-1",
                        accountId: "123456789012",
                        partition: "aws",
                        names: stackInventory(settings).remediation!,
                        actions: r.actions,
                        loggingLevel: r.loggingLevel,
                        dryRun: r.dryRun,
                        violationResponses: r.violationResponses,
                        auditResponses: r.auditResponses,
                        insightAlarms: [],
                        securityProfiles: [],
                        topicArn: `arn:aws:sns:eu-west-1:123456789012:${"t".repeat(4000)}`,
                        topicKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
                        dlqAlarmThreshold: r.dlqAlarmThreshold,
                        tags: {},
                    });
                } catch (err) {
                    thrown.push(err as Error);
                }
            },
        });
        assert.strictEqual(thrown.length, 1);
        assert.match(thrown[0].message, /over Lambda's limit of 4096 bytes/);
        assert.deepStrictEqual(
            engine.resources.filter(x => x.name.startsWith("oversized-")).map(x => x.name),
            [],
        );
    });

    it("has no unknown variable without a bound", () => {
        assert.throws(
            () =>
                environmentSize({
                    ...responderEnvironment(args(unknownTopic), undefined),
                    QUARANTINE_GROUP: undefined,
                }),
            /QUARANTINE_GROUP is not known before deployment and has no bound/,
        );
    });
});
