import { ensurePackedPhotos } from "./fixtures.ts";

export default function setup(): void {
  ensurePackedPhotos();
}
