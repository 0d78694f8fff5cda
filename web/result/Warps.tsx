/** The 112×112 ArcFace-aligned crops the core made of each face (the descriptor's input). */
import { useObjectUrls } from "../images/useObjectUrl.ts";

export function Warps({ warps }: { warps: Uint8Array[] }) {
  const urls = useObjectUrls(warps, "image/jpeg");
  if (urls.length === 0) return null;
  return (
    <div className="warps">
      {urls.map((u, i) => (
        <img key={u} src={u} width={112} height={112} alt={`warp of face ${i + 1}`} data-testid="warp-thumb" />
      ))}
    </div>
  );
}
