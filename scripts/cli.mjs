#!/usr/bin/env node
// `npx luna-lambda-playground <command>`: the TypeScript command line (server/main.ts) run through tsx.
import { register } from "tsx/esm/api";

register();
await import("../server/main.ts");
