import { describe, expect, it } from "vitest";
import { detectionTiles, redetectionArea } from "../../../../shared/inference/detect.ts";
import { createRgbImage } from "../../../../shared/inference/image.ts";

describe("detection tiles", () => {
  it("are not used when the detector already sees the image at ≥ 1/3 scale", () => {
    expect(detectionTiles(640, 480)).toEqual([]);
    expect(detectionTiles(960, 720)).toEqual([]);
  });

  it("cover a large image with overlapping tiles, at most 4×3", () => {
    const tiles = detectionTiles(4000, 3000);
    expect(tiles).toHaveLength(12);
    // Every pixel column/row is covered, and neighbours overlap.
    expect(Math.min(...tiles.map((t) => t.x))).toBe(0);
    expect(Math.max(...tiles.map((t) => t.x + t.width))).toBeCloseTo(4000, 6);
    expect(Math.max(...tiles.map((t) => t.y + t.height))).toBeCloseTo(3000, 6);
    const row = tiles.filter((t) => t.y === 0).sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) expect(row[i]!.x).toBeLessThan(row[i - 1]!.x + row[i - 1]!.width);
  });
});

describe("redetection area", () => {
  it("grows the box and keeps the detector's 4:3 aspect, inside the image", () => {
    const image = createRgbImage(1000, 1000);
    const area = redetectionArea({ x: 400, y: 400, width: 100, height: 100 }, image);
    expect(area.width / area.height).toBeCloseTo(4 / 3, 6);
    expect(area.x).toBeLessThan(400);
    expect(area.x + area.width).toBeGreaterThan(500);
    const corner = redetectionArea({ x: 0, y: 0, width: 250, height: 250 }, image);
    expect(corner.x).toBe(0);
    expect(corner.y).toBe(0);
  });
});
