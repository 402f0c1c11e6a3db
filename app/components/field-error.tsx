/** A form field's first error, announced to screen readers and tied to its input by id. */
export function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p className="error" id={id} role="alert">
      {errors[0]}
    </p>
  );
}
