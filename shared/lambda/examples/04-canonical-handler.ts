// Seed example 4: a canonical handler. Descriptor, basic attributes and warp from the Remote SDK;
// the warp stored as a sample, the face and the event saved, a message published; the reply has the
// shape of the standard luna-handlers reply.
import {
  BasicAttributes,
  BasicEthnicities,
  BinaryImage,
  Descriptor,
  DetectionSamples,
  Event,
  EventDetection,
  EventFace,
  EventFaceAttributes,
  FaceSample,
  HandlersLambdaRequest,
  LunaErrors,
  UserException,
  sdkDescriptorDecode,
} from "luna-lambda-tools";

class ImageCountException extends UserException {
  static override statusCode = 400;
  static override errorText = "expected at least one image in request";
}

class FaceCountException extends UserException {
  static override statusCode = 400;
  static override errorText = "excepted at least one face on each image";
}

class DetectionException extends UserException {
  static override statusCode = 400;
  static override errorText = "failed to detect at least one face";
}

type Source = HandlersLambdaRequest["data"]["sources"][number];

/** Python's datetime.now(tz=tzlocal()).isoformat(): local time with its UTC offset. */
function localIsoTime(date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(date.getTime() + offset * 60_000).toISOString().replace("Z", "");
  return `${local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

async function saveData(request: HandlersLambdaRequest, image: Source, handlerId: string, createTime: string) {
  const binaryImage = new BinaryImage({
    filename: image.filename ?? "raw_image",
    body: image.source.body,
    mimetype: "image/jpeg",
  });
  const imagesEstimations = (
    await request.clients.sdk.sdk({
      inputData: binaryImage,
      estimateFaceDescriptor: 1,
      estimateBasicAttributes: 1,
      estimateFaceWarp: 1,
    })
  ).json.images_estimations;
  if (imagesEstimations.length < 1) throw FaceCountException;

  const imageEstimation = imagesEstimations[0];
  const imageName: string = imageEstimation.filename;
  if (imageEstimation.estimations.length < 1) throw DetectionException;
  const detection = imageEstimation.estimations[0].face.detection;
  const sdkDescriptor: Uint8Array = detection.attributes.descriptor.sdk_descriptor;
  const basicAttributes = detection.attributes.basic_attributes;
  const faceSample: Uint8Array = detection.warp;

  const [descriptorVersion, descriptor] = sdkDescriptorDecode(sdkDescriptor);

  const sampleId = (await request.clients.faceSamplesStore.postImage({ imageInBytes: faceSample, raiseError: true }))
    .json.image_id;

  const faceId = (
    await request.clients.faces.createFace({
      descriptors: [sdkDescriptor],
      externalId: imageName,
      descriptorSamples: [sampleId],
      raiseError: true,
    })
  ).json.face_id;
  const eventId = crypto.randomUUID();
  const event = new Event({
    eventId,
    createTime,
    handlerId,
    externalId: imageName,
    face: new EventFace({ faceId, lists: [] }),
    faceAttributes: new EventFaceAttributes({
      descriptorData: new Descriptor({ descriptor, descriptorVersion }),
      basicAttributes: new BasicAttributes({
        age: basicAttributes.age,
        gender: basicAttributes.gender,
        // The playground has no ethnicity model: the SDK answers `predominant_ethnicity: null`.
        ethnicities: new BasicEthnicities({
          predominantEthnicity: basicAttributes.ethnicities?.predominant_ethnicity ?? null,
        }),
      }),
    }),
    detections: [
      new EventDetection({
        filename: imageName,
        detectTime: createTime,
        samples: new DetectionSamples({ face: new FaceSample({ sampleId }) }),
      }),
    ],
  });
  await request.clients.events.saveEvents([event], { waitEventsSaving: true, raiseError: true });
  await request.clients.sender.publish({
    events: [{ value: `Hello, I'm new event with id ${eventId}!` }],
    handlerId: "00000000-0000-4000-a000-000003491877",
    eventCreateTime: new Date().toISOString(),
    eventEndTime: new Date().toISOString(),
  });
  const imageResult = { filename: binaryImage.filename, status: 1, error: LunaErrors.Success.asDict() };
  const eventResult = {
    face_attributes: { attribute_id: null, url: null, basic_attributes: basicAttributes, samples: [sampleId] },
    body_attributes: null,
    aggregate_estimations: { face: null, body: null },
    source: null,
    tags: [],
    external_id: "",
    user_data: "",
    face: { face_id: faceId, url: `${request.clients.faces.getAddress()}/faces/${faceId}` },
    event_id: eventId,
    url: `${request.clients.events.getAddress()}/events/${eventId}`,
    matches: null,
    location: {},
    detections: [
      {
        filename: binaryImage.filename,
        samples: {
          face: {
            sample_id: sampleId,
            url: `${request.clients.faceSamplesStore.getAddress()}/images/${sampleId}`,
            detection: {},
          },
          body: null,
        },
        detect_time: image.detectTime ?? createTime,
        detect_ts: image.detectTs,
        image_origin: image.imageOrigin,
      },
    ],
    track_id: null,
    meta: null,
  };
  return [imageResult, eventResult] as const;
}

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  if (!request.data.sources.length) throw ImageCountException;

  const handlerId = crypto.randomUUID();
  const createTime = localIsoTime();
  const results = await Promise.all(
    request.data.sources.map((image) => saveData(request, image, handlerId, createTime)),
  );
  const resultEvents = [];
  const resultImages = [];
  for (const [imageResult, eventResult] of results) {
    resultEvents.push(eventResult);
    resultImages.push(imageResult);
  }
  return { events: resultEvents, images: resultImages, filtered_detections: { face_detections: [] } };
}
