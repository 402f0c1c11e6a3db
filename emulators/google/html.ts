/**
 * HTML building blocks shared by the stand-in's pages. Every value that reaches markup
 * goes through `escapeHtml`: the pages echo OAuth parameters, which anyone can craft.
 */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Safe for text and for double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export const STAND_IN_NOTE = "Local Google sign-in stand-in — no real Google account is used";

/** A whole page. `title` is escaped here; `main` must already be escaped markup. */
export function renderPage(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<main class="card">
<p class="stand-in-note">${escapeHtml(STAND_IN_NOTE)}</p>
${main}
</main>
</body>
</html>
`;
}

// Google's sign-in look in broad strokes, with contrast and focus rings kept accessible.
const STYLES = `
:root { color-scheme: light; font-family: Roboto, "Segoe UI", system-ui, -apple-system, sans-serif; color: #1f1f1f; background: #f0f4f9; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px; box-sizing: border-box; }
.card { background: #fff; border-radius: 28px; padding: 32px 40px; width: 100%; max-width: 460px; box-sizing: border-box; }
.stand-in-note { margin: 0 0 24px; padding: 8px 12px; border-radius: 8px; background: #fef7e0; border: 1px solid #f9ab00; font-size: 0.8125rem; }
h1 { font-size: 2rem; font-weight: 400; margin: 0 0 8px; }
h2 { font-size: 1rem; font-weight: 500; margin: 28px 0 12px; }
.subtitle { margin: 0 0 24px; color: #444746; }
.accounts { list-style: none; margin: 0; padding: 0; border-top: 1px solid #c4c7c5; }
.accounts li { border-bottom: 1px solid #c4c7c5; }
.account { display: flex; gap: 12px; align-items: center; width: 100%; padding: 12px 8px; background: none; border: 0; color: inherit; font: inherit; text-align: left; cursor: pointer; }
.account:hover { background: #f3f6fc; }
.account img { border-radius: 50%; flex: none; }
.account-name { display: block; font-weight: 500; }
.account-email { display: block; font-size: 0.875rem; color: #444746; }
.field { margin: 0 0 16px; }
label { display: block; margin: 0 0 4px; font-size: 0.875rem; font-weight: 500; }
input { width: 100%; box-sizing: border-box; padding: 12px; border: 1px solid #747775; border-radius: 4px; font: inherit; }
input[aria-invalid="true"] { border: 2px solid #b3261e; }
.error { margin: 4px 0 0; color: #b3261e; font-size: 0.875rem; }
.form-error { margin: 0 0 16px; padding: 8px 12px; border-radius: 8px; background: #fce8e6; color: #8c1d18; }
.actions { display: flex; justify-content: flex-end; margin-top: 8px; }
.cancel { margin-top: 24px; }
.primary { background: #0b57d0; color: #fff; border: 0; border-radius: 20px; padding: 10px 24px; font: inherit; font-weight: 500; cursor: pointer; }
.secondary { background: none; color: #0b57d0; border: 0; border-radius: 20px; padding: 10px 12px; font: inherit; font-weight: 500; cursor: pointer; }
.code { color: #444746; font-size: 0.875rem; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;
