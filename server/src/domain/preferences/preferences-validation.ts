// The checks of a Preferences change, every property at once so the settings screen can mark each bad field:
// a language the server speaks, an IANA time zone Intl knows, the choices and bounds of docs/jmap.md, and the
// remote-image senders put in one spelling (NFC, trimmed, lower case, each once).
// Security: the values come from the network; every string and list is bounded before it is looked at.

import { domainToASCII } from 'node:url';
import { LOCALES, type Locale } from '@vercors/contract';
import { invalidPreferences, type PreferenceProblem } from './preferences-errors.ts';
import {
  COMPOSE_FORMATS,
  PREFERENCES_LIMITS,
  READ_RECEIPT_POLICIES,
  type PreferencesChanges,
  type StoredPreferences,
} from './preferences.ts';

/** A change split by where it is stored: the account record, or the preferences table. */
export interface CheckedChanges {
  readonly account: { readonly locale?: Locale; readonly timeZone?: string };
  readonly stored: Partial<StoredPreferences>;
}

/** RFC 5321 §4.5.3.1.1: 64 octets of local part. */
const MAX_LOCAL_PART_BYTES = 64;
/** RFC 1035: 253 characters for a name. */
const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * A dot-atom local part (RFC 5322 §3.2.3), with UTF-8 beyond ASCII (RFC 6532): no quoted forms, spaces or
 * controls. `+` is allowed: senders outside the académie use sub-addresses.
 */
const LOCAL_PART =
  /^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]|[^\p{ASCII}\p{C}\p{Z}])+(?:\.(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]|[^\p{ASCII}\p{C}\p{Z}])+)*$/u;
/** An IANA name (Area/Location, Etc/GMT+3, UTC), not an offset like +01:00, which Intl also takes. */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** Every value checked; invalid naming each bad property. */
export function checkChanges(changes: PreferencesChanges): CheckedChanges {
  const problems: PreferenceProblem[] = [];
  const account: { locale?: Locale; timeZone?: string } = {};
  const stored: { -readonly [K in keyof StoredPreferences]?: StoredPreferences[K] } = {};
  const { locale, timeZone, readReceipts, requestReadReceipts, undoSendSeconds } = changes;
  const { conversationView, remoteImagesFrom, composeFormat } = changes;

  if (locale !== undefined) {
    if (isOneOf(locale, LOCALES)) account.locale = locale;
    else problems.push({ property: 'locale', reason: 'notALocale' });
  }
  if (timeZone !== undefined) {
    const zone = canonicalTimeZone(timeZone);
    if (zone === undefined) problems.push({ property: 'timeZone', reason: 'unknownTimeZone' });
    else account.timeZone = zone;
  }
  if (readReceipts !== undefined) {
    if (isOneOf(readReceipts, READ_RECEIPT_POLICIES)) stored.readReceipts = readReceipts;
    else problems.push({ property: 'readReceipts', reason: 'invalidChoice' });
  }
  if (requestReadReceipts !== undefined) {
    if (typeof requestReadReceipts === 'boolean') stored.requestReadReceipts = requestReadReceipts;
    else problems.push({ property: 'requestReadReceipts', reason: 'notABoolean' });
  }
  if (undoSendSeconds !== undefined) {
    const isInRange =
      Number.isInteger(undoSendSeconds) &&
      undoSendSeconds >= 0 &&
      undoSendSeconds <= PREFERENCES_LIMITS.maxUndoSendSeconds;
    if (isInRange) stored.undoSendSeconds = undoSendSeconds;
    else problems.push({ property: 'undoSendSeconds', reason: 'outOfRange' });
  }
  if (conversationView !== undefined) {
    if (typeof conversationView === 'boolean') stored.conversationView = conversationView;
    else problems.push({ property: 'conversationView', reason: 'notABoolean' });
  }
  if (remoteImagesFrom !== undefined) {
    const senders = checkSenders(remoteImagesFrom);
    if (typeof senders === 'string') problems.push({ property: 'remoteImagesFrom', reason: senders });
    else stored.remoteImagesFrom = senders;
  }
  if (composeFormat !== undefined) {
    if (isOneOf(composeFormat, COMPOSE_FORMATS)) stored.composeFormat = composeFormat;
    else problems.push({ property: 'composeFormat', reason: 'invalidChoice' });
  }

  const [first, ...rest] = problems;
  if (first !== undefined) throw invalidPreferences([first, ...rest]);
  return { account, stored };
}

function isOneOf<C extends string>(value: unknown, choices: readonly C[]): value is C {
  return typeof value === 'string' && (choices as readonly string[]).includes(value);
}

/** The zone as Intl names it (europe/paris → Europe/Paris), or undefined when it is no IANA zone. */
function canonicalTimeZone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > PREFERENCES_LIMITS.maxTimeZoneLength) return undefined;
  if (!TIME_ZONE_NAME.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The list in one spelling, each entry once, in the order given; or the reason it is refused. */
function checkSenders(value: unknown): string[] | 'tooMany' | 'invalidEntry' {
  if (!Array.isArray(value)) return 'invalidEntry';
  // Counted as sent: the work on a hostile list stays bounded, whatever repeats it holds.
  if (value.length > PREFERENCES_LIMITS.maxRemoteImagesFrom) return 'tooMany';
  const senders = new Set<string>();
  for (const entry of value) {
    const sender = typeof entry === 'string' ? normalisedSender(entry) : undefined;
    if (sender === undefined) return 'invalidEntry';
    senders.add(sender);
  }
  return [...senders];
}

/** `local@domain` or `@domain`, NFC, trimmed, lower case; undefined when it is neither. */
export function normalisedSender(entry: string): string | undefined {
  // Four UTF-8 bytes at most per character: a longer string cannot fit, whatever trimming removes.
  if (entry.length > PREFERENCES_LIMITS.maxRemoteImagesEntryBytes * 4) return undefined;
  const text = entry.normalize('NFC').trim().toLowerCase();
  if (text === '' || Buffer.byteLength(text) > PREFERENCES_LIMITS.maxRemoteImagesEntryBytes) return undefined;
  const at = text.lastIndexOf('@');
  if (at < 0) return undefined;
  const localPart = text.slice(0, at);
  const isLocalPartValid =
    localPart === '' || (Buffer.byteLength(localPart) <= MAX_LOCAL_PART_BYTES && LOCAL_PART.test(localPart));
  return isLocalPartValid && isDomainName(text.slice(at + 1)) ? text : undefined;
}

/** A host name of two labels or more, internationalised or not (checked in its A-label form). */
function isDomainName(domain: string): boolean {
  if (domain === '' || /[\s/@:\\]/.test(domain)) return false;
  const ascii = domainToASCII(domain);
  if (ascii === '' || ascii.length > MAX_DOMAIN_LENGTH) return false;
  const labels = ascii.split('.');
  // A numeric top-level label means an IP address, not a mail domain.
  return (
    labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '')
  );
}
