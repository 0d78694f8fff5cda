/** Head-pose axes for the overlay, as plain geometry (the stage draws them as lines from the face centre). */
const rad = (deg: number) => (deg * Math.PI) / 180;

/** The head's x (red), y (green) and z (blue) axes projected onto the image, from yaw/pitch/roll in degrees. */
export function headPoseAxes(pose: { yaw: number; pitch: number; roll: number }, length: number): [number, number][] {
  const y = -rad(pose.yaw);
  const p = rad(pose.pitch);
  const r = rad(pose.roll);
  return [
    [
      length * Math.cos(y) * Math.cos(r),
      length * (Math.cos(p) * Math.sin(r) + Math.cos(r) * Math.sin(p) * Math.sin(y)),
    ],
    [
      -length * Math.cos(y) * Math.sin(r),
      length * (Math.cos(p) * Math.cos(r) - Math.sin(p) * Math.sin(y) * Math.sin(r)),
    ],
    [length * Math.sin(y), -length * Math.cos(y) * Math.sin(p)],
  ];
}
