// The typing dots: shown while a message the user sent waits for the assistant. They go when an
// answer comes (bot_uttered), when the server has acknowledged every message sent — its answer,
// if any, was emitted before the acknowledgement (through the Redis adapter of several processes it
// may arrive a moment after it: the dots then go just before the answer shows), so a message
// answered with nothing (a person holds the conversation: the assistant is paused) hides them at
// once — or after a timeout when neither comes (the connection dropped with the message).
export class TypingIndicator {
  private waiting = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly element: { hidden: boolean },
    private readonly changed: () => void,
    private readonly timeoutMs: number,
  ) {}

  /** A message left (a typed text, a button, the initial payload). */
  sent(): void {
    this.waiting += 1;
    this.show(true);
  }

  /** The server acknowledged one message (handled, or refused). */
  acknowledged(): void {
    this.waiting = Math.max(0, this.waiting - 1);
    if (this.waiting === 0) this.show(false);
  }

  /** An answer came, or the message was refused. */
  stop(): void {
    this.show(false);
  }

  private show(on: boolean): void {
    clearTimeout(this.timer);
    this.element.hidden = !on;
    if (on) {
      this.timer = setTimeout(() => {
        this.waiting = 0;
        this.show(false);
      }, this.timeoutMs);
    }
    this.changed();
  }
}
