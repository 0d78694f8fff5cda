/**
 * The request's images (its `sources`, in order): open files, a gallery of bundled public-domain
 * samples, and the list — select, move up/down, remove. Dropping and pasting are handled page-wide
 * by `useImageDropAndPaste`.
 */
import { useEffect } from "react";
import type { ProjectImage } from "../state/projectStore.ts";
import { ACCEPTED_IMAGE_TYPES } from "./imagesFromFiles.ts";
import { useObjectUrl } from "./useObjectUrl.ts";

export const SAMPLES = [
  { file: "grace_hopper_512x512.jpg", title: "Grace Hopper" },
  { file: "astronaut.png", title: "Astronaut" },
  { file: "camera.png", title: "Cameraman (profile)" },
  { file: "noface_coffee.png", title: "Coffee (no face)" },
];

/** Files dropped anywhere on the page or pasted from the clipboard become images. */
export function useImageDropAndPaste(onImages: (files: File[]) => void): void {
  useEffect(() => {
    const onDragOver = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes("Files")) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      onImages(files);
    };
    const onPaste = (event: ClipboardEvent) => {
      if ((event.target as HTMLElement).closest?.(".monaco-editor, input, textarea")) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length) onImages(files);
    };
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("drop", onDrop);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("drop", onDrop);
      window.removeEventListener("paste", onPaste);
    };
  }, [onImages]);
}

function Thumb({ image }: { image: ProjectImage }) {
  const url = useObjectUrl(image.bytes, image.mimetype);
  return url ? <img src={url} alt="" /> : null;
}

export function ImagesPanel(props: {
  images: ProjectImage[];
  selectedId: string | null;
  boxCounts: Record<string, number>;
  onFiles(files: File[]): void;
  onSample(file: string): void;
  onSelect(id: string): void;
  onMove(id: string, toIndex: number): void;
  onRemove(id: string): void;
}) {
  return (
    <section className="images-panel">
      <div className="controls">
        <label className="file-button">
          Open images…
          <input
            data-testid="image-input"
            type="file"
            multiple
            accept={ACCEPTED_IMAGE_TYPES.join(",")}
            onChange={(e) => {
              props.onFiles([...(e.target.files ?? [])]);
              e.target.value = "";
            }}
          />
        </label>
        <span className="hint">or drop / paste images</span>
      </div>
      <div className="gallery">
        {SAMPLES.map((s) => (
          <button
            key={s.file}
            type="button"
            className="sample"
            data-testid={`sample-${s.file}`}
            onClick={() => props.onSample(s.file)}
            title={`Add ${s.title}`}
          >
            <img src={`/samples/${s.file}`} alt={s.title} />
          </button>
        ))}
      </div>
      <ol className="image-list" data-testid="image-list">
        {props.images.map((image, i) => (
          <li
            key={image.id}
            className={image.id === props.selectedId ? "selected" : ""}
            data-testid="image-item"
            data-filename={image.filename}
          >
            <button type="button" className="thumb" onClick={() => props.onSelect(image.id)}>
              <Thumb image={image} />
            </button>
            <span className="name" title={image.filename}>
              {i + 1}. {image.filename} · {props.boxCounts[image.id] ?? 0} box(es)
            </span>
            <span className="row-tools">
              <button
                type="button"
                disabled={i === 0}
                onClick={() => props.onMove(image.id, i - 1)}
                aria-label="move image up"
              >
                ↑
              </button>
              <button
                type="button"
                disabled={i === props.images.length - 1}
                onClick={() => props.onMove(image.id, i + 1)}
                aria-label="move image down"
              >
                ↓
              </button>
              <button
                type="button"
                data-testid="remove-image"
                onClick={() => props.onRemove(image.id)}
                aria-label="remove image"
              >
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
