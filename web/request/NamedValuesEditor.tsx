/** Rows of name = value (extra headers, the query string), each with its own inline error. */
import type { NamedValue } from "../../shared/playground/requestSpec.ts";

export function NamedValuesEditor({
  testId,
  entries,
  errors,
  namePlaceholder,
  addLabel,
  onChange,
}: {
  /** `request-header` / `request-query`: rows are `<testId>-name-<i>`, `<testId>-value-<i>`, `<testId>-error-<i>`. */
  testId: string;
  entries: readonly NamedValue[];
  /** Problem per row index. */
  errors: Record<number, string>;
  namePlaceholder: string;
  addLabel: string;
  onChange(entries: NamedValue[]): void;
}) {
  const update = (index: number, patch: Partial<NamedValue>) =>
    onChange(entries.map((e, i) => (i === index ? { ...e, ...patch } : e)));
  return (
    <div className="named-values">
      {entries.map((entry, index) => (
        // Rows have no identity of their own but their place; the list is short and edited in place.
        <div key={index} className="named-value">
          <input
            data-testid={`${testId}-name-${index}`}
            aria-label="name"
            placeholder={namePlaceholder}
            value={entry.name}
            aria-invalid={errors[index] !== undefined}
            spellCheck={false}
            onChange={(e) => update(index, { name: e.target.value })}
          />
          <input
            data-testid={`${testId}-value-${index}`}
            aria-label="value"
            placeholder="value"
            value={entry.value}
            spellCheck={false}
            onChange={(e) => update(index, { value: e.target.value })}
          />
          <button
            type="button"
            className="link"
            aria-label="remove"
            data-testid={`${testId}-remove-${index}`}
            onClick={() => onChange(entries.filter((_, i) => i !== index))}
          >
            ×
          </button>
          {errors[index] && (
            <p className="error" data-testid={`${testId}-error-${index}`}>
              {errors[index]}
            </p>
          )}
        </div>
      ))}
      <button
        type="button"
        data-testid={`${testId}-add`}
        onClick={() => onChange([...entries, { name: "", value: "" }])}
      >
        {addLabel}
      </button>
    </div>
  );
}
