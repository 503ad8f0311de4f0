// JMAP push over EventSource (RFC 8620 §7.3): a text/event-stream that sends a StateChange whenever the
// account's Mailbox, Email, Thread, Identity, EmailSubmission or Quota state moves, fed by the change feed (so
// writes from IMAP, SMTP, the queue or another process arrive too), and a ping at the interval the client asked
// for. Changes that land close together are sent as one event.
// Security: the query string is client input (bounded values); connections per account are capped.

import type { AccountChangeFeed, MailService, MailType } from '#domain/mail';
import type { JmapPrincipal } from '../method-context.ts';

export const PUSHED_TYPES: readonly (MailType | 'Quota')[] = [
  'Mailbox',
  'Email',
  'Thread',
  'Identity',
  'EmailSubmission',
  'Quota',
];
/** Changes within this window go out as one StateChange. */
export const COALESCE_MS = 50;
/** Bounds of the ping interval, seconds (RFC 8620 §7.3 lets the server choose within reason). */
export const MIN_PING_SECONDS = 1;
export const MAX_PING_SECONDS = 3600;
/** Open event streams per account, per process. */
export const MAX_STREAMS_PER_ACCOUNT = 16;

export interface EventSourceOptions {
  /** The types to report; undefined means all ("*"). */
  readonly types?: ReadonlySet<string>;
  readonly closeAfterState: boolean;
  /** Seconds between pings; 0 for none. */
  readonly pingSeconds: number;
}

/** The query string of an EventSource URL, or a description of what is wrong with it. */
export function parseEventSourceQuery(query: URLSearchParams): EventSourceOptions | string {
  const types = query.get('types') ?? '*';
  const closeAfter = query.get('closeafter') ?? 'no';
  const ping = query.get('ping') ?? '0';
  if (types.length > 1024) return 'types is too long';
  if (closeAfter !== 'state' && closeAfter !== 'no') return 'closeafter must be state or no';
  if (!/^(0|[1-9][0-9]{0,5})$/.test(ping)) return 'ping must be a number of seconds';
  const seconds = Number(ping);
  return {
    ...(types === '*' ? {} : { types: new Set(types.split(',').filter((type) => type !== '')) }),
    closeAfterState: closeAfter === 'state',
    pingSeconds: seconds === 0 ? 0 : Math.min(MAX_PING_SECONDS, Math.max(MIN_PING_SECONDS, seconds)),
  };
}

export interface EventStreamParts {
  readonly principal: JmapPrincipal;
  readonly mail: Pick<MailService, 'state' | 'quotaResources'>;
  readonly changes: AccountChangeFeed;
  readonly options: EventSourceOptions;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  readonly onClose: () => void;
}

/** The stream of events for one client. */
export function eventStream(parts: EventStreamParts): ReadableStream<Uint8Array> {
  const { principal, mail, changes, options, signal } = parts;
  const { accountId } = principal;
  const types = PUSHED_TYPES.filter((type) => options.types === undefined || options.types.has(type));
  const encoder = new TextEncoder();
  let last: Record<string, string> | undefined;
  let pending: NodeJS.Timeout | undefined;
  /** Reports run one after another: one that read older states must never send after a newer one. */
  let reporting: Promise<void> = Promise.resolve();
  let ping: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let isClosed = false;
  let stream: ReadableStreamDefaultController<Uint8Array> | undefined;

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    unsubscribe?.();
    clearTimeout(pending);
    clearInterval(ping);
    signal.removeEventListener('abort', close);
    try {
      stream?.close();
    } catch {
      // Already closed by the reader.
    }
    parts.onClose();
  };
  const send = (event: string, data: unknown) => {
    if (isClosed) return;
    stream?.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  };
  const statesNow = async () => {
    const states: Record<string, string> = {};
    for (const type of types)
      states[type] =
        type === 'Quota'
          ? (await mail.quotaResources(accountId)).state
          : String(await mail.state(accountId, type));
    return states;
  };
  const report = async () => {
    pending = undefined;
    if (isClosed) return;
    const now = await statesNow();
    const changed = Object.fromEntries(Object.entries(now).filter(([type, state]) => last?.[type] !== state));
    last = now;
    if (Object.keys(changed).length === 0) return;
    send('state', { '@type': 'StateChange', changed: { [accountId]: changed } });
    if (options.closeAfterState) close();
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      stream = controller;
      if (signal.aborted) return close();
      signal.addEventListener('abort', close);
      // Reading the Identity state may make identities (for a new alias): do it before subscribing, so that
      // write is in the states this stream starts from rather than news to report.
      if (types.includes('Identity')) await mail.state(accountId, 'Identity');
      // Subscribe before reading the states, so a change in between is compared against them, not lost.
      unsubscribe = changes.subscribe(accountId, () => {
        pending ??= setTimeout(() => {
          reporting = reporting.then(report).catch(close);
        }, COALESCE_MS);
      });
      reporting = statesNow().then((states) => {
        last = states;
      });
      await reporting;
      if (options.pingSeconds > 0)
        ping = setInterval(() => send('ping', { interval: options.pingSeconds }), options.pingSeconds * 1000);
      // A comment line first, so proxies and clients see the stream open at once.
      controller.enqueue(encoder.encode(': vercors\n\n'));
    },
    cancel: close,
  });
}
