import { rmSync } from "node:fs";
import { TRAFFIC_DIR } from "./traffic";

/** Each run's leak check reads only that run's traffic. */
export default function globalSetup() {
  rmSync(TRAFFIC_DIR, { recursive: true, force: true });
}
