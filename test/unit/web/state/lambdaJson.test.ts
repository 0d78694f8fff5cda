import { describe, expect, it } from "vitest";
import { lambdaJsonProblem, lambdaJsonText, parseLambdaJson } from "../../../../web/state/lambdaJson.ts";
import { settingsProblem, withAddress, withGroup } from "../../../../web/state/settingsFields.ts";

describe("lambda.json", () => {
  it("round-trips the project's name, type and settings", () => {
    const text = lambdaJsonText({ name: "Counter", lambdaType: "standalone", settings: {} });
    expect(lambdaJsonProblem(text)).toBeNull();
    expect(parseLambdaJson(text)).toEqual({ name: "Counter", lambdaType: "standalone", settings: {} });
  });

  it("names what is wrong: not JSON, a bad type, an unknown or malformed setting", () => {
    expect(lambdaJsonProblem("{")).toMatch(/^not JSON/);
    expect(lambdaJsonProblem('{"name": "x", "lambda_type": "nope"}')).toMatch(/^lambda_type/);
    expect(lambdaJsonProblem('{"name": "", "lambda_type": "handlers"}')).toMatch(/^name/);
    expect(lambdaJsonProblem('{"name": "x", "lambda_type": "handlers", "settings": {"NOPE": 1}}')).toMatch(/settings/);
    expect(
      lambdaJsonProblem(
        '{"name": "x", "lambda_type": "handlers", "settings": {"LUNA_FACES_ADDRESS": {"origin": "nope", "api_version": 3}}}',
      ),
    ).toMatch(/settings\.LUNA_FACES_ADDRESS\.origin/);
  });
});

describe("settings fields", () => {
  it("sets and clears an address, keeping only what differs from the defaults", () => {
    const set = withAddress({}, "LUNA_EVENTS_ADDRESS", "http://10.0.0.5:5040/");
    expect(set).toEqual({ LUNA_EVENTS_ADDRESS: { origin: "http://10.0.0.5:5040/", api_version: 2 } });
    expect(settingsProblem(set)).toBeNull();
    expect(withAddress(set, "LUNA_EVENTS_ADDRESS", null)).toEqual({});
    expect(settingsProblem(withAddress({}, "LUNA_EVENTS_ADDRESS", "not a url"))).toMatch(/LUNA_EVENTS_ADDRESS\.origin/);
    // The image store's address keeps its bucket.
    expect(withAddress({}, "LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS", "http://x:1")).toMatchObject({
      LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS: { bucket: "visionlabs-samples", api_version: 1 },
    });
  });

  it("changes every service's request timeout together, and the logger whole", () => {
    const settings = withGroup({}, "TIMEOUTS", { request: 5 });
    expect(Object.keys(settings).filter((k) => k.endsWith("_TIMEOUTS"))).toHaveLength(8);
    expect(settings.LUNA_FACES_TIMEOUTS).toEqual({ connect: 20, request: 5, sock_connect: 10, sock_read: 60 });
    expect(withGroup({}, "LUNA_LAMBDA_UNIT_LOGGER", { log_level: "DEBUG" })).toEqual({
      LUNA_LAMBDA_UNIT_LOGGER: { log_level: "DEBUG", log_time: "LOCAL", multiline_stack_trace: true },
    });
    expect(settingsProblem(settings)).toBeNull();
  });
});
