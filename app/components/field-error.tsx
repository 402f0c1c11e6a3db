/** A form field's first error, announced to screen readers and tied to its input by id. */
export function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p className="error" id={id} role="alert">
      {errors[0]}
    </p>
  );
}

/**
 * For forms without conform's field metadata: marks the input invalid and points it at its
 * FieldError, whose id is `${inputId}-error`.
 */
export function invalidProps(inputId: string, errors: string[] | undefined) {
  return errors?.length ? { "aria-invalid": true, "aria-describedby": `${inputId}-error` } : {};
}
