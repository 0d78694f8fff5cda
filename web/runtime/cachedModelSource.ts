/**
 * ModelSource for the browser: model files from the server's /models, kept in Cache Storage so a
 * reload does not download 45 MB again, with download progress for the models panel.
 */
import type { ModelSource } from "../../shared/inference/modelRegistry.ts";

const CACHE_NAME = "luna-lambda-playground-models-v1";

export function createCachedModelSource(baseUrl = "/models"): ModelSource & { cached(file: string): Promise<boolean> } {
  const url = (file: string) => `${baseUrl}/${file}`;
  const openCache = async () => ((globalThis as { caches?: CacheStorage }).caches ? caches.open(CACHE_NAME) : null);
  return {
    async cached(file: string): Promise<boolean> {
      return Boolean(await (await openCache())?.match(url(file)));
    },
    async read(file, onProgress): Promise<Uint8Array> {
      const cache = await openCache();
      const hit = await cache?.match(url(file));
      if (hit) return new Uint8Array(await hit.arrayBuffer());
      const response = await fetch(url(file));
      if (!response.ok || !response.body) throw new Error(`GET ${url(file)} answered ${response.status}`);
      const total = Number(response.headers.get("content-length")) || null;
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        onProgress?.(loaded, total);
      }
      const bytes = new Uint8Array(loaded);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      // Only after the registry's sha256 check would be better; the registry re-checks on every load anyway.
      await cache?.put(url(file), new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
      return bytes;
    },
  };
}
