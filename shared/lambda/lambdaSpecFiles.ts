/** Where a lambda's own OpenAPI document lives: among its files, and (parsed) next to its build. */
export const LAMBDA_SPEC_FILES = ["openapi.json", "openapi.yml", "openapi.yaml"] as const;

/** The build leaves the parsed document here for the lambda's process, which then needs no YAML parser. */
export const LAMBDA_SPEC_JSON = "openapi.spec.json";
