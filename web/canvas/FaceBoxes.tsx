/**
 * Editable face boxes on the image stage: drag on empty image to draw, drag a box to move it, drag
 * a corner handle to resize, click to select, Delete/Backspace to remove. Coordinates are
 * original-image pixels (the SVG's viewBox is the image size), so boxes go straight into
 * `face_detection_data`; the edit is committed on release.
 */
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import type { BoundingBox } from "../../shared/luna/schemas/handlersInput.ts";
import type { FaceBox } from "../state/projectStore.ts";
import { resized, sameBox, span, toImage, type Corner } from "./boxGeometry.ts";

type Gesture =
  | { kind: "draw"; start: [number, number] }
  | { kind: "move"; id: string; start: [number, number]; box: BoundingBox }
  | { kind: "resize"; id: string; corner: Corner; box: BoundingBox };

interface Props {
  size: { w: number; h: number };
  boxes: FaceBox[];
  onAdd(box: BoundingBox): void;
  onUpdate(id: string, box: BoundingBox): void;
  onDelete(id: string): void;
}

export function useFaceBoxEditing({ size, onAdd, onUpdate }: Pick<Props, "size" | "onAdd" | "onUpdate">) {
  const [live, setLive] = useState<{ id: string | null; box: BoundingBox } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const latest = useRef({ size, onAdd, onUpdate });
  latest.current = { size, onAdd, onUpdate };

  const next = (g: Gesture, p: [number, number]): BoundingBox =>
    g.kind === "draw"
      ? span(g.start, p)
      : g.kind === "move"
        ? { ...g.box, x: Math.round(g.box.x + p[0] - g.start[0]), y: Math.round(g.box.y + p[1] - g.start[1]) }
        : resized(g.box, g.corner, p);

  /** Follows one gesture on the window until the button is released (robust to re-renders under the pointer). */
  function follow(svg: SVGSVGElement, g: Gesture): void {
    const at = (e: PointerEvent) => toImage(e, svg, latest.current.size);
    const onMove = (e: PointerEvent) => setLive({ id: g.kind === "draw" ? null : g.id, box: next(g, at(e)) });
    const onUp = (e: PointerEvent) => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      setLive(null);
      const box = next(g, at(e));
      // A click is not a box: ignore anything under a few pixels.
      if (box.width < 4 || box.height < 4) return;
      if (g.kind === "draw") latest.current.onAdd(box);
      else if (!sameBox(g.box, box)) latest.current.onUpdate(g.id, box);
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
  }

  return {
    live,
    selected,
    setSelected,
    /** Starts moving or resizing a box (called from the box's own pointerdown). */
    begin(
      event: ReactPointerEvent<Element>,
      svg: SVGSVGElement,
      g:
        | { kind: "move"; id: string; box: BoundingBox }
        | { kind: "resize"; id: string; corner: Corner; box: BoundingBox },
    ) {
      event.stopPropagation();
      event.preventDefault();
      setSelected(g.id);
      follow(svg, g.kind === "move" ? { ...g, start: toImage(event, svg, size) } : g);
    },
    handlers: {
      onPointerDown(event: ReactPointerEvent<SVGSVGElement>) {
        // Shift-drag and the middle button pan the stage instead.
        if (event.button !== 0 || event.shiftKey) return;
        event.preventDefault();
        setSelected(null);
        follow(event.currentTarget, { kind: "draw", start: toImage(event, event.currentTarget, size) });
      },
    },
  };
}

export function FaceBoxes({
  boxes,
  size,
  editing,
  onDelete,
  svg,
}: Pick<Props, "boxes" | "size" | "onDelete"> & {
  editing: ReturnType<typeof useFaceBoxEditing>;
  svg: SVGSVGElement | null;
}) {
  const { selected, setSelected, live } = editing;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!selected || (event.key !== "Delete" && event.key !== "Backspace")) return;
      if ((event.target as HTMLElement).closest?.(".monaco-editor, input, textarea, select")) return;
      onDelete(selected);
      setSelected(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, onDelete, setSelected]);
  const handle = Math.max(6, Math.min(size.w, size.h) / 60);
  return (
    <g>
      {boxes.map((stored) => {
        const b = live && live.id === stored.id ? { ...stored, ...live.box } : stored;
        const isSelected = b.id === selected;
        return (
          <g key={b.id}>
            <rect
              x={b.x}
              y={b.y}
              width={b.width}
              height={b.height}
              className={`box ${b.source}${isSelected ? " selected" : ""}`}
              data-testid="face-box"
              data-x={b.x}
              data-y={b.y}
              data-width={b.width}
              data-height={b.height}
              data-source={b.source}
              onPointerDown={(event) =>
                svg &&
                event.button === 0 &&
                !event.shiftKey &&
                editing.begin(event, svg, { kind: "move", id: b.id, box: stored })
              }
            />
            {isSelected &&
              (["nw", "ne", "sw", "se"] as const).map((corner) => (
                <rect
                  key={corner}
                  className={`handle ${corner}`}
                  data-testid="box-handle"
                  data-corner={corner}
                  x={(corner.includes("w") ? b.x : b.x + b.width) - handle / 2}
                  y={(corner.includes("n") ? b.y : b.y + b.height) - handle / 2}
                  width={handle}
                  height={handle}
                  onPointerDown={(event) =>
                    svg && editing.begin(event, svg, { kind: "resize", id: b.id, corner, box: stored })
                  }
                />
              ))}
          </g>
        );
      })}
      {live && live.id === null && (
        <rect x={live.box.x} y={live.box.y} width={live.box.width} height={live.box.height} className="box draft" />
      )}
    </g>
  );
}
