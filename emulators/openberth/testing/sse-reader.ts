/**
 * Reads an OpenBerth `logs/stream` response: collects each `data: <line>` frame and notices
 * when the server ends the stream.
 */

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every data line received so far. */
  lines: string[];
  /** The raw bytes received so far (to check the framing). */
  raw(): string;
  /** Resolves once `count` lines have arrived (or rejects after `timeoutMs`). */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
  /** Resolves when the server closes the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, key: string | null): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {}, signal: abort.signal });
  const lines: string[] = [];
  let raw = "";
  let buffer = "";
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());

  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        let idx: number;
        while ((idx = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          for (const line of frame.split("\n")) if (line.startsWith("data: ")) lines.push(line.slice(6));
        }
        notify();
      }
    } catch {
      // aborted by close()
    }
    notify();
  })();

  return {
    status: res.status,
    headers: res.headers,
    lines,
    raw: () => raw,
    ended,
    close: () => abort.abort(),
    async waitForLines(count, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (lines.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} SSE lines, got ${lines.length}: ${JSON.stringify(lines)}`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((r) => setTimeout(r, 50)), ended]);
      }
      return lines.slice(0, count);
    },
  };
}
