/** The 112×112 ArcFace-aligned crops the core made of each face (the descriptor's input). */
import { useEffect, useMemo } from "react";

export function Warps({ warps }: { warps: Uint8Array[] }) {
  const urls = useMemo(
    () => warps.map((w) => URL.createObjectURL(new Blob([w as Uint8Array<ArrayBuffer>], { type: "image/jpeg" }))),
    [warps],
  );
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  if (urls.length === 0) return null;
  return (
    <div className="warps">
      {urls.map((u, i) => (
        <img key={u} src={u} width={112} height={112} alt={`warp of face ${i + 1}`} data-testid="warp-thumb" />
      ))}
    </div>
  );
}
