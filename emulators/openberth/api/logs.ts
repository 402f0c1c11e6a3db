/**
 * `GET …/logs` (also `/api/sandbox/{id}/logs`) and the Server-Sent Events stream
 * `GET …/logs/stream`: one `data: <line>\n\n` frame per container log line, the last
 * `tail` lines first, then new lines as they come, until the container goes away or the
 * client leaves. Errors are JSON and come before any streaming.
 */
import { requireUser } from "../auth.ts";
import { parseTail } from "../names.ts";
import { type ApiContext, authed, sendFailure } from "./context.ts";
import { ownedDeployment } from "./deployments.ts";

export function getLogs(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => {
    const d = ownedDeployment(ctx.inst, ctx.params["id"] ?? "", user);
    return { id: d.id, logs: ctx.inst.runtime.logsText(d, parseTail(ctx.query.get("tail"))) };
  });
}

export function streamLogs(ctx: ApiContext): void {
  const { inst, req, res } = ctx;
  const user = requireUser(inst, req, res);
  if (!user) return;
  let d;
  try {
    d = ownedDeployment(inst, ctx.params["id"] ?? "", user);
  } catch (error) {
    sendFailure(res, error);
    return;
  }
  res.statusCode = 200;
  res.setHeader("Content-Type", "text/event-stream");
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("Connection", "keep-alive");
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();

  let open = true;
  const unsubscribe = inst.runtime.follow(d, parseTail(ctx.query.get("tail")), {
    line(text) {
      if (open) res.write(`data: ${text}\n\n`);
    },
    end() {
      if (!open) return;
      open = false;
      res.end();
    },
  });
  res.on("close", () => {
    open = false;
    unsubscribe();
  });
}
