/** The stage's zoom and pan as plain data: what the wheel, the zoom buttons and Fit change. */
export interface View {
  zoom: number;
  x: number;
  y: number;
}

export const FIT: View = { zoom: 1, x: 0, y: 0 };
const clampZoom = (z: number) => Math.min(16, Math.max(1, z));

/** The view after zooming by `factor` around a point given relative to the viewport. */
export function zoomAround(view: View, factor: number, px: number, py: number): View {
  const zoom = clampZoom(view.zoom * factor);
  const k = zoom / view.zoom;
  return zoom === 1 ? FIT : { zoom, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}
