// What both push channels (EventSource, RFC 8620 §7.3; WebSocket, RFC 8887) share: the account's JMAP states
// of the chosen types, read when the account's change feed says something committed (from any process), with
// changes that land close together read once, reads run one after another so a newer report never goes out
// before an older one, and only the types whose state moved reported.

import type { ContactsJmapReads, ContactsType } from '#domain/contacts';
import type { AccountChangeFeed, MailService, MailType } from '#domain/mail';
import type { PreferencesService } from '#domain/preferences';

export type PushedType = MailType | 'Quota' | ContactsType | 'Preferences';

export const PUSHED_TYPES: readonly PushedType[] = [
  'Mailbox',
  'Email',
  'Thread',
  'Identity',
  'EmailSubmission',
  'VacationResponse',
  'Signature',
  'ReplyTemplate',
  'Quota',
  'AddressBook',
  'ContactCard',
  'Preferences',
];
/** Changes within this window go out as one StateChange. */
export const COALESCE_MS = 50;

export interface StateWatcherParts {
  readonly accountId: string;
  readonly types: readonly PushedType[];
  readonly mail: Pick<MailService, 'state' | 'quotaResources'>;
  readonly changes: AccountChangeFeed;
  /** The AddressBook and ContactCard states (JMAP Contacts); without it those types are not reported. */
  readonly contacts?: Pick<ContactsJmapReads, 'state'> | undefined;
  /** The Preferences state (urn:vercors:jmap); without it that type is not reported. */
  readonly preferences?: Pick<PreferencesService, 'state'> | undefined;
  /** The types whose state moved since the last report, with their new states. */
  readonly onChange: (changed: Readonly<Record<string, string>>) => void;
  /** A state read failed: the channel closes (the client reconnects and resyncs). */
  readonly onError: (error: unknown) => void;
}

export interface StateWatcher {
  /** Subscribe, then read the states to compare against; resolves with them. */
  start(): Promise<Readonly<Record<string, string>>>;
  stop(): void;
}

export function watchStates(parts: StateWatcherParts): StateWatcher {
  const { accountId, types, mail, changes } = parts;
  let last: Record<string, string> | undefined;
  let pending: NodeJS.Timeout | undefined;
  /** Reports run one after another: one that read older states must never send after a newer one. */
  let reporting: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  let isStopped = false;

  const statesNow = async () => {
    const states: Record<string, string> = {};
    for (const type of types) {
      if (type === 'AddressBook' || type === 'ContactCard') {
        if (parts.contacts !== undefined)
          states[type] = String(await parts.contacts.state({ accountId }, accountId, type));
      } else if (type === 'Preferences') {
        if (parts.preferences !== undefined)
          states[type] = String(await parts.preferences.state({ accountId }, accountId));
      } else
        states[type] =
          type === 'Quota'
            ? (await mail.quotaResources(accountId)).state
            : String(await mail.state(accountId, type));
    }
    return states;
  };
  const report = async () => {
    pending = undefined;
    if (isStopped) return;
    const now = await statesNow();
    const changed = Object.fromEntries(Object.entries(now).filter(([type, state]) => last?.[type] !== state));
    last = now;
    if (!isStopped && Object.keys(changed).length > 0) parts.onChange(changed);
  };

  return {
    async start() {
      // Reading the Identity (or Signature) state may make identities (for a new alias): do it before
      // subscribing, so that write is in the states this channel starts from rather than news to report.
      const followsAddresses = types.find((type) => type === 'Identity' || type === 'Signature');
      if (followsAddresses !== undefined) await mail.state(accountId, followsAddresses);
      // Subscribe before reading the states, so a change in between is compared against them, not lost.
      unsubscribe = changes.subscribe(accountId, () => {
        pending ??= setTimeout(() => {
          reporting = reporting.then(report).catch(parts.onError);
        }, COALESCE_MS);
      });
      const initial = statesNow().then((states) => {
        last = states;
        return states;
      });
      reporting = initial.then(() => undefined);
      return await initial;
    },
    stop() {
      isStopped = true;
      unsubscribe?.();
      clearTimeout(pending);
    },
  };
}
