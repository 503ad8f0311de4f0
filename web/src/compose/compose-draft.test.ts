import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  draftEmail,
  EMPTY_DRAFT,
  invalidRecipients,
  type Original,
  replyDraft,
  replySubject,
  submission,
  withSignature,
  draftFromSaved,
  isSchedulable,
} from './compose-draft.ts';

const ME = [{ name: 'Claire Martin', email: 'claire.martin@ac-test.fr' }];
const WORDS = { header: (_date: Date, name: string) => `${name} a écrit :`, forwarded: 'Message transféré' };
const ORIGINAL: Original = {
  id: 'Morig',
  keywords: { $seen: true },
  from: [{ name: 'Paul Durand', email: 'paul.durand@ac-test.fr' }],
  to: [
    { name: 'Claire', email: 'Claire.Martin@ac-test.fr' },
    { name: null, email: 'vie-scolaire@ac-test.fr' },
  ],
  cc: [
    { name: null, email: 'paul.durand@ac-test.fr' },
    { name: 'CPE', email: 'cpe@ac-test.fr' },
  ],
  replyTo: null,
  subject: 'RE: Re: Conseil de classe',
  sentAt: '2026-11-23T09:00:00+01:00',
  receivedAt: '2026-11-23T08:00:01Z',
  messageId: ['m2@ac-test.fr'],
  references: ['m1@ac-test.fr'],
  text: 'Bonjour,\n<jeudi> à 17 h & salle 12',
  blobId: 'Gorig',
  size: 2048,
};

test('subjects get one prefix, whatever the original had', () => {
  assert.equal(replySubject('RE: Re: Conseil', 'reply'), 'Re: Conseil');
  assert.equal(replySubject('TR: Fwd: Conseil', 'forward'), 'Fwd: Conseil');
  assert.equal(replySubject(null, 'reply'), 'Re: ');
  assert.equal(replySubject('Réunion', 'reply'), 'Re: Réunion');
});

test('reply goes to the sender, reply all to everyone but oneself, each once; forward to nobody yet', () => {
  const reply = replyDraft(ORIGINAL, 'reply', ME, WORDS);
  assert.deepEqual(
    reply.to.map((a) => a.email),
    ['paul.durand@ac-test.fr'],
  );
  assert.deepEqual(reply.cc, []);
  assert.deepEqual(reply.inReplyTo, ['m2@ac-test.fr']);
  assert.deepEqual(reply.references, ['m1@ac-test.fr', 'm2@ac-test.fr']);
  const all = replyDraft(ORIGINAL, 'replyAll', ME, WORDS);
  assert.deepEqual(
    all.to.map((a) => a.email),
    ['paul.durand@ac-test.fr', 'vie-scolaire@ac-test.fr'],
  );
  assert.deepEqual(
    all.cc.map((a) => a.email),
    ['cpe@ac-test.fr'],
  );
  const forward = replyDraft(ORIGINAL, 'forward', ME, WORDS);
  assert.deepEqual([forward.to, forward.inReplyTo, forward.subject], [[], null, 'Fwd: Conseil de classe']);
  assert.match(forward.html, /Message transféré/);
});

test('Reply-To wins over From, and the quote is escaped text', () => {
  const reply = replyDraft(
    { ...ORIGINAL, replyTo: [{ name: null, email: 'liste@ac-test.fr' }] },
    'reply',
    ME,
    WORDS,
  );
  assert.deepEqual(
    reply.to.map((a) => a.email),
    ['liste@ac-test.fr'],
  );
  assert.match(
    reply.html,
    /<p>Paul Durand a écrit :<\/p><blockquote><p>Bonjour,<\/p><p>&lt;jeudi&gt; à 17 h &amp; salle 12<\/p><\/blockquote>/,
  );
});

test('the draft becomes an Email/set creation in Drafts, and its submission is held to be undone', () => {
  const draft = {
    ...EMPTY_DRAFT,
    to: [{ name: 'Paul', email: 'paul.durand@ac-test.fr' }],
    bcc: [
      { name: null, email: 'PAUL.durand@ac-test.fr' },
      { name: null, email: 'cpe@ac-test.fr' },
    ],
    subject: 'Sortie',
    html: '<p>Bonjour</p>',
    text: 'Bonjour',
    attachments: [{ blobId: 'B1', name: 'liste.pdf', type: 'application/pdf', size: 10 }],
  };
  const email = draftEmail(draft, ME[0] as (typeof ME)[number], 'D1');
  assert.deepEqual(email.mailboxIds, { D1: true });
  assert.deepEqual(email.keywords, { $draft: true, $seen: true });
  assert.deepEqual(email.bodyValues, { text: { value: 'Bonjour' }, html: { value: '<p>Bonjour</p>' } });
  assert.deepEqual(email.attachments, [
    { blobId: 'B1', type: 'application/pdf', name: 'liste.pdf', disposition: 'attachment' },
  ]);
  assert.equal('inReplyTo' in email, false);
  const held = submission('I1', 'claire.martin@ac-test.fr', draft, 10) as {
    envelope: { mailFrom: { parameters: unknown }; rcptTo: { email: string }[] };
  };
  assert.deepEqual(held.envelope.mailFrom.parameters, { HOLDFOR: '10' });
  assert.deepEqual(
    held.envelope.rcptTo.map((r) => r.email),
    ['paul.durand@ac-test.fr', 'cpe@ac-test.fr'],
  );
  assert.deepEqual(invalidRecipients({ ...draft, cc: [{ name: null, email: 'pas une adresse' }] }), [
    'pas une adresse',
  ]);
});

