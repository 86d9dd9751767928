/** What makes a topic unfit to publish to; read by the config (metrics export), each reader wording it. */
import { MQTT_PUBLISH_TOPIC } from "../aws/mqtt";

export type PublishTopicProblem =
    | { readonly code: "empty" }
    | { readonly code: "wildcard"; readonly wildcard: string }
    | { readonly code: "null-character" }
    | { readonly code: "too-long"; readonly bytes: number }
    | { readonly code: "too-deep"; readonly slashes: number }
    | { readonly code: "reserved" };

/** Every problem with a topic as a publish topic of AWS IoT Core (none: fine). */
export function publishTopicProblems(topic: string): PublishTopicProblem[] {
    if (topic.length === 0) return [{ code: "empty" }];
    const problems: PublishTopicProblem[] = [];
    for (const wildcard of MQTT_PUBLISH_TOPIC.wildcards)
        if (topic.includes(wildcard)) problems.push({ code: "wildcard", wildcard });
    if (topic.includes("\u0000")) problems.push({ code: "null-character" });
    const bytes = new TextEncoder().encode(topic).length;
    if (bytes > MQTT_PUBLISH_TOPIC.maxBytes) problems.push({ code: "too-long", bytes });
    const ingest = topic.match(MQTT_PUBLISH_TOPIC.basicIngest)?.[0];
    if (topic.startsWith("$") && !ingest) problems.push({ code: "reserved" });
    const slashes = (ingest ? topic.slice(ingest.length) : topic).split("/").length - 1;
    if (slashes > MQTT_PUBLISH_TOPIC.maxSlashes) problems.push({ code: "too-deep", slashes });
    return problems;
}
