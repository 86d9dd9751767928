/**
 * The CrossGuard pack. Constructing a PolicyPack starts the analyzer server (and a second one exits
 * the process), so nothing but the Pulumi CLI loads this file: tests and `npm run check` import
 * ./rules instead.
 *
 *   pulumi preview --stack prod --policy-pack policies --policy-pack-config policies/policy-config.prod.json
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies, PACK_NAME } from "./rules";

new PolicyPack(PACK_NAME, {
    description: "AWS IoT Device Defender guardrails for the iot-defender program",
    policies: allPolicies,
});
