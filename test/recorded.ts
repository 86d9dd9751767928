/**
 * What a stack's Detect component deploys for the short form's profiles (`detect.rules`,
 * `detect.ml`: logical names `<stack>-detect-rules...`, `<stack>-detect-ml...`), in a comparable
 * form: type::name -> SHA-256 of its parent and inputs (canonical JSON, keys sorted). The component
 * itself is left out (its inputs are the program's arguments, not AWS's), and so is a dynamic
 * resource's `__provider` (the provider's serialized code). `test/fixtures/recordedDetect.json`
 * holds this for the stack files as they were before named profiles, whose short form must deploy
 * exactly the same.
 */
import { createHash } from "crypto";
import type { RecordedResource } from "../tools/offline/engine";

const DETECT_TYPE = "iot-defender:detect:Detect";

const canonical = (v: unknown): unknown =>
    Array.isArray(v)
        ? v.map(canonical)
        : v && typeof v === "object"
          ? Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map(k => [k, canonical((v as Record<string, unknown>)[k])]),
            )
          : v;

export function detectRecordOf(resources: readonly RecordedResource[]): Record<string, string> {
    return Object.fromEntries(
        resources
            .filter(r => r.custom && r.urn.includes(`${DETECT_TYPE}$`))
            .filter(r => /-detect-(rules|ml)(-violations)?$/.test(r.name))
            .map(({ inputs: { __provider: _code, ...inputs }, ...r }) => ({ ...r, inputs }))
            .map(r => [
                `${r.type}::${r.name}`,
                createHash("sha256")
                    .update(JSON.stringify(canonical({ parent: r.parent, inputs: r.inputs })))
                    .digest("hex"),
            ])
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}
