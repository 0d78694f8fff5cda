/**
 * Completions and hovers for Python lambdas: what the shims in shared/lambda/python provide
 * (request, its clients and their methods with the keywords the TypeScript clients take, logger,
 * UserException, luna3 classes). Static, from the same names the shims and clients use.
 */
import type * as Monaco from "monaco-editor";
import { sdkFlagSummaries, unavailableSdkFlags } from "../../shared/luna/schemas/sdk.ts";
import { snakeToCamel } from "../../shared/luna/wireNames.ts";

interface Entry {
  name: string;
  doc: string;
  /** Inserted text (a snippet with ${n:…} placeholders); the name when absent. */
  insert?: string;
}

const CLIENT_METHODS: Record<string, Entry[]> = {
  faces: [
    {
      name: "getFace",
      doc: "GET a face. → reply (.json, .statusCode)",
      insert: "getFace(faceId=${1:faceId}, raiseError=${2:True})",
    },
    {
      name: "createFace",
      doc: "Create a face from descriptors/samples.",
      insert: "createFace(descriptors=[${1}], externalId=${2:None}, raiseError=True)",
    },
    { name: "getFaces", doc: "List faces (filters as keywords).", insert: "getFaces(${1})" },
    {
      name: "updateFace",
      doc: "Update a face's user data / external id.",
      insert: "updateFace(faceId=${1:faceId}, userData=${2:''})",
    },
    { name: "deleteFace", doc: "Delete a face.", insert: "deleteFace(faceId=${1:faceId})" },
    { name: "createList", doc: "Create a list.", insert: "createList(userData=${1:''})" },
    {
      name: "linkFacesToList",
      doc: "Attach faces to a list.",
      insert: "linkFacesToList(listId=${1:listId}, faceIds=[${2}])",
    },
    { name: "getAddress", doc: "The service's base address (origin/api version).", insert: "getAddress()" },
  ],
  events: [
    {
      name: "saveEvents",
      doc: "Save luna3 Event objects.",
      insert: "saveEvents([${1:event}], waitEventsSaving=True, raiseError=True)",
    },
    { name: "getEvent", doc: "GET an event.", insert: "getEvent(eventId=${1:eventId})" },
    { name: "getEvents", doc: "List events.", insert: "getEvents(${1})" },
    { name: "getAddress", doc: "The service's base address.", insert: "getAddress()" },
  ],
  matcher: [
    {
      name: "matchRaw",
      doc: "Match SDKDescriptorReference candidates against references.",
      insert: "matchRaw(candidates=[${1}], references=[${2}])",
    },
    {
      name: "matchFaces",
      doc: "Match faces/descriptors against faces or lists.",
      insert: "matchFaces(candidates=[${1}], references=[${2}])",
    },
    { name: "getAddress", doc: "The service's base address.", insert: "getAddress()" },
  ],
  sdk: [
    {
      name: "sdk",
      doc: `Remote SDK: detect and estimate on BinaryImage(s). Flags: ${[...sdkFlagSummaries.keys()].map(snakeToCamel).join(", ")}, multifacePolicy.`,
      insert:
        "sdk(inputData=${1:BinaryImage(filename=image.filename, body=image.source.body)}, detectFace=1, ${2:estimateEmotions}=1)",
    },
    { name: "getAddress", doc: "The service's base address.", insert: "getAddress()" },
  ],
  faceSamplesStore: [
    { name: "postImage", doc: "Store a sample (bytes).", insert: "postImage(imageInBytes=${1:warp}, raiseError=True)" },
    { name: "getImage", doc: "GET an image.", insert: "getImage(imageId=${1:imageId})" },
    { name: "getAddress", doc: "The bucket's address.", insert: "getAddress()" },
  ],
  sender: [
    {
      name: "publish",
      doc: "Publish events to subscribers.",
      insert: "publish(events=[${1}], handlerId=${2:handlerId})",
    },
  ],
};
/** The keywords of clients.sdk.sdk(...): one per /sdk flag (shared/inference/estimators.ts adds the estimators'). */
const SDK_FLAGS: Entry[] = [
  ...[...sdkFlagSummaries].map(([flag, doc]) => ({
    name: snakeToCamel(flag),
    doc: `${doc} (${flag}).`,
    insert: `${snakeToCamel(flag)}=1`,
  })),
  ...unavailableSdkFlags.map((flag) => ({
    name: snakeToCamel(flag),
    doc: `No model for ${flag} here: 1 is answered with 501 / 95020.`,
    insert: `${snakeToCamel(flag)}=0`,
  })),
  {
    name: "multifacePolicy",
    doc: "0: more than one face fails the image, 1: all faces (default), 2: the largest face only.",
    insert: "multifacePolicy=${1:1}",
  },
];

CLIENT_METHODS.bodySamplesStore = CLIENT_METHODS.faceSamplesStore!;
CLIENT_METHODS.imageOriginStore = CLIENT_METHODS.faceSamplesStore!;

