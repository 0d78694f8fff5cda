/** A lambda name made safe for npm, Docker, Kubernetes and file names (lower case, digits, dashes). */
export function slugFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return /^[a-z]/.test(slug) ? slug : `lambda-${slug}`.replace(/-+$/, "");
}
