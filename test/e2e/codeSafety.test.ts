/**
 * The user's code is never lost: a template opens as a new draft (the edited project stays in
 * the projects menu), Ctrl+Z brings back the text a template replaced, the tabs mark modified
 * files, the project's own name names the export; modules, lambda.json and models/ are tabs.
 */
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const playground = playgroundSuite();

const MY_CODE = `import { HandlersLambdaRequest } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest) {
  return { mine: "my own work", images: request.data.sources.length };
}
`;

describe("code safety", () => {
  it("opens a template as a new draft, keeps the edited project, and undoes the template with Ctrl+Z", async () => {
    const page = await playground.open();
    await page.setCode(MY_CODE);
    expect(await page.page.getAttribute('[data-testid="file-tab"][data-path="lambda_main.ts"]', "data-modified")).toBe(
      "true",
    );
    await page.page.fill('[data-testid="project-name"]', "My face counter");
    await page.waitForSaved();

    await page.selectTemplate("03-similarity");
    expect(await page.editorText()).toMatch(/Seed example 3/);
    expect(await page.page.inputValue('[data-testid="project-name"]')).toBe("Similarity of two faces");
    // Undo in the editor brings the replaced text back (the template was an edit, not setValue).
    await page.page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await page.page.keyboard.press("Control+Z");
    await expect.poll(() => page.editorText()).toMatch(/my own work/);
    await page.page.keyboard.press("Control+Shift+Z");
    await expect.poll(() => page.editorText()).toMatch(/Seed example 3/);

    // The edited project is still there, under its name, and switching back restores it.
    const options = await page.page.locator('[data-testid="project-list"] option').allTextContents();
    expect(options.some((o) => o.startsWith("My face counter"))).toBe(true);
    await page.waitForSaved();
    const mine = await page.page.$eval('[data-testid="project-list"]', (select) => {
      const option = [...(select as HTMLSelectElement).options].find((o) => o.text.startsWith("My face counter"));
      return option!.value;
    });
    await page.page.selectOption('[data-testid="project-list"]', mine);
    await expect.poll(() => page.editorText()).toMatch(/my own work/);
    expect(await page.page.inputValue('[data-testid="project-name"]')).toBe("My face counter");
    // And it survives a reload as the open project.
    await page.reload();
    expect(await page.editorText()).toMatch(/my own work/);
    await page.screenshot("code-safety-projects.png");
  }, 180_000);

  it("names the export after the project, and has tabs for a module, lambda.json and models/", async () => {
    const page = await playground.open();
    await page.page.fill('[data-testid="project-name"]', "Face Counter 2");
    // A module, used by lambda_main.
    await page.page.click('[data-testid="add-module"]');
    await page.page.fill('[data-testid="new-module-name"]', "lambda_main");
    expect(await page.page.isDisabled('.add-tab button[type="submit"]')).toBe(true);
    await page.page.fill('[data-testid="new-module-name"]', "../escape");
    expect(await page.page.isDisabled('.add-tab button[type="submit"]')).toBe(true);
    await page.page.fill('[data-testid="new-module-name"]', "count");
    await page.page.press('[data-testid="new-module-name"]', "Enter");
    await page.page.waitForSelector('[data-testid="file-tab"][data-path="count.ts"]');
    await page.setCode("export const label = (n: number): string => `${n} image(s)`;\n");
    await page.page.click('[data-testid="file-tab"][data-path="lambda_main.ts"]');
    await page.setCode(`import { HandlersLambdaRequest } from "luna-lambda-tools";
import { label } from "./count.ts";

export async function main(request: HandlersLambdaRequest) {
  return { label: label(request.data.sources.length) };
}
`);
    // lambda.json: a bad edit is refused inline; a good one changes the settings the lambda runs with.
    await page.page.click('[data-testid="lambda-json-tab"]');
    await page.page.fill('[data-testid="lambda-json-text"]', '{"name": "x", "lambda_type": "nope"}');
    await expect.poll(() => page.page.textContent('[data-testid="lambda-json-error"]')).toMatch(/lambda_type/);
    expect(await page.page.isDisabled('[data-testid="lambda-json-apply"]')).toBe(true);
    await page.page.fill(
      '[data-testid="lambda-json-text"]',
      JSON.stringify({
        name: "Face Counter 2",
        lambda_type: "handlers",
        settings: { ADDITIONAL_SERVICES_USAGE: { luna_events: false, luna_image_store: true, luna_sender: true } },
      }),
    );
    await page.page.click('[data-testid="lambda-json-apply"]');
    await page.page.click('[data-testid="models-tab"]');
    await page.page.waitForSelector('[data-testid="lambda-models"]');
    await page.page.click('[data-testid="file-tab"][data-path="lambda_main.ts"]');

    const run = await page.run("server");
    expect(run.status).toBe("201");
    expect(run.body).toEqual({ label: "0 image(s)" });
    const [download] = await Promise.all([
      page.page.waitForEvent("download"),
      page.page.click('[data-testid="export-button"]'),
    ]);
    expect(download.suggestedFilename()).toBe("face-counter-2.zip");
    const files = unzipSync(new Uint8Array(await (await download.createReadStream()).toArray().then(Buffer.concat)));
    // The archive's files sit in one folder named after the project.
    const paths = Object.keys(files).filter((p) => !p.endsWith("/"));
    expect(paths).toEqual(
      expect.arrayContaining([
        "face-counter-2/lambda_main.ts",
        "face-counter-2/count.ts",
        "face-counter-2/lambda.json",
      ]),
    );
    const lambdaJson = JSON.parse(new TextDecoder().decode(files["face-counter-2/lambda.json"]));
    expect(lambdaJson).toMatchObject({
      name: "Face Counter 2",
      settings: { ADDITIONAL_SERVICES_USAGE: { luna_events: false } },
    });
    const [saved] = await Promise.all([
      page.page.waitForEvent("download"),
      page.page.click('[data-testid="save-project"]'),
    ]);
    expect(saved.suggestedFilename()).toBe("face-counter-2.lunaplay.json");
    // Saving clears the modified markers.
    expect(await page.page.getAttribute('[data-testid="file-tab"][data-path="count.ts"]', "data-modified")).toBe(
      "false",
    );
  }, 180_000);
});
