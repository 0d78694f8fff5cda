/** The files below a folder, as paths relative to it (sorted); `skip` leaves out entries by name. */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

export function listFiles(dir: string, skip: (name: string) => boolean = () => false): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((entry) => {
      if (skip(entry.name)) return [];
      const full = join(d, entry.name);
      return entry.isDirectory() ? walk(full) : [full];
    });
  return walk(dir)
    .map((file) => relative(dir, file))
    .sort();
}
