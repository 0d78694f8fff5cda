/**
 * What Run and Detect do, outside React: read the project, run it on its target, keep the outcome
 * and a history record in the run store, and refresh the overlays when the images changed. The
 * page's panels only call these.
 */
import { enabledServices } from "../../shared/lambda/serviceHealth.ts";
import { resolveSettings } from "../../shared/lambda/settings.ts";
import { ServerLambdaSession } from "../api/lambdaService.ts";
import { BrowserLambdaRunner } from "../runtime/browserLambda.ts";
import { InferenceClient } from "../runtime/inferenceClient.ts";
import { blockingProblems, formatProblem, type Problem } from "../editor/problems.ts";
import { lambdaName } from "../state/lambdaName.ts";
import type { PreparedRequest, ProjectActions, ProjectState, ProjectStore } from "../state/projectStore.ts";
import { describeField } from "../request/requestFieldNames.ts";
import type { RunStore } from "../state/runStore.ts";
import { analyseImages } from "./analysis.ts";
import { runProject, type RunOutcome } from "./runProject.ts";

/** What the overlays were computed for: a run with the same images, target and mask model does not redo them. */
function analysisKey(state: ProjectState): string {
  return JSON.stringify([
    state.target,
    state.images.map((i) => i.id),
    state.maskModel?.filename ?? null,
    state.maskModel?.bytes.length ?? 0,
  ]);
}

export interface RunOptions {
  /** The saved test request this run is, for the history. */
  requestName?: string;
  /** Run although the problems list has errors ("run anyway"). */
  ignoreProblems?: boolean;
}

export class RunController {
  readonly inference = new InferenceClient();
  readonly runner = new BrowserLambdaRunner(this.inference);
  readonly serverLambda = new ServerLambdaSession();
  private analysedFor: string | null = null;
  /** Checks that say what the problems are now (the editor's TypeScript worker, the Python syntax check), by source. */
  private readonly problemChecks = new Map<string, () => Promise<Problem[]>>();

  constructor(
    private readonly project: ProjectStore,
    private readonly runs: RunStore,
  ) {}

  /** Registers a check a run asks before it starts; its answer replaces that source's problems. */
  setProblemsCheck(source: string, check: (() => Promise<Problem[]>) | null): void {
    if (check) this.problemChecks.set(source, check);
    else this.problemChecks.delete(source);
  }

  /** The problems as of now: each check asked (a check that fails or takes over 5 s keeps its last list). */
  private async freshProblems(): Promise<Problem[]> {
    await Promise.all(
      [...this.problemChecks].map(async ([source, check]) => {
        const timeout = new Promise<null>((done) => setTimeout(() => done(null), 5000));
        const problems = await Promise.race([check().catch(() => null), timeout]);
        if (problems) this.runs.getState().setProblems(source, problems);
      }),
    );
    return this.runs.getState().problems;
  }

  /** The overlay pass on the chosen target, shown over the stage. */
  async analyse(): Promise<Awaited<ReturnType<typeof analyseImages>>> {
    const state = this.project.getState();
    const started = performance.now();
    const result = await analyseImages(
      state.target,
      state.images.map((i) => ({ filename: i.filename, body: i.bytes })),
      { inference: this.inference, withMask: state.maskModel !== null },
    );
    // Wall time of the whole pass as the page sees it (worker or HTTP round trip included).
    const ms = performance.now() - started;
    this.runs.getState().setAnalysis({ ...result, target: state.target, ms, imageIds: state.images.map((i) => i.id) });
    this.analysedFor = analysisKey(state);
    return result;
  }

  /** Fills each image's detector boxes from an overlay pass (the user's boxes stay). */
  async detect(): Promise<void> {
    const runs = this.runs.getState();
    runs.setMessage(null);
    try {
      const result = await this.analyse();
      const state = this.project.getState();
      state.images.forEach((image, i) => {
        const faces = result.images[i]?.estimations ?? [];
        state.setDetectedBoxes(
          image.id,
          faces.map((f) => f.face.detection.rect),
        );
      });
    } catch (error) {
      runs.setMessage({ kind: "error", text: (error as Error).message });
    }
  }

