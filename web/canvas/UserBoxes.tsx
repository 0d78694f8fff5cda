/**
 * The boxes a user draws on the image stage: drag to draw, click to select, Delete/Backspace to
 * remove. Coordinates are original-image pixels (the SVG's viewBox is the image size), so the
 * boxes go straight into `face_detection_data`.
 */
import { useEffect, useRef, useState, type PointerEvent } from "react";
import type { BoundingBox } from "../../shared/luna/schemas/handlersInput.ts";

export interface UserBox extends BoundingBox {
  id: string;
}

interface Props {
  size: { w: number; h: number };
  boxes: UserBox[];
  onAdd(box: BoundingBox): void;
  onDelete(id: string): void;
}

/** Pointer position in image pixels, clamped to the image. */
function toImage(event: PointerEvent<SVGSVGElement>, size: { w: number; h: number }): [number, number] {
  const rect = event.currentTarget.getBoundingClientRect();
  const x = ((event.clientX - rect.left) / rect.width) * size.w;
  const y = ((event.clientY - rect.top) / rect.height) * size.h;
  return [Math.min(Math.max(x, 0), size.w), Math.min(Math.max(y, 0), size.h)];
}

export function useUserBoxDrawing({ size, onAdd }: Pick<Props, "size" | "onAdd">) {
  const start = useRef<[number, number] | null>(null);
  const [draft, setDraft] = useState<BoundingBox | null>(null);
  const box = (a: [number, number], b: [number, number]): BoundingBox => ({
    x: Math.round(Math.min(a[0], b[0])),
    y: Math.round(Math.min(a[1], b[1])),
    width: Math.round(Math.abs(a[0] - b[0])),
    height: Math.round(Math.abs(a[1] - b[1])),
  });
  return {
    draft,
    handlers: {
      onPointerDown(event: PointerEvent<SVGSVGElement>) {
        if (event.button !== 0 || (event.target as Element).tagName === "rect") return;
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = toImage(event, size);
        setDraft(null);
      },
      onPointerMove(event: PointerEvent<SVGSVGElement>) {
        if (start.current) setDraft(box(start.current, toImage(event, size)));
      },
      onPointerUp(event: PointerEvent<SVGSVGElement>) {
        if (!start.current) return;
        const drawn = box(start.current, toImage(event, size));
        start.current = null;
        setDraft(null);
        // A click is not a box: ignore anything smaller than a few pixels.
        if (drawn.width >= 4 && drawn.height >= 4) onAdd(drawn);
      },
    },
  };
}

export function UserBoxes({ boxes, onDelete, draft }: Pick<Props, "boxes" | "onDelete"> & { draft: BoundingBox | null }) {
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!selected || (event.key !== "Delete" && event.key !== "Backspace")) return;
      if ((event.target as HTMLElement).closest?.(".monaco-editor, input, textarea, select")) return;
      onDelete(selected);
      setSelected(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, onDelete]);
  return (
    <g>
      {boxes.map((b) => (
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          className={`box user${b.id === selected ? " selected" : ""}`}
          data-testid="face-box"
          data-x={b.x}
          data-y={b.y}
          data-width={b.width}
          data-height={b.height}
          data-source="user"
          onPointerDown={(event) => {
            event.stopPropagation();
            setSelected(b.id);
          }}
        />
      ))}
      {draft && <rect x={draft.x} y={draft.y} width={draft.width} height={draft.height} className="box draft" />}
    </g>
  );
}
