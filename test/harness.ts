/**
 * The one test harness: builds stacks through the offline engine (the SDK's mocks, recording every
 * resource with type, name, inputs and parent; strict invokes), loads settings straight from the
 * real `Pulumi.<stack>.yaml` files, and reads Outputs without hanging in preview.
 */
import * as assert from "assert";
import { ConfigError } from "../components/config/configError";
import type { Settings } from "../components/config/load";
import { parseSettings } from "../components/config/parse";
import { readStackConfig } from "../components/config/stackFile";

export { buildOffline } from "../tools/offline/build";
export { OfflineEngine, RecordedResource, TEST_ACCOUNT_ID } from "../tools/offline/engine";
export { readOutput, UNKNOWN } from "../tools/offline/outputs";

/** Settings of a real stack file, optionally edited (values are runtime strings; JSON for structure). */
export function stackSettings(
    stack: string,
    edit?: (values: Record<string, string>) => void,
): Settings {
    const file = readStackConfig(stack);
    const values = { ...file.values };
    edit?.(values);
    return parseSettings(values, file);
}

/**
 * A parsed JSON document a spec reads by path (a policy, a dashboard body, a log line, a config
 * value): its shape is what the spec asserts, so it is deliberately left untyped here, once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Edits one structured key of a stack's config in place. */
export function editJson(
    values: Record<string, string>,
    key: string,
    change: (v: Json) => void,
): void {
    const full = key.includes(":") ? key : `iot-defender:${key}`;
    const v = values[full] === undefined ? {} : JSON.parse(values[full]);
    change(v);
    values[full] = JSON.stringify(v);
}

/** The problems a config edit causes; fails the test if it causes none. */
export function configProblems(
    stack: string,
    edit: (values: Record<string, string>) => void,
): string[] {
    try {
        stackSettings(stack, edit);
    } catch (e) {
        if (e instanceof ConfigError) return [...e.problems];
        throw e;
    }
    assert.fail("expected a ConfigError, but the config was accepted");
}

/** Asserts one problem line mentions the key and every fragment (the bad value, the allowed values). */
export function assertProblem(
    problems: readonly string[],
    key: string,
    ...fragments: string[]
): void {
    const line = problems.find(p => p.startsWith(`${key}:`));
    assert.ok(line, `no problem for ${key}; problems:\n${problems.join("\n")}`);
    for (const f of fragments)
        assert.ok(line.includes(f), `problem for ${key} does not mention ${f}:\n${line}`);
}

/**
 * A stack's behaviours on the Device Defender engine (dev itself runs the logs engine): for specs of
 * what only security profiles have.
 */
export function onDeviceDefender(values: Record<string, string>): void {
    editJson(values, "detect", d => {
        d.engine = "device-defender";
    });
}

/** A policy document as the program passes it: an object (leaves resolved) or, for string-only inputs, JSON text. */
export function documentOf(value: unknown): Json {
    return typeof value === "string" ? JSON.parse(value) : value;
}

/** A built stack's outputs of one region (`regions.<region>`): the home region's by default. */
export function regionOutputs(
    build: { readonly outputs: Record<string, unknown>; readonly settings: { region: string } },
    region = build.settings.region,
): Record<string, unknown> {
    const regions = build.outputs.regions as Record<string, Record<string, unknown>>;
    assert.ok(regions?.[region], `no outputs of region ${region}`);
    return regions[region];
}
