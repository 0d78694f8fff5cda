/**
 * The generated files of an exported lambda project (package.json, tsconfig, Dockerfile,
 * Kubernetes manifests, README). Pure functions of the project description, so they are easy to
 * read next to what they produce.
 */
import { stringify } from "yaml";
import type { LambdaType } from "../../shared/lambda/invoke.ts";
import type { LambdaSettings } from "../../shared/lambda/settings.ts";

export const LAMBDA_PORT = 8000;
export const RUNTIME_FILE = "vendor/luna-lambda-runtime.mjs";
const BUILD =
  "esbuild lambda_main.ts --bundle --platform=node --format=esm --target=node20 --packages=external --outfile=dist/lambda_main.mjs --log-level=warning";
const SERVE = `node ${RUNTIME_FILE} serve dist/lambda_main.mjs`;

export interface ProjectDescription {
  /** npm/k8s-safe name. */
  slug: string;
  name: string;
  lambdaType: LambdaType;
  settings: LambdaSettings;
  /** Names of the saved requests (requests/<name>.msgpack) and the images in each. */
  requests: {
    name: string;
    headers: Record<string, string>;
    images: { filename: string; path: string; boxes: number }[];
  }[];
  modelFiles: string[];
  runtimeVersion: string;
  dependencies: Record<string, string>;
  /** The playground's npm install-script policy (its package.json `allowScripts`). */
  allowScripts: Record<string, boolean>;
}

export { slugFor } from "../../shared/lambda/lambdaSlug.ts";

export function packageJson(p: ProjectDescription): string {
  return `${JSON.stringify(
    {
      name: p.slug,
      version: "1.0.0",
      private: true,
      type: "module",
      description: `LUNA ${p.lambdaType} lambda '${p.name}', exported from luna-lambda-playground`,
      engines: { node: ">=20.19" },
      scripts: {
        postinstall: `node ${RUNTIME_FILE} fetch-models`,
        build: BUILD,
        start: `npm run build && ${SERVE}`,
        test: `npm run build && node ${RUNTIME_FILE} replay dist/lambda_main.mjs requests`,
        typecheck: "tsc --noEmit",
      },
      dependencies: { "luna-lambda-tools": "file:vendor", ...p.dependencies },
      devDependencies: { typescript: "5.9.3", "@types/node": "^20.19.0" },
      allowScripts: allowScriptsFor(p),
    },
    null,
    2,
  )}\n`;
}

export function vendorPackageJson(p: ProjectDescription): string {
  return `${JSON.stringify(
    {
      name: "luna-lambda-tools",
      version: p.runtimeVersion,
      private: true,
      type: "module",
      description:
        "luna-lambda-tools for TypeScript with the inference core and the POST /main server (bundled by luna-lambda-playground)",
      main: "./luna-lambda-runtime.mjs",
      types: "./luna-lambda-runtime.d.ts",
      exports: { ".": { types: "./luna-lambda-runtime.d.ts", default: "./luna-lambda-runtime.mjs" } },
    },
    null,
    2,
  )}\n`;
}

export function tsconfigJson(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        allowImportingTsExtensions: true,
        noEmit: true,
        strict: true,
        skipLibCheck: true,
        types: ["node"],
      },
      include: ["**/*.ts"],
      exclude: ["node_modules", "dist", "vendor"],
    },
    null,
    2,
  )}\n`;
}

/**
 * The playground's `allowScripts` entries for the packages the project depends on: npm runs only the
 * install scripts approved there (npm 12 blocks the others, npm 11 warns). onnxruntime-node's is denied:
 * it would download CUDA files, and the CPU binary ships in the package.
 */
export function allowScriptsFor(p: Pick<ProjectDescription, "allowScripts" | "dependencies">): Record<string, boolean> {
  const packageName = (entry: string) => entry.replace(/(.)@.*$/, "$1");
  return Object.fromEntries(Object.entries(p.allowScripts).filter(([entry]) => packageName(entry) in p.dependencies));
}

export function dockerfile(): string {
  return `# Builds the lambda into an image serving POST /main on port ${LAMBDA_PORT}.
