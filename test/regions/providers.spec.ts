/**
 * The dynamic providers talk to the region each resource is in: one provider per type serves
 * every region of a stack, and each call builds its IoT client for the resource's `region`.
 */
import * as assert from "assert";
import {
    DescribeSecurityProfileCommand,
    ListTagsForResourceCommand,
    ListTargetsForSecurityProfileCommand,
} from "@aws-sdk/client-iot";
import { securityProfileProvider as provider } from "../../components/iot/securityProfile";
import { useIotMock } from "../iot/support";
import { described, NAME, state } from "../iot/securityProfile/fixtures";

describe("dynamic providers in a stack of several regions", () => {
    const mock = useIotMock();

    it("read a resource with a client for its own region, whichever region came before", async () => {
        mock.iot.on(DescribeSecurityProfileCommand).resolves(described());
        mock.iot.on(ListTargetsForSecurityProfileCommand).resolves({ securityProfileTargets: [] });
        mock.iot.on(ListTagsForResourceCommand).resolves({ tags: [] });
        for (const region of ["us-east-1", "ap-southeast-2", "eu-west-1"])
            await provider.read!(NAME, { ...state(), region });
        const regions = await Promise.all(
            mock.iot
                .commandCalls(DescribeSecurityProfileCommand)
                .map(c =>
                    (c.thisValue as { config: { region(): Promise<string> } }).config.region(),
                ),
        );
        assert.deepStrictEqual(regions, ["us-east-1", "ap-southeast-2", "eu-west-1"]);
    });
});
