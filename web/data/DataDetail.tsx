/**
 * One stored object, opened: a face (its attributes, lists, samples, event), a list (its faces),
 * an event (its fields, face and samples), a sample (the image). Ids it names open those objects;
 * delete is offered where Luna's API has it (faces, lists, events, images), asked twice.
 */
import { type ReactNode, useState } from "react";
import {
  deleteEvent,
  deleteFace,
  deleteList,
  deleteSample,
  getEvent,
  getFace,
  getList,
  getSample,
  listFaces,
} from "../api/dataApi.ts";
import type { DataRef } from "../state/runStore.ts";
import { eventSampleIds, faceSampleIds } from "./dataRefs.ts";
import { SampleImage } from "./SampleImage.tsx";
import { useLoaded } from "./useLoaded.ts";

type Open = (ref: DataRef) => void;

function IdLink({ kind, id, onOpen }: { kind: DataRef["kind"]; id: string; onOpen: Open }) {
  return (
    <button
      type="button"
      className="link data-id"
      data-testid="data-link"
      data-kind={kind}
      data-id={id}
      onClick={() => onOpen({ kind, id })}
    >
      {id}
    </button>
  );
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt>{name}</dt>
      <dd data-field={name}>{children}</dd>
    </>
  );
}

const text = (value: string | null | undefined) => (value ? value : <span className="hint">—</span>);

/** Delete, then "delete for good?" — one slip of the mouse removes nothing. */
function DeleteButton({ what, remove, onDeleted }: { what: string; remove(): Promise<void>; onDeleted(): void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking)
    return (
      <button type="button" data-testid="data-delete" onClick={() => setAsking(true)}>
        Delete {what}
      </button>
    );
  return (
    <span className="data-delete">
      <button
        type="button"
        className="danger"
        data-testid="data-delete-confirm"
        onClick={() =>
          void remove().then(onDeleted, (e: Error) => {
            setError(e.message);
            setAsking(false);
          })
        }
      >
        Delete {what} for good
      </button>{" "}
      <button type="button" onClick={() => setAsking(false)}>
        keep it
      </button>
      {error && <span className="error">{error}</span>}
    </span>
  );
}

function FaceDetail({ id, onOpen, onDeleted }: { id: string; onOpen: Open; onDeleted(): void }) {
  const face = useLoaded(() => getFace(id), [id]);
  if (face.state !== "ready") return <Loading loaded={face} />;
  const f = face.value;
  const basic = f.attributes.basic_attributes;
  return (
    <>
      <dl className="data-fields">
        <Field name="face_id">{f.face_id}</Field>
        <Field name="external_id">{text(f.external_id)}</Field>
        <Field name="user_data">{text(f.user_data)}</Field>
        <Field name="create_time">{f.create_time}</Field>
        <Field name="event_id">
          {f.event_id ? <IdLink kind="event" id={f.event_id} onOpen={onOpen} /> : text(null)}
        </Field>
        <Field name="avatar">{text(f.avatar)}</Field>
        <Field name="lists">
          {f.lists.length ? f.lists.map((l) => <IdLink key={l} kind="list" id={l} onOpen={onOpen} />) : text(null)}
        </Field>
        <Field name="descriptors">
          {f.attributes.descriptors.length
            ? f.attributes.descriptors.map((d) => `version ${d.version}`).join(", ")
            : text(null)}
        </Field>
        <Field name="basic_attributes">{basic ? <code>{JSON.stringify(basic)}</code> : text(null)}</Field>
      </dl>
      <h4>Samples</h4>
      <div className="data-samples">
        {faceSampleIds(f).map((s) => (
          <SampleImage key={s} sampleId={s} onOpen={onOpen} />
        ))}
        {faceSampleIds(f).length === 0 && <span className="hint">no samples</span>}
      </div>
      <DeleteButton what="face" remove={() => deleteFace(id)} onDeleted={onDeleted} />
    </>
  );
}

