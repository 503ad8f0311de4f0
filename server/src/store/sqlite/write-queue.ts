// The in-process half of SQLite's single writer: tasks run one at a time in call order, so this process never
// competes with itself for the write lock (other processes are handled by BEGIN IMMEDIATE and its retries).

export class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Run `task` after every task queued before it has settled; a failed task does not stop the queue. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
