import { afterEach, describe, expect, it, vi } from "vitest";

/** IndexedDB stand-in: each write stays pending until the test settles it. */
const writes: { value: unknown; settle(): void }[] = [];
vi.mock("idb-keyval", () => ({
  get: async () => undefined,
  set: (_key: string, value: unknown) => new Promise<void>((settle) => writes.push({ value, settle })),
}));

const { persistProject, toStoredProject, fromStoredProject } = await import("../../../../web/state/persistence.ts");
const { set } = await import("idb-keyval");
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
    const library = {
      currentId: "p1",
      save: (state: Parameters<typeof toStoredProject>[0]) => set("p1", toStoredProject(state)),
    };
    persistProject(store, library, 300, (saved) => reports.push(saved));

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

  it("stores images and the mask model as bytes, and reads them back the same", () => {
    const store = createProjectStore({ name: "Bytes" });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const id = store.getState().addImage({ filename: "a.jpg", mimetype: "image/jpeg", bytes });
    store.getState().addBox(id, { x: 1, y: 2, width: 3, height: 4 });
    const stored = toStoredProject(store.getState());
    expect(stored.images[0]!.bytes).toBe(bytes); // the same array, no base64 copy
    const back = fromStoredProject(structuredClone(stored));
    expect(back.images[0]!.bytes).toEqual(bytes);
    expect(back.boxes[id]).toHaveLength(1);
    expect(back.name).toBe("Bytes");
    expect(() => fromStoredProject({ ...stored, images: [{ ...stored.images[0], bytes: "AAAA" }] })).toThrow(
      /images\[0\]\.bytes/,
    );
  });
});
