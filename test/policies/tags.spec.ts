import { DYNAMIC_TYPES } from "../../components/facts";
import { requiredTags } from "../../policies/rules/tags";
import {
    assertFails,
    assertNotApplicable,
    assertPasses,
    assertUnknownOnly,
    check,
    UNKNOWN,
} from "./helpers";
import { checkOnServer } from "./onServer";

const TOPIC = "aws:sns/topic:Topic";
const ALL = { Project: "iot-defender", Stack: "prod", Environment: "prod", Owner: "secops" };
const providerTags = (tags: Record<string, string>) => ({
    region: "eu-west-1",
    defaultTags: JSON.stringify({ tags }),
});

describe("policy required-tags (mandatory)", () => {
    const p = requiredTags;
    it("passes an AWS resource tagged through the provider's defaultTags (JSON text, as the engine sends it)", async () =>
        assertPasses(await check(p, TOPIC, { name: "t" }, { providerProps: providerTags(ALL) })));
    it("passes defaultTags given as an object, merged with the resource's own tags", async () =>
        assertPasses(
            await check(
                p,
                TOPIC,
                { tags: { Owner: "secops" } },
                {
                    providerProps: {
                        defaultTags: { tags: { Project: "p", Stack: "s", Environment: "e" } },
                    },
                },
            ),
        ));
    it("passes an IoT dynamic resource with its own [{Key, Value}] tags", async () =>
        assertPasses(
            await check(p, DYNAMIC_TYPES.SecurityProfile, {
                tags: Object.entries(ALL).map(([Key, Value]) => ({ Key, Value })),
            }),
        ));
    it("rejects an AWS resource missing tags everywhere", async () =>
        assertFails(
            await checkOnServer(
                p,
                TOPIC,
                { tags: { Project: "p" } },
                { providerProps: providerTags({ Stack: "s" }) },
            ),
            "missing required tags: Environment, Owner",
        ));
    it("rejects an IoT resource relying on provider defaultTags (they do not apply to it)", async () =>
        assertFails(
            await check(p, DYNAMIC_TYPES.AccountAudit, {}, { providerProps: providerTags(ALL) }),
            "provider defaultTags do not apply",
        ));
    it("rejects empty values and honours a configured tag list", async () => {
        assertFails(await check(p, TOPIC, { tags: { ...ALL, Owner: "" } }), "empty values: Owner");
        assertFails(
            await check(
                p,
                TOPIC,
                {},
                { providerProps: providerTags(ALL), config: { requiredTags: ["CostCenter"] } },
            ),
            "missing required tags: CostCenter",
        );
    });
    it("does not apply to untaggable resources (topic policies) or exempt types", async () => {
        assertNotApplicable(await check(p, "aws:sns/topicPolicy:TopicPolicy", { policy: "{}" }));
        assertNotApplicable(await check(p, TOPIC, {}, { config: { exemptTypes: [TOPIC] } }));
    });
    it("counts an unknown tag value as set (preview)", async () =>
        assertPasses(await check(p, TOPIC, { tags: { ...ALL, Owner: UNKNOWN } })));
    it("reports nothing when the missing tags might be in unknown tags (preview)", async () =>
        assertUnknownOnly(
            await check(
                p,
                TOPIC,
                { tags: UNKNOWN },
                { providerProps: providerTags({ Project: "p" }) },
            ),
        ));
});
