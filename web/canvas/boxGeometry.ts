/** Face-box geometry of the stage's gestures, in original-image pixels (web/canvas/FaceBoxes.tsx). */
import type { BoundingBox } from "../../shared/luna/schemas/handlersInput.ts";

export type Corner = "nw" | "ne" | "sw" | "se";

/** Pointer position in image pixels, clamped to the image (the SVG's on-screen rect includes zoom and pan). */
export function toImage(
  event: { clientX: number; clientY: number },
  svg: SVGSVGElement,
  size: { w: number; h: number },
): [number, number] {
  const rect = svg.getBoundingClientRect();
  const x = ((event.clientX - rect.left) / rect.width) * size.w;
  const y = ((event.clientY - rect.top) / rect.height) * size.h;
  return [Math.min(Math.max(x, 0), size.w), Math.min(Math.max(y, 0), size.h)];
}

/** The box two points span (either corner first), in whole pixels. */
export const span = (a: [number, number], b: [number, number]): BoundingBox => ({
  x: Math.round(Math.min(a[0], b[0])),
  y: Math.round(Math.min(a[1], b[1])),
  width: Math.round(Math.abs(a[0] - b[0])),
  height: Math.round(Math.abs(a[1] - b[1])),
});

/** The box with `corner` dragged to `p`. */
export function resized(box: BoundingBox, corner: Corner, p: [number, number]): BoundingBox {
  // The opposite corner stays put.
  const fixed: [number, number] = [
    corner.includes("w") ? box.x + box.width : box.x,
    corner.includes("n") ? box.y + box.height : box.y,
  ];
  return span(fixed, p);
}

export const sameBox = (a: BoundingBox, b: BoundingBox) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
