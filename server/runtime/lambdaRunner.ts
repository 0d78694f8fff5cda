/**
 * Entry point of a sandboxed TypeScript lambda process. esbuild bundles this file together with
 * the user's lambda_main.ts (alias "user-lambda") and luna-lambda-tools into one file per lambda;
 * the child runs it under Node's permission model and talks to the server over IPC.
 */
import * as userModule from "user-lambda";
import type { LambdaModule } from "../../shared/lambda/lambdaInstance.ts";
import { serveLambdaOverIpc } from "./lambdaIpc.ts";

serveLambdaOverIpc(async () => userModule as LambdaModule);
