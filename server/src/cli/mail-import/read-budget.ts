// Bytes a reader may hold ahead of its consumer. Reads take their share in file order, so the file the consumer
// waits for is never starved by later ones; a file alone may exceed the budget (it is bounded by the message
// size limit), so a big message slows reading down instead of stopping it.

export class ReadBudget {
  readonly #limit: number;
  #inUse = 0;
  /** The ticket whose turn it is to take. */
  #turn = 0;
  readonly #waiting = new Map<number, () => void>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Wait for ticket `ticket`'s turn (0, 1, 2… each taken exactly once) and room for `bytes`, then hold them. */
  async take(ticket: number, bytes: number): Promise<void> {
    while (ticket !== this.#turn || (this.#inUse > 0 && this.#inUse + bytes > this.#limit)) {
      await new Promise<void>((resolve) => this.#waiting.set(ticket, resolve));
    }
    this.#inUse += bytes;
    this.#turn += 1;
    this.#wake();
  }

  /** Give back what a taken ticket held, once its consumer is done with it. */
  give(bytes: number): void {
    this.#inUse -= bytes;
    this.#wake();
  }

  #wake(): void {
    const next = this.#waiting.get(this.#turn);
    if (next === undefined) return;
    this.#waiting.delete(this.#turn);
    next();
  }
}
