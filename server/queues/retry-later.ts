/**
 * Thrown by a queue handler that must try again later, at least `delaySeconds` from now
 * (an outside service said when: Resend's `retry-after`). Not a failure of ours: logged as
 * a warning, and the queue's backoff still applies on top.
 */
export class RetryLater extends Error {
  constructor(
    readonly reason: string,
    readonly delaySeconds = 0,
  ) {
    super(`retry later: ${reason}`);
    this.name = "RetryLater";
  }
}
