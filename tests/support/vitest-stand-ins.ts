import type { TestProject } from "vitest/node";
import { localWorld } from "../../scripts/local-world.ts";
import { startStandIns } from "../../emulators/start-all.ts";

/** Starts the stand-ins (Google sign-in, …) the Worker under test talks to. */
export default async function setup(project: TestProject) {
  const world = localWorld("test");
  const running = await startStandIns(world, { persist: false });
  project.provide("googleUrl", running.google.url);
  return async () => running.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    googleUrl: string;
  }
}
