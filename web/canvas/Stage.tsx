/**
 * The image stage: the selected image with its editable face boxes and the overlay pass drawn on
 * top, in image pixels. Wheel zooms around the pointer, Shift-drag or the middle button pans,
 * the buttons zoom and fit.
 */
import { useRef, useState, type PointerEvent, type ReactNode, type SVGProps, type WheelEvent } from "react";
import { FIT, zoomAround, type View } from "./view.ts";

export function Stage({
  url,
  size,
  onSize,
  svgHandlers,
  children,
}: {
  url: string;
  /** Pointer handlers of the drawing surface (box editing). */
  svgHandlers: SVGProps<SVGSVGElement>;
  size: { w: number; h: number } | null;
  onSize(size: { w: number; h: number }): void;
  children: (svg: SVGSVGElement | null) => ReactNode;
}) {
  const [view, setView] = useState<View>(FIT);
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const pan = useRef<{ x: number; y: number; view: View } | null>(null);
  const viewport = useRef<HTMLDivElement>(null);

  const onWheel = (event: WheelEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    setView((v) =>
      zoomAround(v, event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX - rect.left, event.clientY - rect.top),
    );
  };
  const panHandlers = {
    onPointerDownCapture(event: PointerEvent<HTMLDivElement>) {
      if (event.button !== 1 && !(event.button === 0 && event.shiftKey)) return;
      event.preventDefault();
      event.stopPropagation();
      event.currentTarget.setPointerCapture(event.pointerId);
      pan.current = { x: event.clientX, y: event.clientY, view };
    },
    onPointerMove(event: PointerEvent<HTMLDivElement>) {
      const p = pan.current;
      if (p) setView({ ...p.view, x: p.view.x + event.clientX - p.x, y: p.view.y + event.clientY - p.y });
    },
    onPointerUp() {
      pan.current = null;
    },
  };
  const centre = () => {
    const r = viewport.current?.getBoundingClientRect();
    return [(r?.width ?? 0) / 2, (r?.height ?? 0) / 2] as const;
  };
  return (
    <div className="stage-frame">
      <div className="stage-tools">
        <button
          type="button"
          data-testid="zoom-in"
          onClick={() => setView((v) => zoomAround(v, 1.5, ...centre()))}
          aria-label="zoom in"
        >
          +
        </button>
        <button
          type="button"
          data-testid="zoom-out"
          onClick={() => setView((v) => zoomAround(v, 1 / 1.5, ...centre()))}
          aria-label="zoom out"
        >
          -
        </button>
        <button type="button" data-testid="zoom-fit" onClick={() => setView(FIT)}>
          Fit
        </button>
        <span className="status" data-testid="zoom-level">
          {Math.round(view.zoom * 100)}%
        </span>
        <span className="hint">
          drag: draw a box · drag a box: move · corners: resize · Del: delete · wheel: zoom · Shift-drag: pan
        </span>
      </div>
      <div className="stage-viewport" ref={viewport} onWheel={onWheel} {...panHandlers}>
        <div
          className="stage"
          data-testid="image-stage"
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}
        >
          <img
            src={url}
            alt="input"
            draggable={false}
            onLoad={(e) => onSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
          />
          {size && (
            <svg ref={setSvg} viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" {...svgHandlers}>
              {children(svg)}
            </svg>
          )}
        </div>
      </div>
    </div>
  );
}
