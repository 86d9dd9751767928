/** `audit.suppressions`: accepted findings, each of an enabled check on one resource, ending in the future or never. */
import * as assert from "assert";
import { assertProblem, configProblems, editJson, Json, stackSettings } from "../harness";

const KEY = "iot-defender:audit.suppressions[0]";
const withSuppression = (s: Json) => (v: Record<string, string>) =>
    editJson(v, "audit", a => {
        a.suppressions = [s];
    });
const rig = (over: Json = {}) => ({
    checkName: "CONFLICTING_CLIENT_IDS_CHECK",
    resourceIdentifier: { clientId: "rig" },
    suppressIndefinitely: true,
    ...over,
});

describe("config audit.suppressions", () => {
    it("none by default (dev); prod accepts its test rig's shared client ID indefinitely", () => {
        assert.deepStrictEqual(stackSettings("dev").audit.suppressions, []);
        const [prod] = stackSettings("prod").audit.suppressions;
        assert.strictEqual(prod.checkName, "CONFLICTING_CLIENT_IDS_CHECK");
        assert.deepStrictEqual(prod.resourceIdentifier, { clientId: "factory-eol-test-rig" });
        assert.strictEqual(prod.suppressIndefinitely, true);
    });

    it("accepts a future date or instant", () => {
        for (const expirationDate of ["2099-12-31", "2099-12-31T12:00:00Z"]) {
            const s = stackSettings(
                "dev",
                withSuppression(rig({ suppressIndefinitely: undefined, expirationDate })),
            );
            assert.strictEqual(s.audit.suppressions[0].expirationDate, expirationDate);
        }
    });

    it("an expiration in the past is an error naming it", () => {
        const problems = configProblems(
            "dev",
            withSuppression(rig({ suppressIndefinitely: undefined, expirationDate: "2020-01-31" })),
        );
        assertProblem(problems, `${KEY}.expirationDate`, "has passed", "2020-01-31");
    });

    it("needs exactly one of expirationDate and suppressIndefinitely: true", () => {
        assertProblem(
            configProblems("dev", withSuppression(rig({ expirationDate: "2099-01-01" }))),
            `${KEY}.expirationDate`,
            "exactly one of",
        );
        assertProblem(
            configProblems("dev", withSuppression(rig({ suppressIndefinitely: false }))),
            `${KEY}.expirationDate`,
            "exactly one of",
        );
        assertProblem(
            configProblems(
                "dev",
                withSuppression(
                    rig({ suppressIndefinitely: undefined, expirationDate: "31/12/2099" }),
                ),
            ),
            `${KEY}.expirationDate`,
            "2027-06-30",
        );
    });

    it("the check must be enabled in audit.checks", () => {
        const problems = configProblems(
            "dev",
            withSuppression(
                rig({ checkName: "INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK" }),
            ),
        );
        assertProblem(problems, `${KEY}.checkName`, "is not enabled in audit.checks");
    });

    it("the resource is exactly one member of ResourceIdentifier, within the API's limits", () => {
        assertProblem(
            configProblems(
                "dev",
                withSuppression(
                    rig({ resourceIdentifier: { clientId: "a", account: "123456789012" } }),
                ),
            ),
            `${KEY}.resourceIdentifier`,
            "exactly one of",
        );
        assertProblem(
            configProblems(
                "dev",
                withSuppression(rig({ resourceIdentifier: { deviceCertificateId: "xyz" } })),
            ),
            `${KEY}.resourceIdentifier.deviceCertificateId`,
            "64 hexadecimal",
            '"xyz"',
        );
    });

    it("two suppressions of the same check and resource are an error", () => {
        const problems = configProblems("dev", v =>
            editJson(v, "audit", a => {
                a.suppressions = [rig(), rig({ description: "again" })];
            }),
        );
        assertProblem(problems, "iot-defender:audit.suppressions", "has two suppressions of");
    });
});
