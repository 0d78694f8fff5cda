/** Where a lambda's HTTP may go (shared by the server's egress and the browser's lambda worker). */
import { describe, expect, it } from "vitest";
import { egressRefusal, serviceHosts } from "../../../../shared/lambda/egressRules.ts";
import { resolveSettings } from "../../../../shared/lambda/settings.ts";

const self = "http://127.0.0.1:5000";
const refusal = (url: string, allowed: string[] = []) => egressRefusal(new URL(url), self, allowed);

describe("egressRefusal", () => {
  it("lets the services' own paths through at the services' origin", () => {
    for (const path of [
      "/luna-faces/3/faces",
      "/luna-events/2/events",
      "/luna-python-matcher/1/matcher/raw",
      "/luna-remote-sdk/1/sdk",
      "/luna-image-store/1/buckets/b/images",
      "/luna-sender/1/publish",
    ]) {
      expect(refusal(`${self}${path}`), path).toBeNull();
    }
  });

  it("refuses the lambda API, exports, model changes and dot-segment tricks that resolve to them", () => {
    for (const url of [
      `${self}/luna-lambda/1/lambdas`,
      `${self}/luna-lambda/1/export`,
      `${self}/luna-remote-sdk/1/models/mask`,
      `${self}/luna-faces/../luna-lambda/1/lambdas`,
      `${self}/luna-faces/%2e%2e/luna-lambda/1/lambdas`,
    ]) {
      expect(refusal(url), url).toMatch(/is not reachable from a lambda/);
    }
  });

  it("refuses other hosts, ports, schemes and credentials unless LAMBDA_ALLOWED_HOSTS names the host", () => {
    expect(refusal("http://127.0.0.2:5000/luna-faces/3/faces")).toMatch(/not reachable/);
    expect(refusal("http://127.0.0.1:5001/luna-faces/3/faces")).toMatch(/not reachable/);
    expect(refusal("http://localhost:5000/luna-faces/3/faces")).toMatch(/not reachable/);
    expect(refusal("file:///etc/passwd")).toMatch(/not reachable/);
    expect(refusal("http://user:pw@127.0.0.1:5000/luna-faces/3/faces")).toMatch(/credentials/);
    expect(refusal("https://luna.example:8443/6/faces", ["luna.example:8443"])).toBeNull();
    expect(refusal("https://luna.example/6/faces", ["luna.example"])).toBeNull();
    expect(refusal("https://other.example/", ["luna.example"])).toMatch(/not reachable/);
  });
});

describe("serviceHosts", () => {
  it("lists each host of the settings' service addresses once", () => {
    const settings = resolveSettings(
      { LUNA_FACES_ADDRESS: { origin: "https://Luna.Example:8443/faces", api_version: 3 } },
      "http://127.0.0.1:5000",
    );
    expect(serviceHosts(settings).sort()).toEqual(["127.0.0.1:5000", "luna.example:8443"]);
  });
});
