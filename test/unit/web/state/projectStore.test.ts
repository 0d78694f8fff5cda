import { decode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { fromProjectFile, toProjectFile } from "../../../../web/state/projectFile.ts";
import { createProjectStore } from "../../../../web/state/projectStore.ts";

const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, n]);

describe("project store", () => {
  it("keeps images in request order, with moves and removals", () => {
    const store = createProjectStore();
    const a = store.getState().addImage({ filename: "a.jpg", mimetype: "image/jpeg", bytes: jpeg(1) });
    const b = store.getState().addImage({ filename: "b.jpg", mimetype: "image/jpeg", bytes: jpeg(2) });
    const c = store.getState().addImage({ filename: "c.jpg", mimetype: "image/jpeg", bytes: jpeg(3) });
    expect(store.getState().selectedImageId).toBe(c);
    store.getState().moveImage(c, 0);
    expect(store.getState().images.map((i) => i.filename)).toEqual(["c.jpg", "a.jpg", "b.jpg"]);
    store.getState().removeImage(c);
    expect(store.getState().images.map((i) => i.id)).toEqual([a, b]);
    expect(store.getState().selectedImageId).toBe(a);
    expect(store.getState().boxes[c]).toBeUndefined();
  });

  it("draws, moves, resizes and deletes boxes in integer pixels; Detect replaces only its own", () => {
    const store = createProjectStore();
    const image = store.getState().addImage({ filename: "a.jpg", mimetype: "image/jpeg", bytes: jpeg(1) });
    const drawn = store.getState().addBox(image, { x: 10.2, y: 19.7, width: 50.5, height: 60.4 });
    expect(store.getState().boxes[image]).toEqual([{ id: drawn, x: 10, y: 20, width: 51, height: 60, source: "user" }]);
    store.getState().updateBox(image, drawn, { x: 12, y: 22, width: 40, height: 0.2 });
    expect(store.getState().boxes[image]![0]).toMatchObject({ x: 12, y: 22, width: 40, height: 1 });
    store.getState().setDetectedBoxes(image, [{ x: 100, y: 100, width: 30, height: 30 }]);
    store.getState().setDetectedBoxes(image, [
      { x: 200, y: 100, width: 30, height: 30 },
      { x: 300, y: 100, width: 30, height: 30 },
    ]);
    expect(store.getState().boxes[image]!.map((b) => [b.source, b.x])).toEqual([
      ["user", 12],
      ["detector", 200],
      ["detector", 300],
    ]);
    store.getState().deleteBox(image, drawn);
    expect(store.getState().boxes[image]!.every((b) => b.source === "detector")).toBe(true);
  });

  it("builds the lambda request from images and boxes", () => {
    const store = createProjectStore();
    const image = store.getState().addImage({ filename: "a.jpg", mimetype: "image/jpeg", bytes: jpeg(7) });
    store.getState().addBox(image, { x: 0, y: 0, width: 250, height: 250 });
    store.getState().setSendFaceBoundingBoxes(true);
    const body = decode(store.getState().buildRequest()) as { sources: Record<string, any>[] };
    expect(body.sources[0]).toEqual({
      source: { body: jpeg(7), face_detection_data: [{ bounding_box: { x: 0, y: 0, width: 250, height: 250 } }] },
      filename: "a.jpg",
      source_type: "raw_image",
      face_bounding_boxes: [{ x: 0, y: 0, width: 250, height: 250 }],
    });
  });
});

describe("project file", () => {
  it("round-trips a project", () => {
    const store = createProjectStore({
      code: "export async function main() { return {}; }",
      templateId: "blank",
      target: "browser-wasm",
    });
    const image = store.getState().addImage({ filename: "a.jpg", mimetype: "image/jpeg", bytes: jpeg(5) });
    store.getState().addBox(image, { x: 1, y: 2, width: 3, height: 4 });
    const file = JSON.parse(JSON.stringify(toProjectFile(store.getState())));
    const restored = fromProjectFile(file);
    expect(restored.images[0]!.bytes).toEqual(jpeg(5));
    expect(restored.boxes[image]).toEqual(store.getState().boxes[image]);
    expect(restored.target).toBe("browser-wasm");
    expect(restored.code).toBe(store.getState().code);
  });

  it("refuses files that are not projects, saying where", () => {
    expect(() => fromProjectFile({ format: "something else" })).toThrow(/not a playground project file: format/);
    const bad = toProjectFile(createProjectStore().getState()) as unknown as Record<string, unknown>;
    bad.images = [{ id: "x", filename: "a", mimetype: "image/jpeg", base64: "%%%", boxes: [] }];
    expect(() => fromProjectFile(bad)).toThrow(/images\[0\]\.base64/);
    const ruby = { ...toProjectFile(createProjectStore().getState()), language: "ruby" };
    expect(() => fromProjectFile(ruby)).toThrow(/not a playground project file: language/);
  });

  it("keeps a Python lambda's language through a project file (older files are TypeScript)", () => {
    const store = createProjectStore();
    store.getState().setCode("async def main(request):\n    return {}\n", "py-blank", "python");
    const file = JSON.parse(JSON.stringify(toProjectFile(store.getState())));
    expect(fromProjectFile(file)).toMatchObject({ language: "python", templateId: "py-blank" });
    const { language: _dropped, ...older } = file;
    expect(fromProjectFile(older).language).toBe("typescript");
  });
});

describe("project settings and the lambda's own files", () => {
  it("turns the mask model into models/mask.onnx + models/mask.json and keeps it through a project file", () => {
    const store = createProjectStore();
    expect(store.getState().lambdaFiles()).toEqual({});
    store
      .getState()
      .setMaskModel({ filename: "mask.onnx", bytes: new Uint8Array([1, 2, 3]), manifest: '{"kind":"mask"}' });
    const files = store.getState().lambdaFiles();
    expect([...files["models/mask.onnx"]!]).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(files["models/mask.json"])).toBe('{"kind":"mask"}');
    // Out-of-range timeouts are refused (the input says why); the last valid one stays.
    store.getState().setTimeoutS(45);
    for (const bad of [0, -5, Number.NaN, 5000]) store.getState().setTimeoutS(bad);
    expect(store.getState().timeoutS).toBe(45);
    const reopened = fromProjectFile(JSON.parse(JSON.stringify(toProjectFile(store.getState()))));
    expect(reopened.timeoutS).toBe(45);
    expect([...reopened.maskModel!.bytes]).toEqual([1, 2, 3]);
  });

  it("opens version-1 files written before settings existed, and refuses a bad mask model", () => {
    const file = toProjectFile(createProjectStore().getState()) as Record<string, unknown>;
    delete file.timeoutS;
    delete file.maskModel;
    expect(fromProjectFile(file)).toMatchObject({ timeoutS: 30, maskModel: null });
    expect(() => fromProjectFile({ ...file, maskModel: { filename: "", base64: "AA==", manifest: "{}" } })).toThrow(
      /maskModel\.filename/,
    );
  });
});
