/** The encoded handlers body as the lambda gets it: size, first bytes, decoded tree (images as "<N bytes>"). */
import { useMemo } from "react";
import { inspectMsgpack } from "./msgpackInspector.ts";

export function MsgpackInspector({ body }: { body: Uint8Array }) {
  const view = useMemo(() => inspectMsgpack(body), [body]);
  return (
    <details className="msgpack-inspector" data-testid="msgpack-inspector" open>
      <summary>
        msgpack body ·{" "}
        <span data-testid="msgpack-size" data-bytes={view.size}>
          {view.size.toLocaleString("en")} bytes
        </span>
      </summary>
      <p className="hint">first {Math.min(64, view.size)} bytes</p>
      <code className="msgpack-hex" data-testid="msgpack-hex">
        {view.hex}
      </code>
      {view.error ? (
        <p className="error">{view.error}</p>
      ) : (
        <pre className="msgpack-tree" data-testid="msgpack-tree" data-json={JSON.stringify(view.tree)}>
          {JSON.stringify(view.tree, null, 2)}
        </pre>
      )}
    </details>
  );
}
