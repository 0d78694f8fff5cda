/**
 * Luna's wire names are snake_case (`estimate_face_descriptor`), our TypeScript names camelCase
 * (`estimateFaceDescriptor`); the lambda clients take camelCase keywords as luna3's Python does.
 * One conversion, at the type level and at run time, so the two can never drift.
 */

export type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S;

export function snakeToCamel<S extends string>(name: S): SnakeToCamel<S> {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) as SnakeToCamel<S>;
}

export function camelToSnake(name: string): string {
  return name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}
