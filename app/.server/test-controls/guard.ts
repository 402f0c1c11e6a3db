import { data } from "react-router";

/**
 * Local test controls answer only in builds made with them (dev and the test build);
 * the routes are not even registered in `npm run build`. This is the second lock.
 */
export function assertTestControls(): void {
  if (!__HARBOR_TEST_CONTROLS__) throw data(null, { status: 404 });
}

export async function readInput(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return ((await request.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
  return Object.fromEntries(await request.formData().catch(() => new FormData()));
}