#   docker build -t <name> . && docker run -p ${LAMBDA_PORT}:${LAMBDA_PORT} <name>
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Dependencies first (a layer that survives code edits); postinstall fetches the built-in models.
# This image's npm 10 does not read package.json's allowScripts: the variable skips onnxruntime-node's
# CUDA download the same way (the CPU binary ships in the package).
COPY package.json ./
COPY vendor ./vendor
RUN ONNXRUNTIME_NODE_INSTALL=skip npm install --omit=dev && npm cache clean --force
COPY . .
RUN npm run build
ENV HOST=0.0.0.0 PORT=${LAMBDA_PORT}
EXPOSE ${LAMBDA_PORT}
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:${LAMBDA_PORT}/healthcheck').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "${RUNTIME_FILE}", "serve", "dist/lambda_main.mjs"]
`;
}

export function dockerignore(): string {
  return "node_modules\ndist\n";
}

/** Settings as the container's environment: one JSON value per setting (what the runtime reads). */
function settingsEnvironment(settings: LambdaSettings): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, JSON.stringify(value)]));
}

export function k8sConfigMap(p: ProjectDescription): string {
  return `# Lambda settings (JSON per key). The addresses are the ones the lambda had when exported:
# point them at your cluster's Luna services.
${stringify({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: `${p.slug}-settings`, labels: { app: p.slug } },
  data: { LOG_LEVEL: "info", ...settingsEnvironment(p.settings) },
})}`;
}

export function k8sDeployment(p: ProjectDescription): string {
  const probe = { httpGet: { path: "/healthcheck", port: LAMBDA_PORT } };
  return `# Build and push the image first: docker build -t ${p.slug}:1.0.0 . (then tag it for your registry).
${stringify({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: p.slug, labels: { app: p.slug } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: p.slug } },
    template: {
      metadata: { labels: { app: p.slug } },
      spec: {
        containers: [
          {
            name: "lambda",
            image: `${p.slug}:1.0.0`,
            ports: [{ name: "http", containerPort: LAMBDA_PORT }],
            env: [
              { name: "HOST", value: "0.0.0.0" },
              { name: "PORT", value: String(LAMBDA_PORT) },
            ],
            envFrom: [{ configMapRef: { name: `${p.slug}-settings` } }],
            readinessProbe: { ...probe, initialDelaySeconds: 3, periodSeconds: 10 },
            livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 30 },
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "2Gi" } },
          },
        ],
      },
    },
  },
})}`;
}

export function k8sService(p: ProjectDescription): string {
  return stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: p.slug, labels: { app: p.slug } },
    spec: { selector: { app: p.slug }, ports: [{ name: "http", port: LAMBDA_PORT, targetPort: LAMBDA_PORT }] },
  });
}

/**
 * Uploading the zip to the playground's own Lambda service. A playground reachable beyond loopback
 * (or started with AUTH_TOKEN) needs its access token, so the line carries it.
 */
export function playgroundUploadExample(p: ProjectDescription): string {
  const account = p.requests[0]?.headers["luna-account-id"] ?? "your_account_id";
  return `curl -s -X POST 'http://127.0.0.1:5000/luna-lambda/1/lambdas?name=${p.slug}' \\
  -H 'Content-Type: application/zip' -H 'Luna-Account-Id: ${account}' \\
  -H "Authorization: Bearer $AUTH_TOKEN" \\
  --data-binary @${p.slug}.zip`;
}

export function pythonRequestExample(p: ProjectDescription): string {
  const first = p.requests[0];
  const sources = (first?.images ?? [{ filename: "face.jpg", path: "face.jpg", boxes: 0 }])
    .map(
      (i) =>
        `            {"source": {"body": getImage("${i.path}")}, "filename": "${i.filename}", "source_type": "raw_image"},`,
    )
    .join("\n");
  return `from luna3.common.requests import RequestPayload
from luna3.luna_lambda.luna_lambda import LambdaApi

