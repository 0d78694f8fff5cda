/**
 * Copy as curl / fetch / Python for the kept server lambda, beside its proxy URL in the Result
 * tab: each button copies a command that sends what the last run sent (web/request/commandSnippets.ts);
 * "show" prints it, for a browser that refuses the clipboard.
 */
import { useState } from "react";
import type { RunOutcome } from "../run/runProject.ts";
import { type CommandRequest, curlCommand, fetchSnippet, pythonSnippet, TOKEN_ENV } from "./commandSnippets.ts";
import "./request.css";

const KINDS = [
  ["curl", "curl", curlCommand],
  ["fetch", "fetch (JS)", fetchSnippet],
  ["python", "Python", pythonSnippet],
] as const;

export function CopyCommands({ outcome }: { outcome: RunOutcome }) {
  const [shown, setShown] = useState<(typeof KINDS)[number][0] | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  if (!outcome.serverLambda) return null;
  const request: CommandRequest = {
    url: new URL(outcome.serverLambda.proxyUrl, location.origin).href,
    body: outcome.request.body,
    contentType: outcome.request.contentType,
    headers: outcome.request.headers,
    query: outcome.request.query,
  };
  const commands = Object.fromEntries(KINDS.map(([kind, , build]) => [kind, build(request)]));
  return (
    <div className="copy-commands" data-testid="copy-commands">
      copy as
      {KINDS.map(([kind, label]) => (
        <button
          key={kind}
          type="button"
          data-testid={`copy-${kind}`}
          data-command={commands[kind]}
          title={`Sends this run's request again; set ${TOKEN_ENV} when the server needs its access token`}
          onClick={() => {
            setShown(kind);
            navigator.clipboard.writeText(commands[kind]!).then(
              () => setCopied(kind),
              () => setCopied(null),
            );
          }}
        >
          {label}
        </button>
      ))}
      {copied && <span className="status">copied {copied}</span>}
      {shown && (
        <>
          <button type="button" className="link" onClick={() => setShown(null)}>
            hide
          </button>
          <pre data-testid="copy-command-text">{commands[shown]}</pre>
        </>
      )}
    </div>
  );
}
