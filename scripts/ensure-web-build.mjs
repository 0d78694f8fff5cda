// Builds the playground bundle before `npm start` when it is missing or older than its sources.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist/web/index.html");
const sources = ["web", "shared", "public", "vite.config.ts", "package.json"].map((p) => join(root, p));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const newest = Math.max(...sources.map(newestMtime));
if (built === 0 || newest > built) {
  console.log(built === 0 ? "playground bundle missing: building it…" : "playground sources changed: rebuilding…");
  execFileSync(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: root,
    stdio: "inherit",
  });
}

// The luna-lambda-tools declarations the editor loads (one .d.ts bundle).
const types = join(root, "dist/types/luna-lambda-tools.d.ts");
const typesBuilt = existsSync(types) ? statSync(types).mtimeMs : 0;
if (typesBuilt === 0 || newestMtime(join(root, "shared")) > typesBuilt) {
  console.log("building the luna-lambda-tools type declarations…");
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js"),
      "--silent",
      "--no-check",
      "--export-referenced-types=false",
      "-o",
      types,
      "shared/lambda/index.ts",
    ],
    { cwd: root, stdio: "inherit" },
  );
}
