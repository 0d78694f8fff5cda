/**
 * The account's faces, lists, events and samples on the embedded services (what the lambdas
 * stored), listed newest first a page at a time with their counts, each opened in detail
 * (DataDetail.tsx). An id clicked in a reply arrives as the run store's `dataFocus`; picking an
 * object here sets the same focus, so there is one place that says what is open. The listing and
 * counts are read again after every run, which is when lambdas store things.
 */
import { useState } from "react";
import { useStore } from "zustand";
import { accountId } from "../api/lambdaService.ts";
import {
  listEvents,
  listFaces,
  listLists,
  listSamples,
  SAMPLE_BUCKETS,
  type Page,
  type SampleBucket,
} from "../api/dataApi.ts";
import type { DataRef, RunStore } from "../state/runStore.ts";
import { DataDetail } from "./DataDetail.tsx";
import {
  type DataSection,
  kindOf,
  lastPage,
  pageRange,
  parseObjectId,
  SECTIONS,
  sectionOf,
  shortId,
} from "./dataRefs.ts";
import { SampleImage } from "./SampleImage.tsx";
import { useLoaded } from "./useLoaded.ts";
import "./dataBrowser.css";

const PAGE_SIZE = 20;

/** One row of a listing: the object's id, its time and a few words about it. */
interface Row {
  id: string;
  time: string;
  about: string;
}

async function loadRows(section: DataSection, bucket: SampleBucket, page: number): Promise<Page<Row>> {
  if (section === "faces") {
    const faces = await listFaces(page, PAGE_SIZE);
    const about = (f: (typeof faces.items)[number]) =>
      [f.external_id, f.user_data, f.lists.length ? `${f.lists.length} list(s)` : ""].filter(Boolean).join(" · ");
    return {
      count: faces.count,
      items: faces.items.map((f) => ({ id: f.face_id, time: f.create_time, about: about(f) })),
    };
  }
  if (section === "lists") {
    const lists = await listLists(page, PAGE_SIZE);
    return {
      count: lists.count,
      items: lists.items.map((l) => ({
        id: l.list_id,
        time: l.create_time,
        about: [l.user_data, `${l.faces_count} face(s)`].filter(Boolean).join(" · "),
      })),
    };
  }
  if (section === "events") {
    const events = await listEvents(page, PAGE_SIZE);
    return {
      count: events.count,
      items: events.items.map((e) => ({ id: e.event_id, time: e.create_time, about: e.external_id ?? "" })),
    };
  }
  const samples = await listSamples(bucket, page, PAGE_SIZE);
  return {
    count: samples.count,
    items: samples.items.map((s) => ({ id: s.image_id, time: s.create_time, about: `${s.content_type}, ${s.size} B` })),
  };
}

/** Every section's count (one small page each; samples over both sample buckets). */
async function loadCounts(): Promise<Record<DataSection, number>> {
  const [faces, lists, events, ...samples] = await Promise.all([
    listFaces(1, 1),
    listLists(1, 1),
    listEvents(1, 1),
    ...SAMPLE_BUCKETS.map((b) => listSamples(b, 1, 1)),
  ]);
  return {
    faces: faces.count,
    lists: lists.count,
    events: events.count,
    samples: samples.reduce((n, s) => n + s.count, 0),
  };
}

const timeOf = (iso: string) => (iso ? new Date(iso).toLocaleString() : "");

