import type { ServerGate } from "../../domain/lifecycle/status";
import { ERROR_PAGES, STATUS_LABELS } from "../../domain/vocabulary";
import { LiveRefresh } from "./live-refresh";
import { PausedHelp } from "./paused-help";

/**
 * Instead of an error page: why the workspace's contents can't be shown or changed right
 * now (setting up, paused with its reason, having trouble) and what happens next.
 */
export function ServerGateNotice({
  gate,
  retryHref,
  timeZone,
  isOwner,
}: {
  gate: Exclude<ServerGate, { open: true }>;
  retryHref: string;
  timeZone: string;
  isOwner: boolean;
}) {
  const tone = gate.tone === "trouble" ? "bad" : gate.tone === "paused" ? "warn" : "info";
  return (
    <section className={`notice ${tone}`} role="status" data-testid="server-gate">
      <LiveRefresh active={gate.live} />
      <h2 className="notice-title">{gate.title}</h2>
      <p>{gate.description}</p>
      {gate.paused ? <PausedHelp {...gate.paused} timeZone={timeZone} isOwner={isOwner} /> : null}
      {gate.tone === "trouble" ? (
        <p>
          <a className="button secondary" href={retryHref}>
            {ERROR_PAGES.tryAgain}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** The same, for when the workspace looked fine but its server didn't answer. */
export function UnreachableNotice({ message, retryHref }: { message: string; retryHref: string }) {
  return (
    <section className="notice bad" role="status" data-testid="server-trouble">
      <h2 className="notice-title">{STATUS_LABELS.trouble}</h2>
      <p>{message}</p>
      <p>
        <a className="button secondary" href={retryHref}>
          {ERROR_PAGES.tryAgain}
        </a>
      </p>
    </section>
  );
}
