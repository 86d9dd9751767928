/**
 * The IoT fake's custom metrics and dimensions: a custom metric a profile uses cannot be deleted.
 */
import {
    CreateCustomMetricCommand,
    CreateDimensionCommand,
    DeleteCustomMetricCommand,
    DeleteDimensionCommand,
    DescribeCustomMetricCommand,
    DescribeDimensionCommand,
    UpdateCustomMetricCommand,
    UpdateDimensionCommand,
} from "@aws-sdk/client-iot";
import type { FakeIotAccount } from "../iotAccount";
import { Dimension, invalid, Metric, On, referencesOf } from "./state";

export function fakeMetricsAndDimensions(account: FakeIotAccount, on: On): void {
    // --- Custom metrics ----------------------------------------------------------------------
    const metric = (name: string) => account.found(account.metrics, name, "Custom metric");
    const describeMetric = (name: string, m: Metric) => ({
        metricName: name,
        metricArn: m.arn,
        metricType: m.metricType,
        displayName: m.displayName,
        creationDate: m.created,
        lastModifiedDate: m.modified,
    });
    on(CreateCustomMetricCommand, i => {
        const name = i.metricName!;
        account.mustBeNew(account.metrics, name);
        if (name.startsWith("aws:")) throw invalid(`metricName ${name} starts with aws:`);
        const arn = account.arn(`custommetric/${name}`),
            now = new Date();
        account.metrics.set(name, {
            metricType: i.metricType!,
            displayName: i.displayName || undefined,
            arn,
            created: now,
            modified: now,
        });
        account.setTags(arn, i.tags);
        return { metricName: name, metricArn: arn };
    });
    on(DescribeCustomMetricCommand, i => describeMetric(i.metricName!, metric(i.metricName!)));
    on(UpdateCustomMetricCommand, i => {
        const m = metric(i.metricName!);
        if (i.displayName === undefined) throw invalid("displayName is required");
        m.displayName = i.displayName || undefined;
        m.modified = new Date();
        return describeMetric(i.metricName!, m);
    });
    on(DeleteCustomMetricCommand, i => {
        const name = i.metricName!;
        const user = [...account.profiles].find(([, p]) =>
            referencesOf(p.def).metrics.includes(name),
        );
        if (user) throw invalid(`custom metric ${name} is used by security profile ${user[0]}`);
        const m = account.metrics.get(name);
        if (m) {
            account.metrics.delete(name);
            account.tags.delete(m.arn);
        }
        return {};
    });

    // --- Dimensions --------------------------------------------------------------------------
    const dimension = (name: string) => account.found(account.dimensions, name, "Dimension");
    const describeDimension = (name: string, d: Dimension) => ({
        name,
        arn: d.arn,
        type: d.type,
        stringValues: [...d.stringValues],
        creationDate: d.created,
        lastModifiedDate: d.modified,
    });
    on(CreateDimensionCommand, i => {
        const name = i.name!;
        account.mustBeNew(account.dimensions, name);
        if (!i.stringValues?.length) throw invalid("stringValues must list 1 to 100 topic filters");
        const arn = account.arn(`dimension/${name}`),
            now = new Date();
        account.dimensions.set(name, {
            type: i.type!,
            stringValues: [...i.stringValues],
            arn,
            created: now,
            modified: now,
        });
        account.setTags(arn, i.tags);
        return { name, arn };
    });
    on(DescribeDimensionCommand, i => describeDimension(i.name!, dimension(i.name!)));
    on(UpdateDimensionCommand, i => {
        const d = dimension(i.name!);
        if (!i.stringValues?.length) throw invalid("stringValues must list 1 to 100 topic filters");
        d.stringValues = [...i.stringValues];
        d.modified = new Date();
        return describeDimension(i.name!, d);
    });
    on(DeleteDimensionCommand, i => {
        const d = account.dimensions.get(i.name!);
        if (d) {
            account.dimensions.delete(i.name!);
            account.tags.delete(d.arn);
        }
        return {};
    });
}