const REQUEST: Entry[] = [
  {
    name: "data",
    doc: "The validated msgpack body: data.sources[i].source.body, .filename, .source.faceDetectionData[j].boundingBox, .faceBoundingBoxes, .detectTime…",
  },
  {
    name: "clients",
    doc: "Luna clients: faces, events, matcher, sdk, faceSamplesStore, bodySamplesStore, imageOriginStore, sender (async methods).",
  },
  { name: "headers", doc: "Request headers (lower-case names)." },
  { name: "args", doc: "Query parameters." },
  { name: "userCtx", doc: "The UserCtx instance, when the module defines class UserCtx (onStart/onShutdown)." },
  { name: "json", doc: "Standalone lambdas: the JSON body." },
  { name: "getBody", doc: "The raw body bytes.", insert: "getBody()" },
];

const LOGGER: Entry[] = ["debug", "info", "warning", "error", "exception"].map((level) => ({
  name: level,
  doc: `Log at ${level.toUpperCase()} (arguments joined by spaces).`,
  insert: `${level}(\${1})`,
}));

const MODULES: Entry[] = [
  { name: "from luna_lambda_tools import HandlersLambdaRequest, UserException, logger", doc: "The lambda tools." },
  { name: "from luna3.public.common import BinaryImage", doc: "An image for clients.sdk.sdk." },
  { name: "from luna3.public.matcher import SDKDescriptorReference", doc: "A raw descriptor for matchRaw." },
  { name: "from luna3.public.events import Event, EventFace, EventDetection", doc: "Event objects for saveEvents." },
  { name: "from vlutils.descriptors.containers import sdkDescriptorDecode", doc: "SDK descriptor → (version, bytes)." },
  { name: "from cow.errors.errors import Error", doc: "Luna's error catalogue: Error.Success.asDict()." },
];

const HOVERS: Record<string, string> = {
  UserException:
    "Subclass with `statusCode` and `errorText`, then `raise` it: the lambda answers with that status (error 42004 with your text).",
  HandlersLambdaRequest:
    "What `main(request)` gets: `request.data` (validated sources), `request.clients`, `request.headers`, `request.userCtx`.",
  logger: "The lambda logger: `logger.info(...)` — lines appear in the playground's log.",
  BinaryImage: "BinaryImage(filename=…, body=bytes, mimetype='image/jpeg'): an image for `clients.sdk.sdk`.",
  SDKDescriptorReference:
    "SDKDescriptorReference(descriptor=…, referenceId=…): a raw descriptor for `clients.matcher.matchRaw`.",
  sdkDescriptorDecode: "sdkDescriptorDecode(sdk_descriptor) → (version, descriptor bytes).",
  ...Object.fromEntries(Object.entries(CLIENT_METHODS).flatMap(([, methods]) => methods.map((m) => [m.name, m.doc]))),
  ...Object.fromEntries(SDK_FLAGS.map((flag) => [flag.name, flag.doc])),
};

let registered = false;

export function registerPythonCompletions(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  const kinds = monaco.languages.CompletionItemKind;
  const toItems = (entries: Entry[], range: Monaco.IRange, kind: Monaco.languages.CompletionItemKind) =>
    entries.map((e) => ({
      label: e.name,
      kind,
      documentation: e.doc,
      insertText: e.insert ?? e.name,
      insertTextRules: e.insert ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
      range,
    }));
  monaco.languages.registerCompletionItemProvider("python", {
    triggerCharacters: ["."],
    provideCompletionItems(model, position) {
      const line = model.getValueInRange({
        startLineNumber: position.lineNumber,
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      // Inside `clients.sdk.sdk(` — keywords often stand one per line, so look back a few lines.
      const recent = model.getValueInRange({
        startLineNumber: Math.max(1, position.lineNumber - 12),
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      if (/\.sdk\((?:[^()]|\([^()]*\))*$/.test(recent) && /(^|[(,\s])\w*$/.test(line))
        return { suggestions: toItems(SDK_FLAGS, range, kinds.Property) };
      const client = /request\.clients\.(\w+)\.\w*$/.exec(line);
      if (client) return { suggestions: toItems(CLIENT_METHODS[client[1]!] ?? [], range, kinds.Method) };
      if (/request\.clients\.\w*$/.test(line))
        return {
          suggestions: toItems(
            Object.keys(CLIENT_METHODS).map((name) => ({ name, doc: `The ${name} client.` })),
            range,
            kinds.Field,
          ),
        };
      if (/request\.\w*$/.test(line)) return { suggestions: toItems(REQUEST, range, kinds.Property) };
      if (/logger\.\w*$/.test(line)) return { suggestions: toItems(LOGGER, range, kinds.Method) };
      if (/^\s*(from|import)?\s*\w*$/.test(line))
        return { suggestions: toItems(MODULES, { ...range, startColumn: 1 }, kinds.Module) };
      return { suggestions: [] };
    },
  });
  monaco.languages.registerHoverProvider("python", {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      const doc = word ? HOVERS[word.word] : undefined;
      return doc ? { contents: [{ value: `**${word!.word}** — ${doc}` }] } : null;
    },
  });
}