  /** The project's server lambda, made to match the project (created or updated once per change). */
  private async ensureServerLambda(): Promise<void> {
    const state = this.project.getState();
    const ensured = await this.serverLambda.ensure({
      name: lambdaName(state),
      language: state.language,
      lambdaType: state.lambdaType,
      code: state.code,
      modules: state.modules,
      files: state.lambdaFiles(),
      settings: state.settings,
    });
    if (ensured.kind === "compileFailed")
      throw new Error(`the lambda does not compile: ${ensured.errors.map((e) => e.text).join("; ")}`);
  }

  /** Each service as the project's server lambda reaches it (its settings and egress rule): name → "ok" or the failure. */
  async checkServices(): Promise<Record<string, string>> {
    await this.ensureServerLambda();
    const settings = resolveSettings(this.project.getState().settings, location.origin);
    return this.serverLambda.checkServices(Object.keys(enabledServices(settings)));
  }

  /**
   * What a run sends: the saved test event's snapshot when it runs one, else the project's request
   * as the panels have it. A request the shared schemas refuse is not sent: the problem comes back.
   */
  private requestToSend(
    state: ProjectState & ProjectActions,
    requestName: string | undefined,
  ): Pick<PreparedRequest, "body" | "contentType" | "headers" | "query"> | string {
    if (requestName !== undefined) {
      const saved = state.savedRequests.find((r) => r.name === requestName);
      if (!saved) return `no test event named '${requestName}'`;
      if (saved.lambdaType !== state.lambdaType)
        return `test event '${requestName}' was saved for a ${saved.lambdaType} lambda; this one is ${state.lambdaType}`;
      return saved;
    }
    const prepared = state.preparedRequest();
    const problem = prepared.problems[0];
    if (!problem) return prepared;
    // The standalone body's own message is the one its inline error shows.
    if (problem.field === "standaloneBody") return problem.message;
    return `not run: the request is not valid (${prepared.problems.length} problem(s)), first ${describeField(problem.field, state)}: ${problem.message}`;
  }

  /** One press of Run. No image is allowed: the lambda then sees an empty request, as Luna would send it. */
  async run(options: RunOptions = {}): Promise<RunOutcome | null> {
    const runs = this.runs.getState();
    if (runs.status === "running") return null;
    const state = this.project.getState();
    runs.started();
    const startedAt = Date.now();
    const started = performance.now();
    const blocking = options.ignoreProblems ? [] : blockingProblems(await this.freshProblems());
    if (blocking.length > 0 && !options.ignoreProblems) {
      runs.setMessage({
        kind: "error",
        text: `not run: ${blocking.length} error(s) in the problems list, first ${formatProblem(blocking[0]!)}`,
        action: "run-anyway",
      });
      runs.finished(null, null, true);
      return null;
    }
    const request = this.requestToSend(state, options.requestName);
    if (typeof request === "string") {
      runs.setMessage({ kind: "error", text: request });
      runs.finished(null, null, true);
      return null;
    }
    try {
      const outcome = await runProject({
        target: state.target,
        language: state.language,
        name: lambdaName(state),
        code: state.code,
        modules: state.modules,
        lambdaType: state.lambdaType,
        request: request.body,
        contentType: request.contentType,
        headers: request.headers,
        query: request.query,
        lambdaFiles: state.lambdaFiles(),
        settings: state.settings,
        timeoutMs: state.timeoutS * 1000,
        inference: this.inference,
        runner: this.runner,
        serverLambda: this.serverLambda,
        onLog: (record) => this.runs.getState().log(record),
        onStatus: (text) => this.runs.getState().setProgress(text),
      });
      if (state.images.length && this.analysedFor !== analysisKey(state)) {
        await this.analyse().catch((e: Error) =>
          this.runs.getState().setMessage({ kind: "error", text: `overlay pass failed: ${e.message}` }),
        );
      }
      const failed = outcome.compileErrors.length > 0 || outcome.status === null || outcome.status >= 400;
      this.runs.getState().finished(
        outcome,
        {
          target: state.target,
          backend: outcome.backend,
          startedAt,
          durationMs: performance.now() - started,
          status: outcome.status,
          body: outcome.body,
          requestName: options.requestName ?? null,
          compileErrors: outcome.compileErrors.length,
        },
        failed,
      );
      return outcome;
    } catch (error) {
      this.runs.getState().setMessage({ kind: "error", text: (error as Error).message });
      this.runs.getState().finished(null, null, true);
      return null;
    }
  }
}
