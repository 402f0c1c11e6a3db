import { useEffect, useState } from "react";
import { COPY_BUTTON as W } from "../../domain/vocabulary";

/** A "Copy" button: an enhancement that only appears when JavaScript runs. */
export function CopyButton({ text, label = W.copy }: { text: string; label?: string }) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!ready) return null;
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? W.copied : label}
    </button>
  );
}
