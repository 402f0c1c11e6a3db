import { describe, expect, it } from "vitest";
import { readableLogLine } from "../../../domain/openberth/log-lines";

describe("activity-log lines in plain words", () => {
  it("turns a web server's visit line into a time, what was asked and how it went, in the reader's zone", () => {
    const line = '10.0.0.7 - - [03/Dec/2026:14:05:03 +0000] "GET /about HTTP/1.1" 200 512';
    expect(readableLogLine(line, "UTC")).toBe("14:05:03 · A visit to /about · Shown");
    expect(readableLogLine(line, "Europe/Paris")).toBe("15:05:03 · A visit to /about · Shown");
    expect(readableLogLine(line.replace("+0000", "-0500"), "UTC")).toBe("19:05:03 · A visit to /about · Shown");
  });
  it("says what each answer meant", () => {
    const at = (status: number, method = "GET") =>
      readableLogLine(`1.2.3.4 - - [03/Dec/2026:14:05:03 +0000] "${method} / HTTP/1.1" ${status} 0`, "UTC")
        .split(" · ")
        .slice(1)
        .join(" · ");
    expect(at(404)).toBe("A visit to / · Page not found");
    expect(at(401)).toBe("A visit to / · Asked for the password");
    expect(at(503)).toBe("A visit to / · The app had a problem");
    expect(at(301)).toBe("A visit to / · Sent to another address");
    expect(at(201, "POST")).toBe("Something sent to / · Shown");
  });
  it("keeps what the app printed itself as it is", () => {
    for (const line of ["Server listening on port 3000", "", '[error] "GET" went wrong', "1.2.3.4 - - [bad date] x"])
      expect(readableLogLine(line, "UTC")).toBe(line);
  });
});
