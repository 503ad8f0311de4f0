import assert from 'node:assert/strict';
import { test } from 'node:test';
import PostalMime from 'postal-mime';
import { composeVacationReply, originalThread, type VacationReplyInput } from './vacation-reply-message.ts';
import { readReplyHeaders } from './vacation-reply-rules.ts';
import { VACATION_OFF, type VacationResponse } from './vacation.ts';

const DATE = new Date('2026-07-15T09:30:00Z');

const original = (lines: string[]) =>
  originalThread(readReplyHeaders(Buffer.from([...lines, '', 'x'].join('\r\n'))));

function input(
  overrides: Omit<Partial<VacationReplyInput>, 'vacation'> & { vacation?: Partial<VacationResponse> } = {},
) {
  const { vacation, ...rest } = overrides;
  return {
    vacation: { ...VACATION_OFF, isEnabled: true, ...vacation },
    author: { displayName: 'Paul Martin', email: 'paul.martin@ac-test.fr', locale: 'fr' as const },
    to: 'alice@example.org',
    original: original(['Subject: Réunion de rentrée', 'Message-ID: <m1@example.org>']),
    hostname: 'mx.ac-test.fr',
    date: DATE,
    ...rest,
  } satisfies VacationReplyInput;
}

/** The reply composed, as text (headers) and parsed (decoded values). */
async function compose(value: VacationReplyInput) {
  const raw = await composeVacationReply(value);
  const text = Buffer.from(raw).toString('utf8');
  const header = text.slice(0, text.indexOf('\r\n\r\n'));
  return { header, parsed: await PostalMime.parse(Buffer.from(raw)) };
}

test('the reply goes from the account to the sender, marked auto-replied, dated, with our Message-ID', async () => {
  const { header, parsed } = await compose(input());
  assert.deepEqual(parsed.from, { name: 'Paul Martin', address: 'paul.martin@ac-test.fr' });
  assert.deepEqual(
    parsed.to?.map((to) => to.address),
    ['alice@example.org'],
  );
  assert.match(header, /^Auto-Submitted: auto-replied$/m);
  assert.match(header, /^X-Auto-Response-Suppress: All$/m);
  assert.doesNotMatch(header, /^Precedence:/im, 'RFC 3834 advises against Precedence');
  assert.match(parsed.messageId ?? '', /^<v[\w-]+@mx\.ac-test\.fr>$/);
  assert.equal(new Date(parsed.date ?? '').getTime(), DATE.getTime());
});

test('the reply threads under the original: In-Reply-To its id, References its chain then its id', async () => {
  const { parsed } = await compose(
    input({
      original: original([
        'Subject: Re: x',
        'Message-ID: <m3@example.org>',
        'In-Reply-To: <m2@example.org>',
        'References: <m1@example.org>\r\n <m2@example.org>',
      ]),
    }),
  );
  assert.equal(parsed.inReplyTo, '<m3@example.org>');
  assert.equal(parsed.references, '<m1@example.org> <m2@example.org> <m3@example.org>');

  const onlyInReplyTo = await compose(
    input({ original: original(['Message-ID: <m3@example.org>', 'In-Reply-To: <m2@example.org>']) }),
  );
  assert.equal(onlyInReplyTo.parsed.references, '<m2@example.org> <m3@example.org>');

  const withoutId = await compose(input({ original: original(['Subject: x']) }));
  assert.equal(withoutId.parsed.inReplyTo, undefined);
  assert.equal(withoutId.parsed.references, undefined);
});

test('without a subject of its own, the reply says "Réponse automatique" in French and "Auto:" in English', async () => {
  const french = await compose(input());
  assert.equal(french.parsed.subject, 'Réponse automatique : Réunion de rentrée');
  const english = await compose(
    input({ author: { displayName: 'Paul', email: 'paul.martin@ac-test.fr', locale: 'en' } }),
  );
  assert.equal(english.parsed.subject, 'Auto: Réunion de rentrée');
  const noSubject = await compose(input({ original: original(['Message-ID: <m1@example.org>']) }));
  assert.equal(noSubject.parsed.subject, 'Réponse automatique');
  const own = await compose(input({ vacation: { subject: 'Absent jusqu’au 1er septembre' } }));
  assert.equal(own.parsed.subject, 'Absent jusqu’au 1er septembre');
});

test('an encoded original subject is decoded, kept on one line and bounded; UTF-8 names are encoded', async () => {
  const thread = original([
    'Subject: =?utf-8?q?=C3=89l=C3=A8ves_de_3e?=\r\n =?utf-8?b?w6AgcGFydGly?=',
    'Message-ID: <m1@example.org>',
  ]);
  assert.equal(thread.subject, 'Élèves de 3eà partir');
  const injected = original(['Subject: =?utf-8?q?a=0D=0ABcc=3A_x=40evil=2Eexample?=']);
  assert.equal(injected.subject, 'a Bcc: x@evil.example', 'a decoded line break does not start a field');
  assert.equal(original([`Subject: ${'é'.repeat(5000)}`]).subject.length, 200);

  const { header, parsed } = await compose(
    input({
      original: thread,
      author: { displayName: 'Hélène Lefèvre-Château', email: 'helene.lefevre@ac-test.fr', locale: 'fr' },
    }),
  );
  assert.equal(parsed.subject, 'Réponse automatique : Élèves de 3eà partir');
  assert.equal(parsed.from?.name, 'Hélène Lefèvre-Château');
  assert.ok(/^[\x00-\x7f]*$/.test(header), 'the header section is 7-bit (encoded words)');
});

test('the text body is the owner’s, else a text version of their HTML (sent too), else a default sentence', async () => {
  const text = await compose(input({ vacation: { textBody: 'Je reviens lundi.' } }));
  assert.equal(text.parsed.text?.trim(), 'Je reviens lundi.');
  assert.equal(text.parsed.html, undefined);

  const both = await compose(
    input({ vacation: { textBody: 'Je reviens lundi.', htmlBody: '<p>Je reviens <b>lundi</b>.</p>' } }),
  );
  assert.equal(both.parsed.text?.trim(), 'Je reviens lundi.');
  assert.match(both.parsed.html ?? '', /<b>lundi<\/b>/);

  const htmlOnly = await compose(
    input({
      vacation: { htmlBody: '<p>Absent.</p><p>Contact : <i>secrétariat</i></p><script>x()</script>' },
    }),
  );
  assert.equal(htmlOnly.parsed.text?.trim(), 'Absent.\n\nContact : secrétariat');
  assert.match(htmlOnly.parsed.html ?? '', /<i>secrétariat<\/i>/);

  const french = await compose(input());
  assert.match(french.parsed.text ?? '', /je lirai votre message à mon retour/);
  assert.equal(french.parsed.html, undefined);
  const english = await compose(
    input({ author: { displayName: 'Paul', email: 'paul.martin@ac-test.fr', locale: 'en' } }),
  );
  assert.match(english.parsed.text ?? '', /will read your message when I am back/);
});
