/**
 * MQTT topics Device Defender publishes exported metrics to (`metricsExportConfig.mqttTopic`).
 *
 * Sources: the API model (MqttTopic: 1-512 characters, MQTT_TOPIC_LENGTH in ./limits); the AWS IoT
 * Core message broker quotas (AWS General Reference, "AWS IoT Core endpoints and quotas": topic
 * size 256 bytes of UTF-8, at most 7 forward slashes, the Basic Ingest prefix `$aws/rules/<rule>/`
 * not counted); the developer guide's "MQTT topics" (wildcards `+` and `#` only in subscriptions'
 * topic filters; topics starting with `$` are reserved, `$aws/rules/<rule>` being Basic Ingest).
 */
export const MQTT_PUBLISH_TOPIC = {
    maxBytes: 256,
    maxSlashes: 7,
    wildcards: ["+", "#"],
    /** Basic Ingest: publishes go straight to the named IoT rule. */
    basicIngest: /^\$aws\/rules\/[a-zA-Z0-9_]+\//,
} as const;

/** The ARN an IAM policy names to allow publishing to a topic. */
export function iotTopicArn(
    partition: string,
    region: string,
    account: string,
    topic: string,
): string {
    return `arn:${partition}:iot:${region}:${account}:topic/${topic}`;
}
