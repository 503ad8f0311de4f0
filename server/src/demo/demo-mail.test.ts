import assert from 'node:assert/strict';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import { composeDemoMail, type DemoMailCast } from './demo-mail.ts';
import { seededRandom } from './demo-random.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const OWNERS = [
  { name: 'Alice Thomas', address: 'alice.thomas@ac-demo.fr' },
  { name: 'Émilie Combaz', address: 'emilie.combaz@ac-demo.fr' },
];
const CAST: DemoMailCast = {
  domain: 'ac-demo.fr',
  colleaguesOf: () => [
    { name: 'Jean-Luc Mathieu', address: 'jean-luc.mathieu@ac-demo.fr' },
    { name: 'Fabienne Girard-Blanc', address: 'fabienne.girard-blanc@ac-demo.fr' },
  ],
  head: { name: 'Maël Chapuis', address: 'mael.chapuis@ac-demo.fr' },
  technician: { name: 'Hervé Dubois', address: 'herve.dubois@ac-demo.fr' },
};

test('every demo login gets newsletters, threads, its own replies in Sent, an archive and a draft', async () => {
  const messages = await composeDemoMail(OWNERS, CAST, seededRandom(1), NOW);
  for (const owner of OWNERS) {
    const mine = messages.filter((m) => m.owner === owner.address);
    const count = (mailbox: string) => mine.filter((m) => m.mailbox === mailbox).length;
    assert.ok(count('inbox') >= 10, `inbox of ${owner.address}`);
    assert.ok(count('sent') >= 3);
    assert.equal(count('drafts'), 1);
    assert.ok(count('archive') >= 1);
    assert.ok(mine.some((m) => m.keywords.includes('$flagged')));
    assert.ok(
      mine.some((m) => !m.keywords.includes('$seen')),
      'some mail is still unread',
    );
    assert.ok(mine.every((m) => m.receivedAt.getTime() <= NOW.getTime()));
  }
});

test('replies are threaded with In-Reply-To and References and read as French mail', async () => {
  const messages = await composeDemoMail(OWNERS.slice(0, 1), CAST, seededRandom(1), NOW);
  const parsed = await Promise.all(messages.map((m) => PostalMime.parse(m.raw)));
  const council = parsed.filter((p) => p.subject?.includes('Conseil de classe de 3e B'));
  assert.ok(council.length >= 3);
  const replies = council.filter((p) => p.inReplyTo);
  assert.ok(replies.length >= 2);
  const ids = new Set(council.map((p) => p.messageId));
  for (const reply of replies) {
    assert.ok(ids.has(reply.inReplyTo ?? ''), 'the parent is in the thread');
    assert.match(reply.subject ?? '', /^RE: /);
  }
  assert.ok(parsed.every((p) => (p.text ?? '').length > 0));
  assert.ok(
    parsed.some((p) => /œ|é|à/.test(p.text ?? '')),
    'accents survive',
  );
});

test('attachments are a real PDF and a calendar invitation with folded lines', async () => {
  const messages = await composeDemoMail(OWNERS.slice(0, 1), CAST, seededRandom(1), NOW);
  const parsed = await Promise.all(messages.map((m) => PostalMime.parse(m.raw)));
  const attachments = parsed.flatMap((p) => p.attachments);
  const pdf = attachments.find((a) => a.mimeType === 'application/pdf');
  assert.ok(pdf);
  const pdfText = Buffer.from(pdf.content as ArrayBuffer).toString('latin1');
  assert.match(pdfText, /^%PDF-1\.4\n/);
  assert.match(pdfText, /startxref\n\d+\n%%EOF\n$/);
  const ics = attachments.find((a) => a.mimeType === 'text/calendar');
  assert.ok(ics);
  const icsText = Buffer.from(ics.content as ArrayBuffer).toString('utf8');
  assert.match(icsText, /METHOD:REQUEST/);
  assert.ok(icsText.split(/\r?\n/).every((line) => Buffer.byteLength(line) <= 75));
});

test('the same seed gives the same messages', async () => {
  const summary = async () =>
    (await composeDemoMail(OWNERS, CAST, seededRandom(7), NOW)).map(
      (m) => `${m.owner} ${m.mailbox} ${m.keywords.join(',')} ${m.receivedAt.toISOString()}`,
    );
  assert.deepEqual(await summary(), await summary());
});
