// Turn the demo scenarios into real RFC 5322 messages for each demo login: threaded (Message-ID, In-Reply-To,
// References), dated over the last weeks, with PDF and calendar attachments, an HTML newsletter, a draft, and
// the owner's own replies in Sent. The same seed gives the same messages (only MIME boundaries differ).

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { pick } from './demo-random.ts';
import { demoPdf } from './demo-pdf.ts';
import {
  DEMO_SCENARIOS,
  newsletterIssues,
  type DemoAttachment,
  type DemoScenario,
  type DemoTurn,
  type Party,
} from './demo-mail-scenarios.ts';

export type DemoMailbox = 'inbox' | 'sent' | 'drafts' | 'archive';

export interface DemoMessage {
  /** The demo login whose mailbox holds this copy. */
  readonly owner: string;
  readonly mailbox: DemoMailbox;
  readonly keywords: readonly string[];
  readonly receivedAt: Date;
  readonly raw: Uint8Array;
}

export interface DemoMailCast {
  readonly domain: string;
  /** Colleagues of the owner's establishment first; anyone when the establishment is small. */
  readonly colleaguesOf: (owner: Party) => readonly Party[];
  readonly head: Party;
  readonly technician: Party;
}

const DAY_MS = 86_400_000;

export async function composeDemoMail(
  owners: readonly Party[],
  cast: DemoMailCast,
  random: () => number,
  now: Date,
): Promise<DemoMessage[]> {
  const messages: DemoMessage[] = [];
  for (const owner of owners) {
    const colleagues = cast.colleaguesOf(owner).filter((c) => c.address !== owner.address);
    const parties: Record<DemoTurn['from'], Party> = {
      owner,
      colleague: colleagues.length > 0 ? pick(random, colleagues) : cast.head,
      head: cast.head.address === owner.address ? cast.technician : cast.head,
      rectorat: { name: 'Division des personnels enseignants', address: `dpe@${cast.domain}` },
      newsletter: { name: 'La lettre de l’académie', address: `lettre@${cast.domain}` },
      family: { name: 'Famille Martin', address: 'famille.martin@example.org' },
      technician: cast.technician,
    };
    for (const scenario of [...newsletterIssues(), ...DEMO_SCENARIOS]) {
      messages.push(...(await composeScenario(scenario, parties, cast.domain, random, now)));
    }
  }
  return messages;
}

async function composeScenario(
  scenario: DemoScenario,
  parties: Record<DemoTurn['from'], Party>,
  domain: string,
  random: () => number,
  now: Date,
): Promise<DemoMessage[]> {
  const owner = parties.owner;
  const ownerPart = owner.address.split('@')[0] ?? 'owner';
  const ids: string[] = [];
  const copies: DemoMessage[] = [];
  for (const [index, turn] of scenario.turns.entries()) {
    const messageId = `<${scenario.key}.${index + 1}.${ownerPart}@${domain}>`;
    // Working hours, a little later for each reply.
    const sentAt = new Date(
      now.getTime() - turn.daysAgo * DAY_MS - (8 - index) * 3_600_000 - Math.floor(random() * 1_800_000),
    );
    const raw = await new MailComposer({
      from: parties[turn.from],
      to: turn.to.map((role) => parties[role]),
      subject: index === 0 ? scenario.subject : `RE: ${scenario.subject}`,
      text: `${turn.text}\n${turn.from === 'newsletter' ? '' : `\n${parties[turn.from].name}\n`}`,
      html: turn.html,
      date: sentAt,
      messageId,
      inReplyTo: ids.at(-1),
      references: ids.length > 0 ? [...ids] : undefined,
      headers: scenario.listId ? { 'List-Id': `<${scenario.listId}>` } : undefined,
      attachments: (turn.attachments ?? []).map((a) => toAttachment(a, sentAt, parties, turn)),
    })
      .compile()
      .build();
    ids.push(messageId);

    const isOwnersTurn = turn.from === 'owner';
    if (!isOwnersTurn && !turn.to.includes('owner')) continue;
    const isLast = index === scenario.turns.length - 1;
    const mailbox: DemoMailbox = scenario.isDraft ? 'drafts' : isOwnersTurn ? 'sent' : scenario.folder;
    const keywords = [
      ...(isOwnersTurn || !isLast || scenario.folder === 'archive' || turn.daysAgo > 10 ? ['$seen'] : []),
      ...(scenario.isDraft ? ['$draft'] : []),
      ...(turn.isFlagged ? ['$flagged'] : []),
      ...(!isOwnersTurn && scenario.turns.slice(index + 1).some((t) => t.from === 'owner')
        ? ['$answered']
        : []),
    ];
    copies.push({ owner: owner.address, mailbox, keywords, receivedAt: sentAt, raw: new Uint8Array(raw) });
  }
  return copies;
}

function toAttachment(
  attachment: DemoAttachment,
  sentAt: Date,
  parties: Record<DemoTurn['from'], Party>,
  turn: DemoTurn,
) {
  const content =
    attachment.kind === 'pdf'
      ? Buffer.from(demoPdf(attachment.lines[0] ?? attachment.filename, attachment.lines.slice(1)))
      : attachment.kind === 'ics'
        ? invitation(
            attachment,
            sentAt,
            parties[turn.from],
            turn.to.map((role) => parties[role]),
          )
        : attachment.lines.join('\r\n');
  return { filename: attachment.filename, contentType: attachment.contentType, content };
}

/** An iCalendar REQUEST for an event a week after the message, in UTC (no VTIMEZONE needed). */
function invitation(
  attachment: DemoAttachment,
  sentAt: Date,
  organizer: Party,
  attendees: readonly Party[],
): string {
  const stamp = (date: Date) =>
    date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const start = new Date(sentAt.getTime() + 7 * DAY_MS);
  start.setUTCHours(7, 30, 0, 0);
  const end = new Date(start.getTime() + 7 * 3_600_000);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vercors//Demo//FR',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${attachment.filename}-${stamp(sentAt)}@vercors.demo`,
    `DTSTAMP:${stamp(sentAt)}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
    `SUMMARY:${attachment.lines[0] ?? ''}`,
    `LOCATION:${attachment.lines[1] ?? ''}`,
    `ORGANIZER;CN=${organizer.name}:mailto:${organizer.address}`,
    ...attendees.map(
      (a) => `ATTENDEE;CN=${a.name};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.address}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ]
    .map(foldLine)
    .join('\r\n')
    .concat('\r\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space. */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    if (Buffer.byteLength(current + char) > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
