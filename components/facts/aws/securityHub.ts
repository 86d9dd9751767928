/**
 * AWS Security Hub (CSPM) products through which AWS IoT Device Defender sends its findings: one
 * for Audit, one for Detect. Accepting a product's findings is a product subscription
 * (`EnableImportFindingsForProduct`, `aws.securityhub.ProductSubscription`).
 *
 * Source: AWS IoT Device Defender developer guide, "Integration with AWS Security Hub CSPM"
 * (https://docs.aws.amazon.com/iot/latest/developerguide/securityhub-integration.html): its typical
 * findings carry `"ProductArn": "arn:aws:securityhub:us-west-2::product/aws/iot-device-defender-audit"`
 * ("IoT Device Defender - Audit") and
 * `"ProductArn": "arn:aws:securityhub:us-east-1::product/aws/iot-device-defender-detect"`
 * ("IoT Device Defender - Detect"), and it says to "choose Accept findings for Audit, Detect, or
 * both" on the Security Hub integrations page. Security Hub must be enabled first (same page).
 */
export const SECURITY_HUB_PRODUCTS = {
    audit: { product: "aws/iot-device-defender-audit", name: "IoT Device Defender - Audit" },
    detect: { product: "aws/iot-device-defender-detect", name: "IoT Device Defender - Detect" },
} as const;
export type SecurityHubProduct = keyof typeof SECURITY_HUB_PRODUCTS;

/** A Security Hub product's ARN in a region (products have no account in their ARN). */
export function securityHubProductArn(
    partition: string,
    region: string,
    product: SecurityHubProduct,
): string {
    return `arn:${partition}:securityhub:${region}::product/${SECURITY_HUB_PRODUCTS[product].product}`;
}
