/**
 * The request as structured, editable data (issue 14 item 3): the sources (the gallery's images by
 * filename, in order, with their boxes — the images themselves are edited in the Images tab) and
 * each one's own fields, the request-wide fields, the headers and the query string. Every field is
 * checked by the shared schemas as it is typed (shared/playground/requestWire.ts), its problem shown
 * under it; Run refuses while any remains. Below, the msgpack the lambda will receive.
 */
import { type ReactNode, useMemo } from "react";
import { useStore } from "zustand";
import { defaultSourceFields, type SourceFields } from "../../shared/playground/requestSpec.ts";
import { accountId } from "../api/lambdaService.ts";
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import { MsgpackInspector } from "./MsgpackInspector.tsx";
import { NamedValuesEditor } from "./NamedValuesEditor.tsx";
import { describeField, WIRE_NAMES } from "./requestFieldNames.ts";
import "./request.css";

function Field({
  testId,
  label,
  title,
  error,
  children,
}: {
  testId: string;
  label: string;
  title?: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="request-field" data-testid={`${testId}-field`}>
      <div className="request-row">
        <label className="request-label" htmlFor={testId} title={title}>
          {label}
        </label>
        {children}
      </div>
      {error && (
        <p className="error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The per-image fields: one-line ones as inputs, JSON ones as text areas. */
const SOURCE_TEXT_FIELDS: { key: keyof SourceFields; placeholder: string; json: boolean }[] = [
  { key: "detectTime", placeholder: "2024-05-01T12:00:00Z", json: false },
  { key: "detectTs", placeholder: "1714564800", json: false },
  { key: "imageOrigin", placeholder: "https://… or an id", json: false },
  { key: "meta", placeholder: '{"camera": "door"}', json: true },
  { key: "sourceData", placeholder: '{"source": "cam-1", "tags": ["door"]}', json: true },
  { key: "bodyMeta", placeholder: "{}", json: true },
  { key: "bodyBoundingBoxes", placeholder: '[{"x": 0, "y": 0, "width": 100, "height": 200}]', json: true },
];

export function RequestPanel({ store }: { store: ProjectStore; runs: RunStore }) {
  const project = useStore(store);
  const { images, boxes, request, lambdaType, standaloneBody, standaloneContentType, sendFaceBoundingBoxes } = project;
  // Encoding the images is the costly part: only when something the body holds changed.
  const prepared = useMemo(
    () => store.getState().preparedRequest(),
    [store, images, boxes, request, lambdaType, standaloneBody, standaloneContentType, sendFaceBoundingBoxes],
  );
  const errors = new Map<string, string>();
  for (const p of prepared.problems) if (!errors.has(p.field)) errors.set(p.field, p.message);
  const rowErrors = (prefix: string) =>
    Object.fromEntries(
      [...errors].filter(([f]) => f.startsWith(prefix)).map(([f, m]) => [Number(f.slice(prefix.length)), m]),
    );
  const setRequest = store.getState().setRequest;
  const handlers = lambdaType === "handlers";

  return (
    <div className="tab-body request-panel" data-testid="request-editor" data-problems={prepared.problems.length}>
      {prepared.problems.length > 0 && (
        <p className="error" data-testid="request-problems">
          {prepared.problems.length} problem(s): Run is refused until they are fixed — first{" "}
          {describeField(prepared.problems[0]!.field, project)}: {prepared.problems[0]!.message}
        </p>
      )}
      {handlers ? (
        <>
          <h3>Sources</h3>
          {images.length === 0 && (
            <p className="hint">
              No image yet: add some in the Images tab (the lambda then gets an empty sources list).
            </p>
          )}
          <ol className="request-sources" data-testid="request-sources">
            {images.map((image, index) => {
              const fields = request.sources[image.id] ?? defaultSourceFields();
              const imageBoxes = boxes[image.id] ?? [];
              const field = (key: keyof SourceFields) => `sources.${image.id}.${key}`;
              const testId = (key: string) => `request-source-${index}-${key}`;
              return (
                <li key={image.id} data-testid="request-source" data-filename={image.filename}>
                  <div className="request-source-head">
                    <strong>{image.filename}</strong>
                    <span className="hint" data-testid={testId("boxes")} data-count={imageBoxes.length}>
                      {imageBoxes.length === 0
                        ? "no face box"
                        : imageBoxes.map((b) => `${b.x},${b.y} ${b.width}×${b.height}`).join(" · ")}
                      {imageBoxes.length > 0 && " → face_detection_data"}
                      {imageBoxes.length > 0 && sendFaceBoundingBoxes && " + face_bounding_boxes"}
                    </span>
                  </div>
                  {errors.get(`sources.${image.id}`) && (
                    <p className="error" data-testid={testId("error")}>
                      {errors.get(`sources.${image.id}`)}
                    </p>
                  )}
                  <Field testId={testId("sourceType")} label="source_type" error={errors.get(field("sourceType"))}>
                    <select
                      data-testid={testId("sourceType")}
                      id={testId("sourceType")}
                      value={fields.sourceType}
                      onChange={(e) =>
                        store
                          .getState()
                          .setSourceFields(image.id, { sourceType: e.target.value as SourceFields["sourceType"] })
                      }
                    >
                      <option value="raw_image">"raw_image"</option>
                      <option value="0">0</option>
                      <option value="1">1</option>
                    </select>
                  </Field>
                  {SOURCE_TEXT_FIELDS.map(({ key, placeholder, json }) => (
                    <Field key={key} testId={testId(key)} label={WIRE_NAMES[key]!} error={errors.get(field(key))}>
                      {json ? (
                        <textarea
                          data-testid={testId(key)}
                          id={testId(key)}
                          rows={Math.min(6, Math.max(2, fields[key].split("\n").length))}
                          spellCheck={false}
                          placeholder={placeholder}
                          value={fields[key]}
                          aria-invalid={errors.has(field(key))}
                          onChange={(e) => store.getState().setSourceFields(image.id, { [key]: e.target.value })}
                        />
                      ) : (
                        <input
                          data-testid={testId(key)}
                          id={testId(key)}
                          spellCheck={false}
                          placeholder={placeholder}
                          value={fields[key]}
                          aria-invalid={errors.has(field(key))}
                          onChange={(e) => store.getState().setSourceFields(image.id, { [key]: e.target.value })}
                        />
                      )}
                    </Field>
                  ))}
                </li>
              );
            })}
          </ol>
          <h3>Request</h3>
          <Field
            testId="request-aggregateAttributes"
            label="aggregate_attributes"
            title="1: one set of attributes aggregated over all sources"
            error={errors.get("aggregateAttributes")}
          >
            <select
              data-testid="request-aggregateAttributes"
              id="request-aggregateAttributes"
              value={request.aggregateAttributes}
              onChange={(e) =>
                setRequest((r) => ({ ...r, aggregateAttributes: e.target.value as typeof r.aggregateAttributes }))
              }
            >
              <option value="0">0</option>
              <option value="1">1</option>
            </select>
          </Field>
          <Field
            testId="request-useExifInfo"
            label="use_exif_info"
            title="left out, the lambda reads 1"
            error={errors.get("useExifInfo")}
          >
            <select
              data-testid="request-useExifInfo"
              id="request-useExifInfo"
              value={request.useExifInfo}
              onChange={(e) => setRequest((r) => ({ ...r, useExifInfo: e.target.value as typeof r.useExifInfo }))}
            >
              <option value="">(left out: 1)</option>
              <option value="0">0</option>
              <option value="1">1</option>
            </select>
          </Field>
          <Field testId="request-sourceData" label="source_data" error={errors.get("sourceData")}>
            <textarea
              data-testid="request-sourceData"
              id="request-sourceData"
              rows={2}
              spellCheck={false}
              placeholder='{"source": "cam-1", "user_data": "…", "location": {"city": "…"}}'
              value={request.sourceData}
              aria-invalid={errors.has("sourceData")}
              onChange={(e) => setRequest((r) => ({ ...r, sourceData: e.target.value }))}
            />
          </Field>
        </>
      ) : (
        <p className="hint">
          A standalone lambda gets the free body typed in the run bar ({standaloneContentType}); its headers and query
          are here.
        </p>
      )}
      <h3>Headers</h3>
      <Field
        testId="request-accountId"
        label="Luna-Account-Id"
        title="The page's account: change it in Settings"
        error={undefined}
      >
        <input id="request-accountId" data-testid="request-accountId" value={accountId()} readOnly />
      </Field>
      <Field testId="request-handlerId" label="Luna-Handler-Id" error={errors.get("headers.handlerId")}>
        <input
          data-testid="request-handlerId"
          id="request-handlerId"
          placeholder="a UUID"
          spellCheck={false}
          value={request.headers.handlerId}
          aria-invalid={errors.has("headers.handlerId")}
          onChange={(e) => setRequest((r) => ({ ...r, headers: { ...r.headers, handlerId: e.target.value } }))}
        />
        <button
          type="button"
          data-testid="request-handlerId-new"
          onClick={() => setRequest((r) => ({ ...r, headers: { ...r.headers, handlerId: crypto.randomUUID() } }))}
        >
          new
        </button>
      </Field>
      <Field testId="request-eventTime" label="Luna-Event-Time" error={errors.get("headers.eventTime")}>
        <input
          data-testid="request-eventTime"
          id="request-eventTime"
          placeholder="2024-05-01T12:00:00Z"
          spellCheck={false}
          value={request.headers.eventTime}
          aria-invalid={errors.has("headers.eventTime")}
          onChange={(e) => setRequest((r) => ({ ...r, headers: { ...r.headers, eventTime: e.target.value } }))}
        />
        <button
          type="button"
          data-testid="request-eventTime-now"
          onClick={() =>
            setRequest((r) => ({
              ...r,
              headers: { ...r.headers, eventTime: new Date().toISOString().replace(/\.\d+Z$/, "Z") },
            }))
          }
        >
          now
        </button>
      </Field>
      <NamedValuesEditor
        testId="request-header"
        entries={request.headers.extra}
        errors={rowErrors("headers.extra.")}
        namePlaceholder="X-Camera-Id"
        addLabel="+ header"
        onChange={(extra) => setRequest((r) => ({ ...r, headers: { ...r.headers, extra } }))}
      />
      <h3>Query</h3>
      <NamedValuesEditor
        testId="request-query"
        entries={request.query}
        errors={rowErrors("query.")}
        namePlaceholder="name"
        addLabel="+ query parameter"
        onChange={(query) => setRequest((r) => ({ ...r, query }))}
      />
      {handlers && <MsgpackInspector body={prepared.body} />}
    </div>
  );
}
