/** Amazon SQS facts: how long a queue's URL can be, for what must hold one (a Lambda's variables). */

/**
 * CreateQueue's QueueName: "A queue name can have up to 80 characters. Valid values:
 * alphanumeric characters, hyphens (-), and underscores (_)" (SQS API reference, CreateQueue).
 */
export const SQS_QUEUE_NAME_MAX = 80;

/** A DNS name is at most 253 characters (RFC 1035): the bound of any endpoint's host. */
const DNS_NAME_MAX = 253;
/** An AWS account id: 12 digits. */
const ACCOUNT_ID_LENGTH = 12;

/**
 * The longest queue URL, `https://<endpoint host>/<account id>/<queue name>`: the host bounded as
 * a DNS name (`sqs.<region>.<partition's DNS suffix>` in every partition), whatever the region.
 */
export const SQS_QUEUE_URL_MAX_LENGTH =
    "https://".length +
    DNS_NAME_MAX +
    "/".length +
    ACCOUNT_ID_LENGTH +
    "/".length +
    SQS_QUEUE_NAME_MAX;
