// JMAP push over EventSource (RFC 8620 §7.3): a text/event-stream that sends a StateChange whenever the
// account's state of a pushed type moves (state-watcher.ts: writes from IMAP, SMTP, the queue or another
// process arrive too), and a ping at the interval the client asked for.
// Security: the query string is client input (bounded values); connections per account are capped.

import type { ContactsJmapReads } from '#domain/contacts';
import type { AccountChangeFeed, MailService } from '#domain/mail';
import type { PreferencesService } from '#domain/preferences';
import type { JmapPrincipal } from '../method-context.ts';
import { PUSHED_TYPES, watchStates } from './state-watcher.ts';

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
  /** The AddressBook and ContactCard states. */
  readonly contacts?: Pick<ContactsJmapReads, 'state'> | undefined;
  /** The Preferences state. */
  readonly preferences?: Pick<PreferencesService, 'state'> | undefined;
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
  let ping: NodeJS.Timeout | undefined;
  let isClosed = false;
  let stream: ReadableStreamDefaultController<Uint8Array> | undefined;

  const send = (event: string, data: unknown) => {
    if (isClosed) return;
    stream?.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  };
  const close = () => {
    if (isClosed) return;
    isClosed = true;
    watcher.stop();
    clearInterval(ping);
    signal.removeEventListener('abort', close);
    try {
      stream?.close();
    } catch {
      // Already closed by the reader.
    }
    parts.onClose();
  };
  const watcher = watchStates({
    accountId,
    types,
    mail,
    changes,
    contacts: parts.contacts,
    preferences: parts.preferences,
    onChange(changed) {
      send('state', { '@type': 'StateChange', changed: { [accountId]: changed } });
      if (options.closeAfterState) close();
    },
    onError: close,
  });

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      stream = controller;
      if (signal.aborted) return close();
      signal.addEventListener('abort', close);
      await watcher.start();
      if (options.pingSeconds > 0)
        ping = setInterval(() => send('ping', { interval: options.pingSeconds }), options.pingSeconds * 1000);
      // A comment line first, so proxies and clients see the stream open at once.
      controller.enqueue(encoder.encode(': vercors\n\n'));
    },
    cancel: close,
  });
}
