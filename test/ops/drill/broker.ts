/**
 * A local stand-in for AWS IoT's MQTT endpoint: an aedes broker on 127.0.0.1 behind TLS with a
 * certificate made at test time, requiring a client certificate signed by the same test CA (the
 * one the mocked CreateKeysAndCertificate hands out), and enforcing an IoT policy document as AWS
 * IoT would for MQTT 3.1.1: a CONNECT the policy does not allow is refused, a PUBLISH it does not
 * allow drops the connection. Records every connection, publish and disconnect.
 */
import { Aedes, Client } from "aedes";
import { AddressInfo } from "net";
import { generate } from "selfsigned";
import * as tls from "tls";

export interface TestPki {
    /** The CA (and server) certificate a client must trust. */
    readonly ca: string;
    readonly serverKey: string;
    /** A device certificate and key signed by the CA, as CreateKeysAndCertificate returns them. */
    readonly deviceCert: string;
    readonly deviceKey: string;
}

/** One certificate authority for the whole run: RSA key generation is slow. */
let pki: Promise<TestPki> | undefined;
export function testPki(): Promise<TestPki> {
    pki ??= generate([{ name: "commonName", value: "127.0.0.1" }], {
        keySize: 2048,
        notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
        algorithm: "sha256",
        extensions: [
            { name: "basicConstraints", cA: true },
            { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
        ],
        clientCertificate: { cn: "drill-device" },
    }).then(p => ({
        ca: p.cert,
        serverKey: p.private,
        deviceCert: p.clientcert!,
        deviceKey: p.clientprivate!,
    }));
    return pki;
}

/** What the broker saw. */
export interface BrokerLog {
    /** Client IDs of accepted connections, in order. */
    readonly connections: string[];
    /** Client IDs of refused CONNECTs. */
    readonly refused: string[];
    /** Accepted publishes. */
    readonly published: { readonly topic: string; readonly size: number }[];
    /** Publishes the policy denied (each dropped its connection). */
    readonly denied: { readonly topic: string; readonly size: number }[];
    /** Connections closed with DISCONNECT, and without. */
    cleanDisconnects: number;
    abruptDisconnects: number;
}

export interface TestBroker {
    readonly port: number;
    readonly ca: string;
    readonly log: BrokerLog;
    /** The policy the broker enforces (set it once the drill has created it). */
    policy: PolicyDocument | undefined;
    /** The thing the device certificate is attached to (`${iot:Connection.Thing.ThingName}`). */
    thingName: string | undefined;
    close(): Promise<void>;
}

export interface PolicyDocument {
    readonly Statement: readonly {
        readonly Effect: string;
        readonly Action: string | readonly string[];
        readonly Resource: string | readonly string[];
    }[];
}

export const TEST_ARN_BASE = "arn:aws:iot:eu-west-1:123456789012";

export async function startBroker(): Promise<TestBroker> {
    const keys = await testPki();
    const log: BrokerLog = {
        connections: [],
        refused: [],
        published: [],
        denied: [],
        cleanDisconnects: 0,
        abruptDisconnects: 0,
    };
    const state: TestBroker = {
        port: 0,
        ca: keys.ca,
        log,
        policy: undefined,
        thingName: undefined,
        close: async () => undefined,
    };
    const allowed = (action: string, resource: string) =>
        state.policy !== undefined && allows(state.policy, action, resource, state.thingName ?? "");
    const broker = await Aedes.createBroker({
        authenticate: (client: Client, _user, _pass, done) => {
            if (allowed("iot:Connect", `${TEST_ARN_BASE}:client/${client.id}`)) done(null, true);
            else {
                log.refused.push(client.id);
                done(Object.assign(new Error("not authorized"), { returnCode: 5 as const }), false);
            }
        },
        authorizePublish: (_client, packet, done) => {
            const entry = { topic: packet.topic, size: packet.payload.length };
            if (allowed("iot:Publish", `${TEST_ARN_BASE}:topic/${packet.topic}`)) {
                log.published.push(entry);
                done(null);
            } else {
                log.denied.push(entry);
                done(new Error("not authorized"));
            }
        },
    });
    broker.on("client", c => log.connections.push(c.id));
    broker.on("clientDisconnect", c => {
        if ((c as unknown as { _disconnected?: boolean })._disconnected) log.cleanDisconnects++;
        else log.abruptDisconnects++;
    });
    const server = tls.createServer(
        {
            key: keys.serverKey,
            cert: keys.ca,
            ca: keys.ca,
            requestCert: true,
            rejectUnauthorized: true,
        },
        socket => broker.handle(socket),
    );
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    return Object.assign(state, {
        port: (server.address() as AddressInfo).port,
        close: () =>
            new Promise<void>(resolve => {
                broker.close(() => server.close(() => resolve()));
            }),
    });
}

/**
 * Whether an IoT policy allows an action on a resource: some Allow statement matches and no Deny
 * does. `*` in a resource matches any characters; the thing-name policy variable is substituted.
 */
export function allows(
    policy: PolicyDocument,
    action: string,
    resource: string,
    thingName: string,
): boolean {
    const list = (v: string | readonly string[]) => (typeof v === "string" ? [v] : v);
    const matches = (pattern: string) =>
        new RegExp(
            `^${pattern
                .replace("${iot:Connection.Thing.ThingName}", thingName)
                .split("*")
                .map(p => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*")}$`,
        ).test(resource);
    const hit = (effect: string) =>
        policy.Statement.some(
            s =>
                s.Effect === effect &&
                list(s.Action).some(a => a === action || a === "iot:*") &&
                list(s.Resource).some(matches),
        );
    return hit("Allow") && !hit("Deny");
}
