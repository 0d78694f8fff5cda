import { afterEach, describe, expect, it, vi } from "vitest";

/** IndexedDB stand-in: each write stays pending until the test settles it. */
const writes: { value: unknown; settle(): void }[] = [];
vi.mock("idb-keyval", () => ({
  get: async () => undefined,
  set: (_key: string, value: unknown) => new Promise<void>((settle) => writes.push({ value, settle })),
}));

const { persistProject } = await import("../../../../web/state/persistence.ts");
const { createProjectStore } = await import("../../../../web/state/projectStore.ts");

afterEach(() => {
  writes.length = 0;
  vi.useRealTimers();
});

describe("project persistence", () => {
  it("reports saved only once the latest change is written, not an earlier write finishing late", async () => {
    vi.useFakeTimers();
    const store = createProjectStore();
    const reports: boolean[] = [];
    persistProject(store, 300, (saved) => reports.push(saved));

    store.getState().setCode("first");
    expect(reports).toEqual([false]);
    vi.advanceTimersByTime(300);
    expect(writes).toHaveLength(1);
    store.getState().setCode("second"); // changed while the first write is still running
    writes[0]!.settle();
    await vi.runAllTimersAsync();
    expect(reports).toEqual([false, false]);

    expect(writes).toHaveLength(2);
    expect(writes[1]!.value).toMatchObject({ code: "second" });
    writes[1]!.settle();
    await vi.runAllTimersAsync();
    expect(reports).toEqual([false, false, true]);
  });
});
