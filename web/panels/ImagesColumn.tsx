/**
 * The request's images: the gallery and list, the stage with the selected image's face boxes and
 * the overlay pass drawn over it, Detect, the overlay layers and the warps.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { useStore } from "zustand";
import { FaceBoxes, useFaceBoxEditing } from "../canvas/FaceBoxes.tsx";
import { ALL_LAYERS, Overlays, type OverlayLayers } from "../canvas/Overlays.tsx";
import { Stage } from "../canvas/Stage.tsx";
import { ImagesPanel, useImageDropAndPaste } from "../images/ImagesPanel.tsx";
import { imagesFromFiles } from "../images/imagesFromFiles.ts";
import { useObjectUrl } from "../images/useObjectUrl.ts";
import { Warps } from "../result/Warps.tsx";
import type { RunController } from "../run/runController.ts";
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";

export function ImagesColumn({
  store,
  runs,
  controller,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
}) {
  const project = useStore(store);
  const analysis = useStore(runs, (s) => s.analysis);
  const busy = useStore(runs, (s) => s.status === "running");
  const [layers, setLayers] = useState<OverlayLayers>(ALL_LAYERS);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);

  const addFiles = useCallback(
    async (files: File[]) => {
      const { images, rejected } = await imagesFromFiles(files);
      for (const image of images) store.getState().addImage(image);
      runs
        .getState()
        .setMessage(
          rejected.length ? { kind: "error", text: `not a JPEG, PNG or WebP image: ${rejected.join(", ")}` } : null,
        );
    },
    [store, runs],
  );
  useImageDropAndPaste(addFiles);

  const selected = project.images.find((i) => i.id === project.selectedImageId) ?? project.images[0] ?? null;
  const url = useObjectUrl(selected?.bytes ?? null, selected?.mimetype ?? "image/jpeg");
  useEffect(() => setSize(null), [selected?.id]);

  const boxes = selected ? (project.boxes[selected.id] ?? []) : [];
  const editing = useFaceBoxEditing({
    size: size ?? { w: 1, h: 1 },
    onAdd: (box) => selected && store.getState().addBox(selected.id, box),
    onUpdate: (id, box) => selected && store.getState().updateBox(selected.id, id, box),
  });
  const deleteBox = useCallback(
    (id: string) => selected && store.getState().deleteBox(selected.id, id),
    [selected, store],
  );
  // The overlay pass belongs to the images it looked at: a newer image has not been analysed.
  const analysedIndex = selected && analysis ? analysis.imageIds.indexOf(selected.id) : -1;
  const seen = analysedIndex >= 0 ? analysis?.images[analysedIndex] : undefined;
  const faces = useMemo(() => seen?.estimations ?? [], [seen]);
  const warps = useMemo(() => faces.flatMap((f) => (f.face.detection.warp ? [f.face.detection.warp] : [])), [faces]);

  return (
    <>
      <ImagesPanel
        images={project.images}
        selectedId={selected?.id ?? null}
        boxCounts={Object.fromEntries(Object.entries(project.boxes).map(([k, v]) => [k, v.length]))}
        onFiles={(files) => void addFiles(files)}
        onSample={async (file) => {
          const response = await fetch(`/samples/${file}`);
          const blob = await response.blob();
          await addFiles([new File([blob], file, { type: blob.type })]);
        }}
        onSelect={(id) => store.getState().selectImage(id)}
        onMove={(id, to) => store.getState().moveImage(id, to)}
        onRemove={(id) => store.getState().removeImage(id)}
      />
      {project.images.length === 0 && (
        <div className="empty-state" data-testid="empty-state">
          <strong>Start here:</strong> add a photo (a sample above, a file, or drop / paste one), pick a template above
          the editor, then press <kbd>Run ▶</kbd> (<kbd>Ctrl</kbd>+<kbd>Enter</kbd>). The reply, logs and timings appear
          on the right; <kbd>?</kbd> lists the shortcuts.
        </div>
      )}
      {url && (
        <Stage url={url} size={size} onSize={setSize} svgHandlers={editing.handlers}>
          {(svg) =>
            size && (
              <>
                <Overlays faces={faces} layers={layers} scale={Math.max(size.w, size.h) / 600} />
                <FaceBoxes boxes={boxes} size={size} editing={editing} onDelete={deleteBox} svg={svg} />
              </>
            )
          }
        </Stage>
      )}
      <div className="controls">
        <button
          type="button"
          data-testid="detect-button"
          disabled={busy || project.images.length === 0}
          onClick={() => void controller.detect()}
        >
          Detect
        </button>
        <label>
          <input
            type="checkbox"
            checked={project.sendFaceBoundingBoxes}
            onChange={(e) => store.getState().setSendFaceBoundingBoxes(e.target.checked)}
          />
          also send as face_bounding_boxes
        </label>
        {(Object.keys(layers) as (keyof OverlayLayers)[]).map((layer) => (
          <label key={layer}>
            <input
              type="checkbox"
              data-testid={`layer-${layer}`}
              checked={layers[layer]}
              onChange={(e) => setLayers({ ...layers, [layer]: e.target.checked })}
            />
            {layer}
          </label>
        ))}
      </div>
      <Warps warps={warps} />
      {analysis && (
        <p
          className="status"
          data-testid="analysis"
          data-target={analysis.target}
          data-backend={analysis.backend}
          data-ms={analysis.ms.toFixed(1)}
          data-load-ms={analysis.loadMs.toFixed(1)}
          data-seq={analysis.seq}
          data-json={JSON.stringify(
            analysis.images.map((i) =>
              i.estimations.map((f) => ({
                rect: f.face.detection.rect,
                descriptor: Array.from(f.face.detection.attributes.descriptor?.sdk_descriptor ?? []),
              })),
            ),
          )}
        >
          {seen
            ? `overlays from ${analysis.backend} · ${faces.length} face(s) in this image`
            : "this image has not been analysed yet: Run or Detect draws its overlays"}
        </p>
      )}
    </>
  );
}