SERVER_ORIGIN = "http://lambda_address:lambda_port"  # the LUNA Lambda service
SERVER_API_VERSION = 1
lambdaApi = LambdaApi(origin=SERVER_ORIGIN, api=SERVER_API_VERSION)
lambdaId, accountId = "your_lambda_id", "${first?.headers["luna-account-id"] ?? "your_account_id"}"


def getImage(pathToImage):
    with open(pathToImage, "rb") as file:
        return file.read()


def makeRequest():
    data = {
        "aggregate_attributes": 0,
        "sources": [
${sources}
        ],
    }
    payload = RequestPayload.buildMsgpack(body=data)
    return lambdaApi.proxyLambdaPost(lambdaId=lambdaId, path="main", accountId=accountId, body=payload)


if __name__ == "__main__":
    print(makeRequest().json)`;
}

export function readme(p: ProjectDescription): string {
  const first = p.requests[0]?.name;
  const headerLines = Object.entries(p.requests[0]?.headers ?? {})
    .map(([name, value]) => `  -H '${name}: ${value}' \\\n`)
    .join("");
  const curlBody =
    p.lambdaType === "handlers"
      ? `curl -s -X POST http://127.0.0.1:${LAMBDA_PORT}/main \\
  -H 'Content-Type: application/msgpack' \\
${headerLines}  --data-binary @requests/${first ?? "<name>"}.msgpack`
      : `curl -s -X POST http://127.0.0.1:${LAMBDA_PORT}/main -H 'Content-Type: application/json' -d '{}'`;
  const requestLines = p.requests.length
    ? p.requests
        .map(
          (r) =>
            `- \`requests/${r.name}.msgpack\` (${r.images.map((i) => `${i.filename}${i.boxes ? `, ${i.boxes} box(es)` : ""}`).join("; ") || "no images"}) → \`requests/${r.name}.reply.json\``,
        )
        .join("\n")
    : "- none were saved: run the lambda in the playground before exporting to get a replay test";
  const addresses = (
    [
      "LUNA_FACES_ADDRESS",
      "LUNA_EVENTS_ADDRESS",
      "LUNA_PYTHON_MATCHER_ADDRESS",
      "LUNA_REMOTE_SDK_ADDRESS",
      "LUNA_SENDER_ADDRESS",
      "LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS",
    ] as const
  )
    .map((key) => `| \`${key}\` | \`${JSON.stringify(p.settings[key])}\` |`)
    .join("\n");
  return `# ${p.name}

A LUNA PLATFORM **${p.lambdaType}** lambda, exported from luna-lambda-playground. It runs on its own:
\`POST /main\` on port ${LAMBDA_PORT}, calling the Luna services configured below.

## Run

\`\`\`sh
npm install    # dependencies from npm, then the built-in face models (sha256-checked)
npm start      # builds lambda_main.ts and serves POST /main on http://127.0.0.1:${LAMBDA_PORT}
npm test       # replays requests/ and compares with the saved replies
\`\`\`

Node.js 20.19 or newer. \`PORT\` and \`HOST\` (default 127.0.0.1) change where it listens; \`LOG_LEVEL\`
(debug, info, warning, error) the server's log; \`ORT_THREADS\` the inference threads (1).

## Call it

\`\`\`sh
${curlBody}
\`\`\`

Through the LUNA Lambda service (luna3, as the LUNA documentation's request examples do):

\`\`\`python
${pythonRequestExample(p)}
\`\`\`

## Configure

\`lambda.json\` holds the lambda's type and settings; any setting can be overridden by an environment
variable of the same name holding JSON, e.g.
\`LUNA_FACES_ADDRESS='{"origin": "http://10.0.0.5:5030", "api_version": 3}' npm start\`.
The addresses when exported:

| setting | value |
| --- | --- |
${addresses}

\`ADDITIONAL_SERVICES_USAGE\` switches Events, Image Store and Sender on or off;
\`LUNA_LAMBDA_UNIT_LOGGER\` sets the lambda logger's level and time zone.

## Files

- \`lambda_main.ts\` and its modules: the lambda (\`import … from "luna-lambda-tools"\`).
- \`models/\`: ${p.modelFiles.length ? p.modelFiles.map((f) => `\`${f}\``).join(", ") : "empty (no user models)"}. The built-in face models
  are fetched by \`npm install\` into \`node_modules/.cache/luna-lambda-models\` (\`LUNA_MODELS_DIR\` overrides).
- \`requests/\`: the requests run in the playground, as msgpack, with the replies they got:
${requestLines}
- \`vendor/\`: the \`luna-lambda-tools\` package — luna-lambda-tools, the inference core and the
  \`/main\` server in one file (\`luna-lambda-runtime.mjs\`, with \`.d.ts\` types for editors).
- \`Dockerfile\`, \`k8s/\` (Deployment, Service on port ${LAMBDA_PORT}, settings as a ConfigMap):
  \`docker build -t ${p.slug}:1.0.0 .\` then \`kubectl apply -f k8s/\`.

Replies are compared with the saved ones with ids (UUIDs), times and URL origins masked and numbers
within 0.1 %: a lambda that stores faces or events gets new ids on every run. The replay calls the
services in \`lambda.json\` (the playground's when exported), so start them first.

The zip can also go back to a running playground's Lambda service (\`AUTH_TOKEN\`: the token that
playground printed at start-up; the header may be left out for one on loopback without a token):

\`\`\`sh
${playgroundUploadExample(p)}
\`\`\`

The lambda runs inside the server's process here (the container is its sandbox): unlike the
playground, a lambda that never returns is not stopped by a timeout.
`;
}

