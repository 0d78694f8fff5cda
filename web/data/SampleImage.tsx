/**
 * A sample from the Image Store, shown by id: the bytes are fetched with the account header (an
 * <img src> cannot send it) and shown through an object URL. A click opens the sample.
 */
import { getSample, type SampleBucket } from "../api/dataApi.ts";
import { useObjectUrl } from "../images/useObjectUrl.ts";
import type { DataRef } from "../state/runStore.ts";
import { shortId } from "./dataRefs.ts";
import { useLoaded } from "./useLoaded.ts";

export function SampleImage({
  sampleId,
  bucket,
  size,
  onOpen,
}: {
  sampleId: string;
  bucket?: SampleBucket;
  /** Shown edge in CSS pixels (the 112 px warps at 1:1 by default). */
  size?: number;
  onOpen?(ref: DataRef): void;
}) {
  const sample = useLoaded(() => getSample(sampleId, bucket), [sampleId, bucket]);
  const found = sample.state === "ready" ? sample.value : null;
  const url = useObjectUrl(found?.bytes ?? null, found?.contentType ?? "image/jpeg");
  const missing = sample.state === "ready" && sample.value === null;
  const image = (
    <span
      className="data-sample"
      data-testid="data-sample-image"
      data-id={sampleId}
      data-state={sample.state}
      data-found={String(url !== null)}
    >
      {url ? (
        <img src={url} alt={`sample ${sampleId}`} width={size} height={size} />
      ) : (
        <span className="hint">
          {missing ? "not in the Image Store" : sample.state === "failed" ? sample.error : shortId(sampleId)}
        </span>
      )}
    </span>
  );
  return onOpen ? (
    <button
      type="button"
      className="link data-sample-link"
      title={sampleId}
      onClick={() => onOpen({ kind: "sample", id: sampleId })}
    >
      {image}
    </button>
  ) : (
    image
  );
}
