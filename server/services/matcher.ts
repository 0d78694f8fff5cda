/**
 * Luna Python Matcher stand-in, api 1. `matcher/raw` compares descriptors given in the request;
 * `matcher/faces` finds the nearest stored faces in the in-memory index (exact int8 scan, or IVF:
 * docs/matcher.md), then reads those faces from the database. Similarity is our documented map of
 * cosine (shared/luna/similarity.ts).
 */
import {
  cosine,
  decodeSdkDescriptor,
  descriptorToVector,
  MOBILEFACENET_DESCRIPTOR_VERSION,
} from "../../shared/luna/descriptor.ts";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { matchFacesSchema, matchRawReplySchema, matchRawSchema } from "../../shared/luna/schemas/matcher.ts";
import { cosineToSimilarity } from "../../shared/luna/similarity.ts";
import { route, type ServiceTable } from "../http/routeTable.ts";
import type { FacesRepository } from "../store/facesRepository.ts";
import { descriptorCode, type MatcherIndex } from "./matcherIndex/matcherIndex.ts";

export const MATCHER_PREFIX = "/luna-python-matcher/1";

function vectorOf(bytes: Uint8Array): { version: number; vector: Float32Array } {
  const decoded = decodeSdkDescriptor(bytes);
  if (decoded.version !== MOBILEFACENET_DESCRIPTOR_VERSION)
    throw new LunaError(Errors.UnknownDescriptorVersion, decoded.version);
  return { version: decoded.version, vector: descriptorToVector(decoded) };
}

export interface MatcherOptions {
  maxBodyBytes: number;
}

function checkedCode(bytes: Uint8Array): Int8Array {
  vectorOf(bytes); // signature, version and length checks (95010/95011/95012)
  return descriptorCode(bytes)!; // vectorOf checked the length
}

export function matcherService(faces: FacesRepository, index: MatcherIndex, options: MatcherOptions): ServiceTable {
  return {
    name: "Luna Python Matcher (embedded)",
    prefix: MATCHER_PREFIX,
    version: "1",
    maxBodyBytes: options.maxBodyBytes,
    routes: [
      route({
        method: "post",
        path: "/matcher/raw",
        summary: "Compare every candidate descriptor with every reference descriptor",
        body: matchRawSchema,
        reply: matchRawReplySchema,
        responses: {
          200: "matches per reference, most similar first",
          400: "bad descriptor (95010/95011/95012) or versions differ (95013)",
        },
        handle: async ({ body }) => {
          const candidates = body.candidates.map((c) => ({ id: c.id, ...vectorOf(c.data) }));
          const matches = body.references.map((r) => {
            const ref = vectorOf(r.data);
            const scored = candidates.map((c) => {
              if (c.version !== ref.version)
                throw new LunaError(Errors.DescriptorVersionMismatch, ref.version, c.version);
              return { candidate_id: c.id, similarity: cosineToSimilarity(cosine(ref.vector, c.vector)) };
            });
            scored.sort((a, b) => b.similarity - a.similarity);
            return { reference_id: r.id, matches: scored };
          });
          return { status: 200, body: { matches } };
        },
      }),
      route({
        method: "post",
        path: "/matcher/faces",
        summary: "Find the stored faces nearest to each reference (a face id or a descriptor), per candidate filter",
        body: matchFacesSchema,
        responses: { 200: "matches per reference and candidate filter", 404: "reference face not found (22002)" },
        handle: async ({ body, account }) => {
          const results = [];
          for (const reference of body.references) {
            let code: Int8Array;
            if (reference.type === "face") {
              await index.catchUp();
              const stored = index.code(account, reference.id);
              if (!stored) throw new LunaError(Errors.FaceNotFound, reference.id);
              code = stored;
            } else {
              code = checkedCode(reference.data);
            }
            const matches = [];
            for (const candidates of body.candidates) {
              const filters = { listId: candidates.filters.list_id, faceIds: candidates.filters.face_ids };
              const nearest = await index.search(account, code, filters, candidates.limit);
              const found = await faces.getMany(
                account,
                nearest.map((n) => n.faceId),
              );
              const result = nearest
                .filter((n) => found.has(n.faceId))
                .map((n) => ({ face: found.get(n.faceId)!, similarity: cosineToSimilarity(n.cosine) }))
                .filter((m) => m.similarity >= candidates.threshold);
              matches.push({ result, filters: candidates.filters, total_found: result.length });
            }
            results.push({ reference: { id: reference.id, type: reference.type }, matches });
          }
          return { status: 200, body: results };
        },
      }),
    ],
  };
}