test('a signature follows the text after "-- ", and its HTML in its own block; none leaves the body alone', () => {
  const draft = { ...EMPTY_DRAFT, text: 'Bonjour\n\n', html: '<p>Bonjour</p>' };
  assert.deepEqual(
    withSignature(draft, { text: 'Claire Martin\nCPE', html: '<p><b>Claire Martin</b></p>' }),
    {
      text: 'Bonjour\n\n-- \nClaire Martin\nCPE',
      html: '<p>Bonjour</p><div class="signature"><p>-- </p><p><b>Claire Martin</b></p></div>',
    },
  );
  // A text-only signature is escaped into the HTML.
  assert.equal(
    withSignature(draft, { text: 'A & B <cpe>', html: '' }).html,
    '<p>Bonjour</p><div class="signature"><p>-- </p><p>A &amp; B &lt;cpe&gt;</p></div>',
  );
  assert.deepEqual(withSignature(draft, undefined), { text: draft.text, html: draft.html });
  assert.deepEqual(withSignature(draft, { text: ' ', html: '' }), { text: draft.text, html: draft.html });
  const email = draftEmail(draft, { name: null, email: 'c@ac-test.fr' }, 'D1', { text: 'Claire', html: '' });
  assert.deepEqual((email.bodyValues as { text: { value: string } }).text.value, 'Bonjour\n\n-- \nClaire');
});

test('a saved draft opens again without its signature, attachments kept', () => {
  const draft = draftFromSaved({
    to: [{ name: 'Paul', email: 'paul.durand@ac-test.fr' }],
    cc: null,
    bcc: null,
    subject: 'Sortie',
    inReplyTo: ['m1@x'],
    references: ['m0@x', 'm1@x'],
    attachments: [
      {
        partId: '3',
        blobId: 'B3',
        size: 12,
        headers: [],
        name: 'liste.pdf',
        type: 'application/pdf',
        charset: null,
        disposition: 'attachment',
        cid: null,
        language: null,
        location: null,
        subParts: null,
      },
    ],
    html: '<p>Bonjour</p>',
    text: 'Bonjour\n\n-- \nClaire',
    requestReadReceipt: true,
  });
  assert.equal(draft.requestReadReceipt, true);
  assert.deepEqual(draft.cc, []);
  assert.equal(draft.text, 'Bonjour\n');
  assert.deepEqual(draft.attachments, [
    { blobId: 'B3', name: 'liste.pdf', type: 'application/pdf', size: 12 },
  ]);
  assert.deepEqual(
    [draft.inReplyTo, draft.references, draft.signature],
    [['m1@x'], ['m0@x', 'm1@x'], { kind: 'auto' }],
  );
});

test('a scheduled send waits until its time (HOLDUNTIL), within a minute to 31 days ahead', () => {
  const draft = { ...EMPTY_DRAFT, to: [{ name: null, email: 'paul.durand@ac-test.fr' }] };
  const at = new Date('2026-12-01T07:30:00.250Z');
  const scheduled = submission('I1', 'c@ac-test.fr', draft, 10, at) as {
    envelope: { mailFrom: { parameters: unknown } };
  };
  assert.deepEqual(scheduled.envelope.mailFrom.parameters, { HOLDUNTIL: '2026-12-01T07:30:00Z' });
  const now = new Date('2026-11-30T10:00:00Z');
  assert.equal(isSchedulable(at, now), true);
  assert.equal(isSchedulable(new Date(now.getTime() + 30_000), now), false);
  assert.equal(isSchedulable(new Date(now.getTime() - 3_600_000), now), false);
  assert.equal(isSchedulable(new Date(now.getTime() + 32 * 24 * 3_600_000), now), false);
  assert.equal(isSchedulable(undefined, now), false);
});

test('a forward as attachment carries the whole original as message/rfc822, with no quote', () => {
  const draft = replyDraft(
    { ...ORIGINAL, subject: 'Bilan: 1er/2e trimestre?' },
    'forwardAsAttachment',
    ME,
    WORDS,
  );
  assert.equal(draft.subject, 'Fwd: Bilan: 1er/2e trimestre?');
  assert.deepEqual(draft.to, []);
  assert.equal(draft.html, '<p></p>');
  assert.deepEqual(draft.attachments, [
    { blobId: 'Gorig', name: 'Bilan_ 1er_2e trimestre_.eml', type: 'message/rfc822', size: 2048 },
  ]);
  assert.deepEqual([draft.inReplyTo, draft.references], [null, null]);
  assert.deepEqual(replyDraft(ORIGINAL, 'forward', ME, WORDS).attachments, []);
  assert.deepEqual(draft.origin, { emailId: 'Morig', keyword: '$forwarded', wasMarked: false });
});

test('a read receipt asked for puts the sender in Disposition-Notification-To', () => {
  const from = { name: 'Claire', email: 'c@ac-test.fr' };
  const asked = draftEmail({ ...EMPTY_DRAFT, requestReadReceipt: true }, from, 'D1');
  assert.deepEqual(asked['header:Disposition-Notification-To:asAddresses'], [from]);
  const plain = draftEmail(EMPTY_DRAFT, from, 'D1');
  assert.equal('header:Disposition-Notification-To:asAddresses' in plain, false);
});

test('a reply remembers its original, to mark it answered when sent', () => {
  assert.deepEqual(replyDraft(ORIGINAL, 'reply', ME, WORDS).origin, {
    emailId: 'Morig',
    keyword: '$answered',
    wasMarked: false,
  });
  const answered: Original = { ...ORIGINAL, keywords: { $seen: true, $answered: true } };
  assert.equal(replyDraft(answered, 'replyAll', ME, WORDS).origin?.wasMarked, true);
  assert.equal(EMPTY_DRAFT.origin, null);
});
