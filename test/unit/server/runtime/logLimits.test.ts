/** What a lambda may log: lines cut with a marker, lines per second counted and the drops said once. */
import { describe, expect, it } from "vitest";
import {
  LOG_LINE_BYTES,
  LOG_LINES_PER_SECOND,
  LogRate,
  truncateLogLine,
} from "../../../../server/runtime/logLimits.ts";

describe("truncateLogLine", () => {
  it("keeps short lines and cuts long ones to the byte limit, saying how long they were", () => {
    expect(truncateLogLine("hello")).toBe("hello");
    const long = truncateLogLine("a".repeat(100_000));
    expect(long.startsWith("a".repeat(LOG_LINE_BYTES))).toBe(true);
    expect(long.endsWith("… [truncated: the line had 100000 characters]")).toBe(true);
  });

  it("never splits a multi-byte character", () => {
    const cut = truncateLogLine("é".repeat(LOG_LINE_BYTES));
    expect(cut).not.toContain("\uFFFD");
    expect(new TextEncoder().encode(cut.slice(0, cut.indexOf("…"))).length).toBeLessThanOrEqual(LOG_LINE_BYTES);
  });
});

describe("LogRate", () => {
  it("admits LOG_LINES_PER_SECOND lines a second and reports the rest when the next window opens", () => {
    const dropped: number[] = [];
    const rate = new LogRate((n) => dropped.push(n));
    const admitted = Array.from({ length: LOG_LINES_PER_SECOND + 50 }, () => rate.admit(1000)).filter(Boolean).length;
    expect(admitted).toBe(LOG_LINES_PER_SECOND);
    expect(rate.admit(2001)).toBe(true);
    expect(dropped).toEqual([50]);
  });
});