export function DataBrowser({ runs }: { runs: RunStore }) {
  const focus = useStore(runs, (s) => s.dataFocus);
  const runSeq = useStore(runs, (s) => s.runSeq);
  const [chosen, setChosen] = useState<DataSection>("faces");
  const [bucket, setBucket] = useState<SampleBucket>("visionlabs-samples");
  // Each section keeps its own page (an id opened from a reply switches the section behind it).
  const [pages, setPages] = useState<Record<DataSection, number>>({ faces: 1, lists: 1, events: 1, samples: 1 });
  const [typedId, setTypedId] = useState("");
  // An object opened from a reply shows its section behind it.
  const section = focus ? sectionOf(focus.kind) : chosen;
  const page = pages[section];
  const setPage = (next: number) => setPages((all) => ({ ...all, [section]: next }));
  const counts = useLoaded(loadCounts, [runSeq]);
  const rows = useLoaded(() => loadRows(section, bucket, page), [section, bucket, page, runSeq]);
  const open = (ref: DataRef | null) => runs.getState().openData(ref);
  const afterDelete = () => {
    open(null);
    counts.reload();
    rows.reload();
  };
  const typed = parseObjectId(typedId);

  return (
    <div className="tab-body data-browser" data-testid="data-browser">
      <div className="data-head">
        <span className="hint" title="the playground's Luna-Account-Id (Settings changes it)">
          account <code data-testid="data-account">{accountId()}</code>
        </span>
        <button
          type="button"
          data-testid="data-refresh"
          onClick={() => {
            counts.reload();
            rows.reload();
          }}
        >
          Refresh
        </button>
      </div>
      <div className="tabs data-sections" role="tablist">
        {SECTIONS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={section === id}
            className={`tab${section === id ? " active" : ""}`}
            data-testid={`data-section-${id}`}
            data-count={counts.value?.[id] ?? ""}
            onClick={() => {
              setChosen(id);
              open(null);
            }}
          >
            {label} <span className="badge">{counts.value ? counts.value[id] : "…"}</span>
          </button>
        ))}
      </div>
      <form
        className="data-open"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed) open({ kind: kindOf(section), id: typed });
        }}
      >
        <input
          data-testid="data-open-id"
          placeholder={`open ${kindOf(section) === "event" ? "an" : "a"} ${kindOf(section)} by id`}
          value={typedId}
          onChange={(e) => setTypedId(e.target.value)}
        />
        <button type="submit" disabled={!typed}>
          open
        </button>
      </form>
      {focus ? (
        <DataDetail
          key={`${focus.kind}:${focus.id}`}
          focus={focus}
          onOpen={open}
          onClose={() => open(null)}
          onDeleted={afterDelete}
        />
      ) : (
        <>
          {section === "samples" && (
            <label className="data-bucket">
              bucket{" "}
              <select
                data-testid="data-bucket"
                value={bucket}
                onChange={(e) => {
                  setBucket(e.target.value as SampleBucket);
                  setPage(1);
                }}
              >
                {SAMPLE_BUCKETS.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          )}
          {rows.state === "failed" && (
            <p className="error" data-testid="data-error">
              {rows.error}
            </p>
          )}
          <ul className="data-rows" data-testid="data-list" data-section={section} data-state={rows.state}>
            {(rows.value?.items ?? []).map((row) => (
              <li key={row.id} data-testid="data-item" data-kind={kindOf(section)} data-id={row.id}>
                <button
                  type="button"
                  className="link data-row"
                  title={row.id}
                  onClick={() => open({ kind: kindOf(section), id: row.id })}
                >
                  {section === "samples" && <SampleImage sampleId={row.id} bucket={bucket} size={40} />}
                  <code>{shortId(row.id)}</code> <span className="data-about">{row.about}</span>{" "}
                  <span className="hint">{timeOf(row.time)}</span>
                </button>
              </li>
            ))}
            {rows.state === "ready" && rows.value.count === 0 && (
              <li className="hint">
                Nothing yet: a lambda that stores {section} (e.g. the "Canonical handler" template, run on the server)
                puts them here.
              </li>
            )}
          </ul>
          {rows.value && rows.value.count > PAGE_SIZE && (
            <div className="data-pages">
              <button type="button" data-testid="data-page-prev" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                ‹ newer
              </button>
              <span className="hint" data-testid="data-page">
                {pageRange(page, PAGE_SIZE, rows.value.count)}
              </span>
              <button
                type="button"
                data-testid="data-page-next"
                disabled={page >= lastPage(PAGE_SIZE, rows.value.count)}
                onClick={() => setPage(page + 1)}
              >
                older ›
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
