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
