import { useEffect } from "react";
import { useRevalidator } from "react-router";

/**
 * While something is changing on its own (a workspace setting up or being deleted), keep
 * the page fresh: with JavaScript, reload the data every second; without it, the
 * <noscript> refresh reloads the whole page every two seconds.
 */
export function LiveRefresh({ active, everyMs = 1_000 }: { active: boolean; everyMs?: number }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") void revalidator.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidator]);
  if (!active) return null;
  return (
    <noscript>
      <meta httpEquiv="refresh" content="2" />
    </noscript>
  );
}
