/**
 * A lambda's request metrics in the Prometheus text format (version 0.0.4):
 * `request_count_total{path,status_code}` and a `request_duration_seconds{path}` histogram.
 */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/** Label values escaped as the text format wants (backslash, quote, newline). */
const label = (value: string) => value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");

export class LambdaMetrics {
  private readonly counts = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  observe(path: string, status: number, seconds: number): void {
    const key = `${path}\u0000${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const histogram = this.durations.get(path) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) histogram.buckets[i]!++;
    });
    histogram.sum += seconds;
    histogram.count++;
    this.durations.set(path, histogram);
  }

  prometheusText(): string {
    const lines = [
      "# HELP request_count_total Requests the lambda answered, by path and status code.",
      "# TYPE request_count_total counter",
    ];
    for (const [key, count] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      const [path, status] = key.split("\u0000");
      lines.push(`request_count_total{path="${label(path!)}",status_code="${status}"} ${count}`);
    }
    lines.push(
      "# HELP request_duration_seconds Time the lambda took to answer, by path.",
      "# TYPE request_duration_seconds histogram",
    );
    for (const [path, h] of [...this.durations].sort(([a], [b]) => a.localeCompare(b))) {
      const p = label(path);
      BUCKETS.forEach((le, i) => lines.push(`request_duration_seconds_bucket{path="${p}",le="${le}"} ${h.buckets[i]}`));
      lines.push(
        `request_duration_seconds_bucket{path="${p}",le="+Inf"} ${h.count}`,
        `request_duration_seconds_sum{path="${p}"} ${h.sum}`,
        `request_duration_seconds_count{path="${p}"} ${h.count}`,
      );
    }
    return `${lines.join("\n")}\n`;
  }
}
