/**
 * Entry point of a sandboxed TypeScript lambda process (part of the prebuilt lambda runtime,
 * lambdaRuntime.ts). The lambda's own bundle (lambda_main.mjs, built in the sandbox by
 * lambdaBuild.ts) imports luna-lambda-tools from the same runtime, so both share one logger and
 * one engine transport.
 */
import { pathToFileURL } from "node:url";
import type { LambdaModule } from "../../shared/lambda/lambdaInstance.ts";
import { serveLambdaOverChannel } from "./lambdaChannel.ts";

serveLambdaOverChannel({
  prepare: async () => undefined,
  load: async (_prepared, config) => (await import(pathToFileURL(config.entry!).href)) as LambdaModule,
});
