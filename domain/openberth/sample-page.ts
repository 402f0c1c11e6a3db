/**
 * The page the overview's "put your first site online" box starts with: something that
 * works as it is, for a person who has no site yet, and that they can change before sending.
 */
export const SAMPLE_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Hello</title>
<h1>Hello from Harbor</h1>
<p>My first site. Change this text, or put a new version online later.</p>
`;
