import { describe, expect, it } from "vitest";
import { headPoseAxes } from "../../../../web/canvas/headPoseAxes.ts";
import { zoomAround } from "../../../../web/canvas/view.ts";

describe("stage zoom", () => {
  it("keeps the point under the pointer fixed and never zooms out past fit", () => {
    const v = zoomAround({ zoom: 1, x: 0, y: 0 }, 2, 100, 50);
    expect(v).toEqual({ zoom: 2, x: -100, y: -50 });
    // The image point under (100, 50) is still (100, 50) / 1 = (100 - x) / zoom.
    expect((100 - v.x) / v.zoom).toBe(100);
    expect(zoomAround(v, 0.1, 10, 10)).toEqual({ zoom: 1, x: 0, y: 0 });
  });
});

describe("head-pose axes", () => {
  it("point right, down and at the viewer for a frontal face, and turn with yaw", () => {
    const [x, y, z] = headPoseAxes({ yaw: 0, pitch: 0, roll: 0 }, 10) as [
      [number, number],
      [number, number],
      [number, number],
    ];
    expect(x[0]).toBeCloseTo(10);
    expect(x[1]).toBeCloseTo(0);
    expect(y[1]).toBeCloseTo(10);
    expect(Math.hypot(...z)).toBeCloseTo(0);
    const turned = headPoseAxes({ yaw: 30, pitch: 0, roll: 0 }, 10);
    expect(Math.abs(turned[2]![0])).toBeCloseTo(5);
  });
});

describe("face-box gestures", () => {
  it("spans a box from either corner, resizes around the opposite corner, and maps the pointer into the image", async () => {
    const { resized, sameBox, span, toImage } = await import("../../../../web/canvas/boxGeometry.ts");
    expect(span([30.4, 40.6], [10, 20])).toEqual({ x: 10, y: 20, width: 20, height: 21 });
    const box = { x: 10, y: 10, width: 100, height: 80 };
    // Dragging the north-west corner keeps the south-east one (110, 90) in place.
    expect(resized(box, "nw", [30, 20])).toEqual({ x: 30, y: 20, width: 80, height: 70 });
    expect(resized(box, "se", [60, 50])).toEqual({ x: 10, y: 10, width: 50, height: 40 });
    expect(sameBox(box, { ...box })).toBe(true);
    const svg = { getBoundingClientRect: () => ({ left: 100, top: 50, width: 200, height: 100 }) } as SVGSVGElement;
    // The SVG shows a 400×200 image at half size: (150, 75) on screen is (100, 50) in the image; outside clamps.
    expect(toImage({ clientX: 150, clientY: 75 }, svg, { w: 400, h: 200 })).toEqual([100, 50]);
    expect(toImage({ clientX: 0, clientY: 500 }, svg, { w: 400, h: 200 })).toEqual([0, 200]);
  });
});