function ListDetail({ id, onOpen, onDeleted }: { id: string; onOpen: Open; onDeleted(): void }) {
  const list = useLoaded(() => Promise.all([getList(id), listFaces(1, 50, id)]), [id]);
  if (list.state !== "ready") return <Loading loaded={list} />;
  const [l, faces] = list.value;
  return (
    <>
      <dl className="data-fields">
        <Field name="list_id">{l.list_id}</Field>
        <Field name="user_data">{text(l.user_data)}</Field>
        <Field name="create_time">{l.create_time}</Field>
        <Field name="faces_count">{l.faces_count}</Field>
      </dl>
      <h4>Faces{faces.count > faces.items.length ? ` (the newest ${faces.items.length})` : ""}</h4>
      <ul className="data-rows">
        {faces.items.map((f) => (
          <li key={f.face_id}>
            <IdLink kind="face" id={f.face_id} onOpen={onOpen} /> {f.external_id}
          </li>
        ))}
      </ul>
      <p className="hint">Deleting a list keeps its faces.</p>
      <DeleteButton what="list" remove={() => deleteList(id)} onDeleted={onDeleted} />
    </>
  );
}

function EventDetail({ id, onOpen, onDeleted }: { id: string; onOpen: Open; onDeleted(): void }) {
  const event = useLoaded(() => getEvent(id), [id]);
  if (event.state !== "ready") return <Loading loaded={event} />;
  const e = event.value;
  const faceId = e.face?.face_id;
  return (
    <>
      <dl className="data-fields">
        <Field name="event_id">{e.event_id}</Field>
        <Field name="create_time">{e.create_time}</Field>
        <Field name="handler_id">{text(e.handler_id)}</Field>
        <Field name="external_id">{text(e.external_id)}</Field>
        <Field name="face">{faceId ? <IdLink kind="face" id={faceId} onOpen={onOpen} /> : text(null)}</Field>
      </dl>
      <h4>Samples</h4>
      <div className="data-samples">
        {eventSampleIds(e).map((s) => (
          <SampleImage key={s} sampleId={s} onOpen={onOpen} />
        ))}
        {eventSampleIds(e).length === 0 && <span className="hint">no samples</span>}
      </div>
      <details className="data-raw">
        <summary>All fields</summary>
        <pre data-testid="data-json" data-json={JSON.stringify(e)}>
          {JSON.stringify(e, null, 2)}
        </pre>
      </details>
      <DeleteButton what="event" remove={() => deleteEvent(id)} onDeleted={onDeleted} />
    </>
  );
}

function SampleDetail({ id, onDeleted }: { id: string; onDeleted(): void }) {
  const sample = useLoaded(() => getSample(id), [id]);
  if (sample.state !== "ready") return <Loading loaded={sample} />;
  if (!sample.value) return <p className="error">No sample {id} in this account's Image Store buckets.</p>;
  const { bucket, contentType, bytes } = sample.value;
  return (
    <>
      <SampleImage sampleId={id} bucket={bucket} size={224} />
      <dl className="data-fields">
        <Field name="sample_id">{id}</Field>
        <Field name="bucket">{bucket}</Field>
        <Field name="content_type">{contentType}</Field>
        <Field name="size">{`${bytes.length} bytes`}</Field>
      </dl>
      <DeleteButton what="sample" remove={() => deleteSample(bucket, id)} onDeleted={onDeleted} />
    </>
  );
}

function Loading({ loaded }: { loaded: { state: string; error?: string } }) {
  return loaded.state === "failed" ? (
    <p className="error" data-testid="data-error">
      {loaded.error}
    </p>
  ) : (
    <p className="hint">loading…</p>
  );
}

const TITLES: Record<DataRef["kind"], string> = {
  face: "Face",
  list: "List",
  event: "Event",
  sample: "Sample",
  attribute: "Attribute",
};

export function DataDetail({
  focus,
  onOpen,
  onClose,
  onDeleted,
}: {
  focus: DataRef;
  onOpen: Open;
  onClose(): void;
  onDeleted(): void;
}) {
  const props = { id: focus.id, onOpen, onDeleted };
  return (
    <section className="data-detail" data-testid="data-detail" data-kind={focus.kind} data-id={focus.id}>
      <header>
        <button type="button" className="link" data-testid="data-back" onClick={onClose}>
          ← back to the list
        </button>
        <h3>
          {TITLES[focus.kind]} <code>{focus.id}</code>
        </h3>
      </header>
      {focus.kind === "face" && <FaceDetail {...props} />}
      {focus.kind === "list" && <ListDetail {...props} />}
      {focus.kind === "event" && <EventDetail {...props} />}
      {focus.kind === "sample" && <SampleDetail id={focus.id} onDeleted={onDeleted} />}
      {focus.kind === "attribute" && (
        <p className="hint">
          Luna keeps temporary attributes (<code>/attributes</code>) for a while after an extraction; the embedded Faces
          service stores none. A face's attributes are shown with the face, an event's with the event.
        </p>
      )}
    </section>
  );
}
