/**
 * An object URL for bytes, made and revoked by one effect. A URL made in `useMemo` and revoked in
 * an effect's cleanup is revoked under React's StrictMode re-run while the memo still hands it out
 * — the `blob: ERR_FILE_NOT_FOUND` console errors this replaces.
 */
import { useEffect, useState } from "react";

export function useObjectUrl(bytes: Uint8Array | null, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!bytes) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [bytes, type]);
  return url;
}

/** Object URLs for a list of byte arrays (the warp thumbnails), one effect for the list. */
export function useObjectUrls(list: readonly Uint8Array[], type: string): string[] {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = list.map((bytes) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type })));
    setUrls(made);
    return () => made.forEach((u) => URL.revokeObjectURL(u));
  }, [list, type]);
  return urls;
}
