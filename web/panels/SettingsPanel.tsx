/**
 * The lambda's settings, field by field: each service's address (the embedded service by default,
 * or one of a remote LUNA), ADDITIONAL_SERVICES_USAGE, the services' request timeout and the log
 * level — kept in the project as lambda.json's settings (only what differs from the defaults), sent
 * on create and exported. Also the account the playground acts as, and a connection check that
 * asks the kept server lambda's own `/healthcheck?include_luna_services=1`, so it sees what the
 * lambda sees (its egress rule included).
 */
import { useState } from "react";
import { useStore } from "zustand";
import { accountId, setAccountId } from "../api/lambdaService.ts";
import type { RunController } from "../run/runController.ts";
import {
  ADDRESS_FIELDS,
  addressOf,
  settingsProblem,
  withAddress,
  withGroup,
  type AddressKey,
} from "../state/settingsFields.ts";
import type { ProjectStore } from "../state/projectStore.ts";

type Check =
  | { state: "checking" }
  | { state: "done"; services: Record<string, string> }
  | { state: "failed"; error: string };

export function SettingsPanel({
  store,
  controller,
  onClose,
}: {
  store: ProjectStore;
  controller: RunController;
  onClose(): void;
}) {
  const settings = useStore(store, (s) => s.settings);
  const [account, setAccount] = useState(accountId());
  const [accountError, setAccountError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<AddressKey, string>>>({});
  const [check, setCheck] = useState<Check | null>(null);
  const usage = {
    luna_events: true,
    luna_image_store: true,
    luna_sender: true,
    ...(settings.ADDITIONAL_SERVICES_USAGE as Record<string, boolean> | undefined),
  };
  const timeouts = settings.LUNA_FACES_TIMEOUTS as { request?: number } | undefined;
  const logLevel = (settings.LUNA_LAMBDA_UNIT_LOGGER as { log_level?: string } | undefined)?.log_level ?? "INFO";
  const set = (next: Record<string, unknown>) => store.getState().setSettings(next);

  return (
    <div className="dialog-backdrop">
      <section className="dialog settings" role="dialog" aria-label="Settings" data-testid="settings-panel">
        <header className="controls">
          <h2>Settings</h2>
          <span className="hint">saved in the project as lambda.json's settings; used by every run and the export</span>
          <button type="button" className="secondary close-dialog" onClick={onClose} aria-label="close settings">
            ×
          </button>
        </header>
        <h3>Service addresses</h3>
        <p className="hint">
          Empty: the playground's embedded service. A remote LUNA's address works from the server only when its host is
          in the server's <code>LAMBDA_ALLOWED_HOSTS</code>; the connection check says so.
        </p>
        <table className="addresses">
          <tbody>
            {ADDRESS_FIELDS.map((field) => {
              const current = addressOf(settings, field.key);
              const text = drafts[field.key] ?? current?.origin ?? "";
              const problem = text === "" ? null : settingsProblem(withAddress(settings, field.key, text));
              return (
                <tr key={field.key}>
                  <td>
                    <label htmlFor={`address-${field.key}`}>{field.label}</label>
                  </td>
                  <td>
                    <input
                      id={`address-${field.key}`}
                      data-service-address={field.key}
                      placeholder={`embedded (${location.origin}${field.embeddedPath})`}
                      value={text}
                      aria-invalid={problem !== null}
                      onChange={(e) => {
                        const value = e.target.value.trim();
                        setDrafts((d) => ({ ...d, [field.key]: e.target.value }));
                        if (value === "") set(withAddress(settings, field.key, null));
                        else if (settingsProblem(withAddress(settings, field.key, value)) === null)
                          set(withAddress(settings, field.key, value));
                      }}
                    />
                    {problem && <span className="error"> {problem}</span>}
                  </td>
                  <td className="hint">v{current?.api_version ?? field.apiVersion}</td>
                  <td data-testid={`service-check-${field.service}`}>
                    {check?.state === "done" && field.service in check.services ? (
                      <span className={check.services[field.service] === "ok" ? "ok" : "error"}>
                        {check.services[field.service]}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="controls">
          <button
            type="button"
            data-testid="check-services"
            disabled={check?.state === "checking"}
            onClick={() => {
              setCheck({ state: "checking" });
              controller
                .checkServices()
                .then((services) => setCheck({ state: "done", services }))
                .catch((e: Error) => setCheck({ state: "failed", error: e.message }));
            }}
          >
            {check?.state === "checking" ? "Checking…" : "Check connections"}
          </button>
          {check?.state === "failed" && <span className="error">{check.error}</span>}
          {check?.state === "done" && (
            <span className="hint" data-testid="service-check-summary">
              {Object.values(check.services).every((s) => s === "ok")
                ? "every service answered"
                : "some services did not answer"}
            </span>
          )}
        </div>
        <h3>ADDITIONAL_SERVICES_USAGE</h3>
        <div className="controls">
          {(["luna_events", "luna_image_store", "luna_sender"] as const).map((key) => (
            <label key={key}>
              <input
                type="checkbox"
                data-testid={`usage-${key}`}
                checked={usage[key]}
                onChange={(e) =>
                  set(withGroup(settings, "ADDITIONAL_SERVICES_USAGE", { ...usage, [key]: e.target.checked }))
                }
              />
              {key}
            </label>
          ))}
        </div>
        <h3>Timeouts and logging</h3>
        <div className="controls">
          <label title="Each service client's request timeout (the *_TIMEOUTS settings' request), seconds">
            service request timeout
            <input
              type="number"
              min={1}
              max={600}
              data-testid="service-timeout"
              value={timeouts?.request ?? 60}
              onChange={(e) => {
                const seconds = Number(e.target.value);
                if (Number.isFinite(seconds) && seconds >= 1 && seconds <= 600)
                  set(withGroup(settings, "TIMEOUTS", { request: seconds }));
              }}
            />
            s
          </label>
          <label>
            log level
            <select
              data-testid="log-level"
              value={logLevel}
              onChange={(e) => set(withGroup(settings, "LUNA_LAMBDA_UNIT_LOGGER", { log_level: e.target.value }))}
            >
              {["DEBUG", "INFO", "WARNING", "ERROR"].map((level) => (
                <option key={level}>{level}</option>
              ))}
            </select>
          </label>
        </div>
        <h3>Account</h3>
        <p className="hint">
          The <code>Luna-Account-Id</code> every request of this browser carries: what the lambdas store (faces, events,
          samples) belongs to it.
        </p>
        <div className="controls">
          <input
            className="account-id"
            data-testid="account-id"
            aria-label="account id"
            value={account}
            onChange={(e) => {
              setAccount(e.target.value);
              setAccountError(setAccountId(e.target.value));
            }}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const fresh = crypto.randomUUID();
              setAccount(fresh);
              setAccountError(setAccountId(fresh));
            }}
          >
            New account
          </button>
          {accountError && (
            <span className="error" data-testid="account-id-error">
              {accountError}
            </span>
          )}
        </div>
      </section>
    </div>
  );
}
