/** The outcome of a form: a refusal in plain words, or what was done. */
export function FormMessage({ error, done }: { error?: string | null; done?: string | null }) {
  if (error) {
    return (
      <p className="notice bad" role="alert" data-testid="form-error">
        {error}
      </p>
    );
  }
  if (done) {
    return (
      <p className="notice ok" role="status" data-testid="form-done">
        {done}
      </p>
    );
  }
  return null;
}
