/**
 * What the inference core found in an image, drawn in image pixels: detection outline and score,
 * 68 (or 5) landmarks, head-pose axes, eye states and mask. Which layers show is the user's choice.
 */
import type { FaceEstimation } from "../../shared/inference/pipeline.ts";
import { headPoseAxes } from "./headPoseAxes.ts";

export interface OverlayLayers {
  detections: boolean;
  landmarks: boolean;
  headPose: boolean;
  eyes: boolean;
  mask: boolean;
}

/** The iBUG-300W 68-point contours (docs/models.md): jaw, brows, nose, eyes, lips; closed ones join their ends. */
const CONTOURS_68: [start: number, end: number, closed: boolean][] = [
  [0, 16, false],
  [17, 21, false],
  [22, 26, false],
  [27, 30, false],
  [31, 35, false],
  [36, 41, true],
  [42, 47, true],
  [48, 59, true],
  [60, 67, true],
];

export const ALL_LAYERS: OverlayLayers = { detections: true, landmarks: true, headPose: true, eyes: true, mask: true };

export function Overlays({ faces, layers, scale }: { faces: FaceEstimation[]; layers: OverlayLayers; scale: number }) {
  const font = Math.max(10, scale * 13);
  return (
    <g className="overlays" pointerEvents="none">
      {faces.map(({ face: { detection: d } }, i) => {
        const { rect } = d;
        const points = d.landmarks68 ?? d.landmarks5 ?? [];
        // Dots sized to the face (a 2 px dot vanished on a large face at 100 %), outlined for contrast.
        const dot = Math.max(1.5 * scale, rect.width / 70);
        const centre: [number, number] = d.landmarks5?.length
          ? [
              d.landmarks5.reduce((s, p) => s + p[0], 0) / d.landmarks5.length,
              d.landmarks5.reduce((s, p) => s + p[1], 0) / d.landmarks5.length,
            ]
          : [rect.x + rect.width / 2, rect.y + rect.height / 2];
        const pose = d.attributes.head_pose;
        const eyes = d.attributes.eyes_attributes;
        const mask = d.attributes.mask;
        const labels = [
          layers.detections ? d.score.toFixed(3) : null,
          layers.eyes && eyes ? `eyes ${eyes.left_eye.state}/${eyes.right_eye.state}` : null,
          layers.mask && mask ? `mask: ${mask.predominant_mask}` : null,
        ].filter((l): l is string => l !== null);
        return (
          <g key={i}>
            {layers.detections && (
              <rect
                className="detection"
                data-testid="detection-overlay"
                data-x={rect.x}
                data-y={rect.y}
                data-width={rect.width}
                data-height={rect.height}
                data-score={d.score}
                x={rect.x}
                y={rect.y}
                width={rect.width}
                height={rect.height}
              />
            )}
            {labels.map((text, k) => (
              <text key={k} x={rect.x} y={rect.y - 4 - (labels.length - 1 - k) * font * 1.1} fontSize={font}>
                {text}
              </text>
            ))}
            {layers.landmarks &&
              points.length === 68 &&
              CONTOURS_68.map(([from, to, closed]) => {
                const line = points.slice(from, to + 1).map(([x, y]) => `${x},${y}`);
                const d = `M${line.join("L")}${closed ? "Z" : ""}`;
                return <path key={from} className="landmark-contour" d={d} strokeWidth={dot / 2} />;
              })}
            {layers.landmarks &&
              points.map(([x, y], k) => (
                <circle
                  key={k}
                  className="landmark"
                  data-testid="landmark"
                  cx={x}
                  cy={y}
                  r={dot}
                  strokeWidth={dot / 3}
                />
              ))}
            {layers.headPose &&
              pose &&
              headPoseAxes(pose, rect.width * 0.5).map(([dx, dy], axis) => (
                <line
                  key={axis}
                  className={`axis axis-${"xyz"[axis]}`}
                  x1={centre[0]}
                  y1={centre[1]}
                  x2={centre[0] + dx}
                  y2={centre[1] + dy}
                />
              ))}
          </g>
        );
      })}
    </g>
  );
}
