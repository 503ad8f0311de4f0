// FETCH ENVELOPE (RFC 9051 §7.5.2, RFC 3501 §7.4.2) from the raw header values recorded at import: date,
// subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id.
//
// Names and the subject go out as the header has them, RFC 2047 encoded words included, to every client:
// EnvelopeFields keeps the undecoded values, RFC 9051 asks for nothing else (its ENVELOPE fields are the
// header's strings), and Dovecot does the same in IMAP4rev2 and UTF8=ACCEPT sessions. Decoding for UTF-8
// clients would lose nothing only if no client decoded again, and they all do: text that happens to read as
// `=?…?=` after decoding would be decoded twice. Raw 8-bit text (RFC 6532 headers) is UTF-8 here; the
// encoder sends it quoted to a UTF-8 client and as a literal to a rev1 client, as Dovecot does.

import type { EnvelopeFields } from '#formats/mime';
import type { ResponseWriter } from '../wire/encoder.ts';
import { forHumans, type ImapAddress, parseAddressList } from './address-list.ts';

/** `(date subject from sender reply-to to cc bcc in-reply-to message-id)`; all NIL for a missing envelope. */
export function writeEnvelope(writer: ResponseWriter, envelope: EnvelopeFields | undefined): void {
  const fields: EnvelopeFields = envelope ?? {};
  const from = addressesOf(fields.from);
  const sender = addressesOf(fields.sender);
  const replyTo = addressesOf(fields.replyTo);
  writer.openList();
  // Absent: NIL; present but empty: "" (RFC 9051 §7.5.2). EnvelopeFields keeps '' for an empty field.
  writer.nstring(fields.date);
  // Whitespace collapsed as Dovecot's imap_append_string_for_humans does: a folded subject keeps its tabs.
  writer.nstring(fields.subject === undefined ? undefined : forHumans(fields.subject));
  writeAddresses(writer, from);
  // Sender and Reply-To default to From when absent or empty: the server does it, not the client.
  writeAddresses(writer, sender.length > 0 ? sender : from);
  writeAddresses(writer, replyTo.length > 0 ? replyTo : from);
  writeAddresses(writer, addressesOf(fields.to));
  writeAddresses(writer, addressesOf(fields.cc));
  writeAddresses(writer, addressesOf(fields.bcc));
  writer.nstring(fields.inReplyTo);
  writer.nstring(fields.messageId);
  writer.closeList();
}

function addressesOf(value: string | undefined): ImapAddress[] {
  return value === undefined ? [] : parseAddressList(value);
}

/**
 * `((name adl mailbox host) …)`, or NIL for no address at all. A group is `(NIL NIL "name" NIL)`, its
 * members, then `(NIL NIL NIL NIL)`: a NIL host marks the group, a NIL mailbox its end.
 */
function writeAddresses(writer: ResponseWriter, addresses: readonly ImapAddress[]): void {
  if (addresses.length === 0) {
    writer.nil();
    return;
  }
  writer.openList();
  // `1*address`: back to back, `((…)(…))`.
  for (const address of addresses) {
    writer.joined().openList();
    switch (address.kind) {
      case 'groupStart':
        writer.nil().nil().string(address.name).nil();
        break;
      case 'groupEnd':
        writer.nil().nil().nil().nil();
        break;
      case 'mailbox':
        writer.nstring(address.name).nstring(address.route).string(address.mailbox).string(address.host);
        break;
    }
    writer.closeList();
  }
  writer.closeList();
}
