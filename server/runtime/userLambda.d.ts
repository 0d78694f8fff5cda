// The user's lambda_main.ts, bundled in by esbuild under this alias (see lambdaCompiler.ts).
declare module "user-lambda" {
  export const main: unknown;
  export const UserCtx: unknown;
}
