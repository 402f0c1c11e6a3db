/**
 * The few pages answered before the React app runs (a refused cross-site form). Plain
 * HTML in our words; no stack traces, no jargon.
 */
export function renderForbiddenOrigin(): Response {
  return plainPage(
    403,
    "That form came from another site",
    "For your safety we only accept forms sent from Harbor's own pages. Go back to Harbor and try again from there.",
  );
}

function plainPage(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Harbor</title></head><body><main><h1>${title}</h1><p>${body}</p><p><a href="/">Go to Harbor</a></p></main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