/** requirements.txt for a Python lambda without one: the provided packages its imports use. */
export function pythonRequirements(code: string): string {
  const imported = new Set([...code.matchAll(/^\s*(?:from|import)\s+([A-Za-z_][\w]*)/gm)].map((m) => m[1]!));
  const packages = [
    ["luna3", "luna3"],
    ["vlutils", "vlutils"],
    ["dateutil", "python-dateutil"],
  ]
    .filter(([module]) => imported.has(module!))
    .map(([, name]) => name!);
  return `# Generated by luna-lambda-playground from the lambda's imports (luna_lambda_tools comes with the lambda runtime).\n${packages.join("\n")}${packages.length ? "\n" : ""}`;
}

export function pythonReadme(p: ProjectDescription): string {
  const requestLines = p.requests.length
    ? p.requests
        .map(
          (r) =>
            `- \`requests/${r.name}.msgpack\` (${r.images.map((i) => i.filename).join("; ") || "no images"}) → \`requests/${r.name}.reply.json\``,
        )
        .join("\n")
    : "- none were saved: run the lambda in the playground before exporting";
  return `# ${p.name}

A LUNA PLATFORM **${p.lambdaType}** lambda in Python, exported from luna-lambda-playground as a
LUNA Lambda archive: \`lambda_main.py\` (with \`async def main(request)\`) at the root, its modules,
\`requirements.txt\`${p.modelFiles.length ? ` and its models (${p.modelFiles.map((f) => `\`${f}\``).join(", ")})` : ""}.

## Deploy

Create the lambda in the LUNA Lambda service with this zip (the service builds an image from it and
runs it in Kubernetes), then call it through the service's proxy:

\`\`\`python
${pythonRequestExample(p)}
\`\`\`

## Try it locally

In a checkout of luna-lambda-playground (it is not published on npm; run \`npm install\` there once):
\`npm run lambda -- path/to/${p.slug}.zip\` serves \`POST /main\` on port 8000 (Pyodide, sandboxed), and
\`npm run cli -- run path/to/${p.slug}.zip --request path/to/requests/<name>.msgpack\` (a request of this
zip, unzipped) prints one reply; the playground's *Open project…* takes the zip too.
Or upload it to a running playground's Lambda service (\`AUTH_TOKEN\`: the token that playground
printed at start-up; the header may be left out for one on loopback without a token):

\`\`\`sh
${playgroundUploadExample(p)}
\`\`\`

## Files

- \`lambda.json\`: name, lambda type and the settings used in the playground (service addresses).
- \`requests/\`: the requests run in the playground, as msgpack, with the replies they got:
${requestLines}
`;
}
