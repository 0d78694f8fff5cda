/** Turning incoming sdk_descriptor bytes into what the store keeps (bytes + normalised floats). */
import {
  decodeSdkDescriptor,
  descriptorToVector,
  MOBILEFACENET_DESCRIPTOR_VERSION,
  SDK_DESCRIPTOR_HEADER_BYTES,
  SDK_DESCRIPTOR_MAGIC,
} from "../../shared/luna/descriptor.ts";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import type { StoredDescriptor } from "../store/facesRepository.ts";

/** Decodes and checks one descriptor; only versions with a known float form can be stored/matched. */
export function storedDescriptor(bytes: Uint8Array): StoredDescriptor {
  const decoded = decodeSdkDescriptor(bytes);
  if (decoded.version !== MOBILEFACENET_DESCRIPTOR_VERSION) {
    throw new LunaError(
      Errors.UnknownDescriptorVersion,
      `${decoded.version} (this service stores and matches version ${MOBILEFACENET_DESCRIPTOR_VERSION})`,
    );
  }
  return { version: decoded.version, sdkDescriptor: bytes, vector: descriptorToVector(decoded) };
}

/** Wraps a bare payload (luna3 Descriptor(descriptor, descriptorVersion)) in the sdk container. */
export function wrapPayload(payload: Uint8Array, version: number): Uint8Array {
  const out = new Uint8Array(SDK_DESCRIPTOR_HEADER_BYTES + payload.length);
  out.set(SDK_DESCRIPTOR_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, version, true);
  out.set(payload, SDK_DESCRIPTOR_HEADER_BYTES);
  return out;
}
