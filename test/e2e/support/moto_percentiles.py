"""
moto_server with CloudWatch percentile statistics (p0-p100, e.g. p95, p99) in GetMetricData.

moto 5 computes Sum, Average, Minimum, Maximum and SampleCount and answers any other statistic with
None, which fails the whole response with an HTTP 500. This launcher adds percentiles over the raw
values a test put, and nothing else: a statistic moto already answers is returned unchanged.
Percentile: nearest rank over the period's values (CloudWatch's own estimate may differ slightly
for large samples; the tests seed values whose percentile is unambiguous).
Usage: python3 moto_percentiles.py [moto_server options], e.g. -H 127.0.0.1 -p 5000
"""
import math
import re
import sys

from moto.cloudwatch import models

_PERCENTILE = re.compile(r"^p(\d{1,2}(?:\.\d+)?|100)$")
_original = models.Statistics.get_statistics_for_type


def _get_statistics_for_type(self, stat):
    value = _original(self, stat)
    if value is not None:
        return value
    match = _PERCENTILE.match(stat)
    if not match:
        return value
    values = sorted(self.metric_single_values_list)
    if not values:
        return value
    rank = math.ceil(float(match.group(1)) / 100 * len(values))
    return values[max(rank, 1) - 1]


models.Statistics.get_statistics_for_type = _get_statistics_for_type

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
