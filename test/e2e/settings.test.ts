/**
 * Settings: each service's address (embedded by default), ADDITIONAL_SERVICES_USAGE, timeouts and
 * the account id — kept in the project, sent on create, used by every target; the connection check
 * asks the kept server lambda, so it reports what the lambda itself can reach.
 */
import { describe, expect, it } from "vitest";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const playground = playgroundSuite();

const USAGE = `import { HandlersLambdaRequest } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest) {
  return { usage: request.servicesUsage, account: request.headers["luna-account-id"] };
}
`;

describe("settings", () => {
  it("edits addresses, services usage and the account, checks connections, and every target uses them", async () => {
    const page = await playground.open();
    await page.setCode(USAGE);
    await page.page.click('[data-testid="settings-button"]');
    const panel = page.page.locator('[data-testid="settings-panel"]');
    await panel.waitFor();
    const addresses = await page.page
      .locator("[data-service-address]")
      .evaluateAll((inputs) => inputs.map((i) => i.getAttribute("data-service-address")));
    expect(addresses).toEqual([
      "LUNA_FACES_ADDRESS",
      "LUNA_PYTHON_MATCHER_ADDRESS",
      "LUNA_REMOTE_SDK_ADDRESS",
      "LUNA_EVENTS_ADDRESS",
      "LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS",
      "LUNA_SENDER_ADDRESS",
    ]);

    // The embedded services all answer the lambda.
    await page.page.click('[data-testid="check-services"]');
    await expect
      .poll(() => page.page.textContent('[data-testid="service-check-summary"]'), { timeout: 120_000 })
      .toBe("every service answered");
    expect(await page.page.textContent('[data-testid="service-check-faces"]')).toBe("ok");

    // Not a URL: refused inline, nothing kept.
    const events = page.page.locator('[data-service-address="LUNA_EVENTS_ADDRESS"]');
    await events.fill("not a url");
    expect(await events.getAttribute("aria-invalid")).toBe("true");
    // An address the server's egress rule does not allow: the check names that service only.
    await events.fill("http://127.0.0.2:9/luna-events");
    await page.page.click('[data-testid="check-services"]');
    await expect
      .poll(() => page.page.textContent('[data-testid="service-check-summary"]'), { timeout: 120_000 })
      .toBe("some services did not answer");
    expect(await page.page.textContent('[data-testid="service-check-events"]')).toMatch(/127\.0\.0\.2/);
    expect(await page.page.textContent('[data-testid="service-check-faces"]')).toBe("ok");
    await page.screenshot("settings-check.png");
    // Back to the embedded one.
    await events.fill("");

    await page.page.uncheck('[data-testid="usage-luna_events"]');
    await page.page.fill('[data-testid="account-id"]', "not-a-uuid");
    expect(await page.page.textContent('[data-testid="account-id-error"]')).toMatch(/UUID/);
    const account = "6c5b1c1e-58c1-4bd1-9d3e-2f7a8b9c0d1e";
    await page.page.fill('[data-testid="account-id"]', account);
    expect(await page.page.locator('[data-testid="account-id-error"]').count()).toBe(0);
    await page.page.keyboard.press("Escape");

    for (const target of ["server", "browser-wasm"] as const) {
      const run = await page.run(target);
      expect(run.status, target).toBe("201");
      expect(run.body, target).toEqual({
        usage: { luna_events: false, luna_image_store: true, luna_sender: true },
        account,
      });
    }
    // lambda.json shows the same settings.
    await page.page.click('[data-testid="lambda-json-tab"]');
    const lambdaJson = JSON.parse(await page.page.inputValue('[data-testid="lambda-json-text"]'));
    expect(lambdaJson.settings).toEqual({
      ADDITIONAL_SERVICES_USAGE: { luna_events: false, luna_image_store: true, luna_sender: true },
    });
  }, 300_000);
});
