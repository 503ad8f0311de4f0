// The worker's half of /metrics: ask the primary for the whole node's page (a scrape lands on any one
// worker), with a bounded wait and a bounded number of scrapes waiting at once.

import { tag, type PrimaryMessage, type WorkerMessage } from './runtime-message.ts';

/** Longer than the primary's own wait for the workers, so its partial page still arrives. */
export const NODE_PAGE_TIMEOUT_MS = 4_000;
/** Scrapes waiting at once; more are refused (503) instead of piling up behind a stuck primary. */
export const MAX_WAITING_SCRAPES = 8;

export interface IpcChannel {
  readonly connected: boolean;
  send?(
    message: unknown,
    sendHandle?: undefined,
    options?: undefined,
    callback?: (error: Error | null) => void,
  ): boolean;
}

export interface NodeMetricsClient {
  /** The node's page; rejects on timeout, when too many scrapes wait, or with no primary. */
  scrape(): Promise<string>;
  /** Feed the primary's `metricsPage` answers here. */
  receive(message: Extract<PrimaryMessage, { kind: 'metricsPage' }>): void;
}

export function createNodeMetricsClient(
  channel: IpcChannel,
  timeoutMs = NODE_PAGE_TIMEOUT_MS,
): NodeMetricsClient {
  let nextRequestId = 1;
  const waiting = new Map<number, { resolve: (page: string) => void; reject: (error: Error) => void }>();

  return {
    scrape() {
      if (!channel.connected || channel.send === undefined)
        return Promise.reject(new Error('no cluster primary'));
      if (waiting.size >= MAX_WAITING_SCRAPES) return Promise.reject(new Error('too many scrapes waiting'));
      const requestId = nextRequestId++;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(requestId);
          reject(new Error(`the primary did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(requestId, {
          resolve: (page) => {
            clearTimeout(timer);
            resolve(page);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        const message: WorkerMessage = { kind: 'metricsRequest', requestId };
        channel.send?.(tag(message), undefined, undefined, (error) => {
          if (error) waiting.get(requestId)?.reject(error);
          if (error) waiting.delete(requestId);
        });
      });
    },
    receive(message) {
      const entry = waiting.get(message.requestId);
      if (!entry) return;
      waiting.delete(message.requestId);
      if (message.page === null) entry.reject(new Error('the primary could not gather the metrics'));
      else entry.resolve(message.page);
    },
  };
}
