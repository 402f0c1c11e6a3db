import { useEffect, useRef, useState } from "react";
import { readableLogLine } from "../../domain/openberth/log-lines";
import { DEPLOYMENT_LOG_PAGE as W, LOG_LINE_WORDS } from "../../domain/vocabulary";

/**
 * The activity log. Rendered on the server with the latest lines; with JavaScript it
 * follows new lines live (Server-Sent Events from our own address — the workspace's key
 * never leaves the server). Visits are shown in plain words; the lines exactly as written
 * are one click away (a <details>, so it opens without JavaScript too).
 */
export function LiveLog({ initial, streamUrl, timeZone }: { initial: string[]; streamUrl: string; timeZone: string }) {
  const [lines, setLines] = useState(initial);
  const [live, setLive] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const source = new EventSource(streamUrl);
    let first = true;
    source.onopen = () => setLive(true);
    source.onmessage = (event) => {
      const line = event.data as string;
      // The stream starts by replaying the latest lines: they replace what the page showed.
      // Decided here, not inside the state update: React may run an update function twice
      // (development's StrictMode does), and a flag flipped inside it listed every line twice.
      if (first) {
        first = false;
        setLines([line]);
      } else setLines((current) => [...current, line].slice(-2_000));
    };
    source.onerror = () => {
      setLive(false);
      source.close();
    };
    return () => source.close();
  }, [streamUrl]);
  useEffect(() => {
    box.current?.scrollTo({ top: box.current.scrollHeight });
  }, [lines]);
  return (
    <>
      {live ? (
        <p className="muted small" data-testid="log-live" role="status">
          {W.following}
        </p>
      ) : null}
      <pre className="output" ref={box} data-testid="log-lines" tabIndex={0} aria-label={W.title}>
        {lines.map((line) => readableLogLine(line, timeZone)).join("\n")}
      </pre>
      {lines.length > 0 ? (
        <details className="more-options">
          <summary>{LOG_LINE_WORDS.rawToggle}</summary>
          <pre className="output" data-testid="log-raw" tabIndex={0}>
            {lines.join("\n")}
          </pre>
        </details>
      ) : null}
    </>
  );
}
