/**
 * Luna similarity is a same-person score in [0, 1]; FaceEngine's mapping is model-specific and
 * unpublished. Ours is a logistic of cosine, centred on the cosine that separates same from
 * different people for our MobileFaceNet descriptor on the fixture photos (same person: cosine
 * 0.71–0.99; different people: ≤ 0.32), so 0.5 is the natural verification threshold.
 */
export const SIMILARITY_CENTRE_COSINE = 0.45;
export const SIMILARITY_STEEPNESS = 12;
/** similarity ≥ this ⇒ same person. */
export const SAME_PERSON_SIMILARITY = 0.5;

export function cosineToSimilarity(cos: number): number {
  return 1 / (1 + Math.exp(-SIMILARITY_STEEPNESS * (cos - SIMILARITY_CENTRE_COSINE)));
}

export function similarityToCosine(similarity: number): number {
  const s = Math.min(Math.max(similarity, 1e-12), 1 - 1e-12);
  return SIMILARITY_CENTRE_COSINE + Math.log(s / (1 - s)) / SIMILARITY_STEEPNESS;
}
