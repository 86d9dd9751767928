/**
 * The regions a stack may list in `regions`: those where AWS IoT Device Defender has an endpoint,
 * each with its partition (one stack deploys with one identity, so within one partition).
 *
 * Source: AWS General Reference, "AWS IoT Device Defender endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/iot_device_defender.html), service endpoints
 * table. A region AWS adds later is refused until it is added here.
 */
export const DEVICE_DEFENDER_REGIONS: Readonly<Record<string, "aws" | "aws-cn" | "aws-us-gov">> = {
    "us-east-2": "aws",
    "us-east-1": "aws",
    "us-west-1": "aws",
    "us-west-2": "aws",
    "ap-east-1": "aws",
    "ap-southeast-5": "aws",
    "ap-south-1": "aws",
    "ap-northeast-2": "aws",
    "ap-southeast-1": "aws",
    "ap-southeast-2": "aws",
    "ap-northeast-1": "aws",
    "ca-central-1": "aws",
    "eu-central-1": "aws",
    "eu-west-1": "aws",
    "eu-west-2": "aws",
    "eu-west-3": "aws",
    "eu-north-1": "aws",
    "me-south-1": "aws",
    "sa-east-1": "aws",
    "cn-north-1": "aws-cn",
    "cn-northwest-1": "aws-cn",
    "us-gov-east-1": "aws-us-gov",
    "us-gov-west-1": "aws-us-gov",
};

/** The partition of a region Device Defender serves, or undefined for any other name. */
export function partitionOfRegion(region: string): string | undefined {
    return Object.hasOwn(DEVICE_DEFENDER_REGIONS, region)
        ? DEVICE_DEFENDER_REGIONS[region]
        : undefined;
}
