/**
 * The message an action carried across its redirect (app/.server/forms/flash-notice.ts),
 * shown once on the page it led to. The root's data is not reloaded on every link, so the
 * message remembers the page it arrived with and goes away when the person moves on.
 */
import { useRef } from "react";
import { useLocation } from "react-router";

export function FlashNotice({ notice }: { notice: { id: string; text: string } | null }) {
  const location = useLocation();
  const shownAt = useRef<{ id: string; key: string } | null>(null);
  if (notice && shownAt.current?.id !== notice.id) shownAt.current = { id: notice.id, key: location.key };
  if (!notice || shownAt.current?.key !== location.key) return null;
  return (
    <p className="notice ok" role="status" data-testid="flash-notice">
      {notice.text}
    </p>
  );
}
