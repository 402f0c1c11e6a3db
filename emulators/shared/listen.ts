/**
 * Listen on "localhost" the way clients resolve it: 127.0.0.1, and also ::1 where the
 * machine has IPv6 (some resolve localhost to ::1 first). Best effort for ::1.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalListener {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function listenOnLocalhost(handler: RequestListener, port: number, host = "127.0.0.1"): Promise<LocalListener> {
  const primary = createServer(handler);
  await listen(primary, port, host);
  const actualPort = (primary.address() as AddressInfo).port;
  const servers = [primary];
  if (host === "127.0.0.1") {
    const ipv6 = createServer(handler);
    if (await listen(ipv6, actualPort, "::1").then(() => true, () => false)) servers.push(ipv6);
  }
  let closing: Promise<void> | undefined;
  return {
    port: actualPort,
    url: `http://localhost:${actualPort}`,
    close() {
      closing ??= Promise.all(servers.map(closeServer)).then(() => undefined);
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would otherwise hold the close open.
    server.closeAllConnections();
  });
}
