/**
 * One MQTT 3.1.1 connection of the drill device over TLS with its certificate, as small
 * operations the misbehaviours are made of: connect, publish (and learn whether the broker
 * accepted it or dropped the connection, which is how AWS IoT answers an unauthorised publish
 * under MQTT 3.1.1), close cleanly, or drop without DISCONNECT. Never reconnects by itself.
 */
import { connectAsync, MqttClient } from "mqtt";
import { isIP } from "net";
import { DeviceCredentials } from "./setup";

/** Where the device connects: AWS IoT's MQTT over TLS port, or a test broker's. */
export interface Broker {
    readonly host: string;
    readonly port: number;
    /** Trusted CA in PEM (a test broker's); default Node's roots, which hold Amazon's. */
    readonly ca?: string;
}

/** AWS IoT Core's port for MQTT over TLS with client certificates. */
export const MQTT_TLS_PORT = 8883;

/** How long a connect, a publish acknowledgement or a close may take. */
export const LINK_TIMEOUT_MS = 10_000;

export type PublishOutcome = "accepted" | "dropped";

export interface Link {
    /** QoS 1 publish: "accepted" on PUBACK, "dropped" when the broker closes the connection instead. */
    publish(topic: string, payload: Buffer): Promise<PublishOutcome>;
    /** Clean close: DISCONNECT, then the socket. */
    close(): Promise<void>;
    /** Abrupt close: the socket only, as a device losing power or network. */
    drop(): void;
}

export async function openLink(
    broker: Broker,
    clientId: string,
    credentials: DeviceCredentials,
): Promise<Link> {
    const client: MqttClient = await connectAsync({
        protocol: "mqtts",
        host: broker.host,
        port: broker.port,
        // SNI takes host names only (RFC 6066); a test broker on 127.0.0.1 gets none.
        servername: isIP(broker.host) ? undefined : broker.host,
        ca: broker.ca,
        cert: credentials.certificatePem,
        key: credentials.privateKey,
        clientId,
        protocolVersion: 4,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: LINK_TIMEOUT_MS,
        rejectUnauthorized: true,
    });
    let closed = client.disconnected;
    const closedOnce = new Promise<void>(resolve =>
        client.once("close", () => {
            closed = true;
            resolve();
        }),
    );
    // Errors surface through the outcomes below; an unhandled 'error' event would crash the process.
    client.on("error", () => undefined);
    return {
        async publish(topic, payload) {
            if (closed) return "dropped";
            const acked = client.publishAsync(topic, payload, { qos: 1 }).then(
                () => "accepted" as const,
                () => "dropped" as const,
            );
            const outcome = await Promise.race([
                acked,
                closedOnce.then(() => "dropped" as const),
                delay(LINK_TIMEOUT_MS).then(() => "timeout" as const),
            ]);
            if (outcome === "timeout") {
                client.end(true);
                throw new Error(`no PUBACK and no close within ${LINK_TIMEOUT_MS} ms on ${topic}`);
            }
            return outcome;
        },
        async close() {
            if (!closed) await client.endAsync();
            else client.end(true);
        },
        drop() {
            client.stream?.destroy();
            client.end(true);
        },
    };
}

function delay(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms).unref());
}
