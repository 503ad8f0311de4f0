// SearchSnippet/get over HTTP (RFC 8621 §5.1).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Answer, openJmapFixture } from '../jmap.fixture.ts';

const REUNION = [
  'From: Marie Curie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: =?utf-8?q?R=C3=A9union_<urgent>_&_=C3=A9l=C3=A8ves_de_3e?=',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Les élèves de 3e B partiront à 8 h.',
  '',
].join('\n');

test('SearchSnippet/get marks the filter’s words in the subject and the body, escaped, whatever the accents', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver('paul', REUNION);
  const snippet = async (filter: unknown): Promise<Answer> => {
    const { responses } = await fixture.api([
      ['SearchSnippet/get', { accountId, filter, emailIds: [emailId] }, 's'],
    ]);
    const [name, args] = responses[0] ?? [];
    assert.equal(name, 'SearchSnippet/get', JSON.stringify(args));
    assert.equal(args.accountId, accountId);
    assert.equal(args.notFound, null);
    assert.equal(args.list.length, 1);
    assert.equal(args.list[0].emailId, emailId);
    return [args.list[0].subject, args.list[0].preview];
  };

  assert.deepEqual(await snippet({ text: 'ELEVES' }), [
    'Réunion &lt;urgent&gt; &amp; <mark>élèves</mark> de 3e',
    'Les <mark>élèves</mark> de 3e B partiront à 8 h.',
  ]);
  assert.deepEqual(await snippet({ subject: 'reunion' }), [
    '<mark>Réunion</mark> &lt;urgent&gt; &amp; élèves de 3e',
    null,
  ]);
  assert.deepEqual(await snippet({ body: 'parti*' }), [
    null,
    'Les élèves de 3e B <mark>partiront</mark> à 8 h.',
  ]);
  assert.deepEqual(
    await snippet({
      operator: 'AND',
      conditions: [{ subject: 'réunion' }, { operator: 'OR', conditions: [{ body: 'B' }] }],
    }),
    [
      '<mark>Réunion</mark> &lt;urgent&gt; &amp; élèves de 3e',
      'Les élèves de 3e <mark>B</mark> partiront à 8 h.',
    ],
  );
  // Words under NOT are what the email lacks; from, to and mailboxes do not show in a snippet.
  assert.deepEqual(await snippet({ operator: 'NOT', conditions: [{ text: 'eleves' }] }), [null, null]);
  assert.deepEqual(
    await snippet({ operator: 'NOT', conditions: [{ operator: 'NOT', conditions: [{ text: 'eleves' }] }] }),
    [
      'Réunion &lt;urgent&gt; &amp; <mark>élèves</mark> de 3e',
      'Les <mark>élèves</mark> de 3e B partiront à 8 h.',
    ],
    'a double negation is an affirmation',
  );
  assert.deepEqual(await snippet({ from: 'marie', hasKeyword: '$seen' }), [null, null]);
  assert.deepEqual(await snippet(null), [null, null]);
  assert.deepEqual(await snippet({ text: 'grenoble' }), [null, null]);
});

test('SearchSnippet/get quotes a match far into the body, and HTML bodies as text, within 255 octets', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const long = await fixture.deliver(
    'paul',
    [
      'From: Marie <marie@ac-test.fr>',
      'Subject: Sortie',
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...Array.from({ length: 30 }, () => 'Introduction sans rapport.'),
      'Rendez-vous devant le musée de Grenoble à 9 h.',
      ...Array.from({ length: 30 }, () => 'Suite du texte.'),
      '',
    ].join('\n'),
  );
  const html = await fixture.deliver(
    'paul',
    [
      'From: Marie <marie@ac-test.fr>',
      'Subject: Parents',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Les &eacute;l&egrave;ves &amp; <b>parents</b> &lt;3e&gt;</p>',
      '',
    ].join('\n'),
  );
  const { responses } = await fixture.api([
    ['SearchSnippet/get', { accountId, filter: { body: 'musee' }, emailIds: [long.emailId] }, 'a'],
    ['SearchSnippet/get', { accountId, filter: { text: 'parents' }, emailIds: [html.emailId] }, 'b'],
  ]);
  const deep = responses[0]?.[1].list[0];
  assert.equal(
    deep.preview,
    'sans rapport. Rendez-vous devant le <mark>musée</mark> de Grenoble à 9 h. ' +
      'Suite du texte. Suite du texte. Suite du texte. Suite du texte. Suite du texte. Suite du texte. ' +
      'Suite du texte. Suite du texte. Suite du texte. Suite du texte. Suite du texte.',
  );
  assert.ok(Buffer.byteLength(deep.preview) <= 255);
  assert.equal(deep.subject, null);
  assert.equal(responses[1]?.[1].list[0].preview, 'Les élèves &amp; <mark>parents</mark> &lt;3e&gt;');
});

test('SearchSnippet/get reports ids outside the account as notFound and refuses oversized or unsupported calls', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const paul = await fixture.deliver('paul', REUNION);
  const marie = await fixture.deliver('marie', REUNION);
  const filter = { text: 'eleves' };
  const { responses } = await fixture.api([
    [
      'SearchSnippet/get',
      { accountId, filter, emailIds: [paul.emailId, 'nothing-here', marie.emailId, paul.emailId] },
      'a',
    ],
    [
      'SearchSnippet/get',
      { accountId, filter, emailIds: Array.from({ length: 1001 }, (_, index) => `e${index}`) },
      'b',
    ],
    ['SearchSnippet/get', { accountId, filter: { header: ['Subject'] }, emailIds: [paul.emailId] }, 'c'],
    ['SearchSnippet/get', { accountId, filter: { before: 'hier' }, emailIds: [paul.emailId] }, 'd'],
    ['SearchSnippet/get', { accountId, filter }, 'e'],
    ['SearchSnippet/get', { accountId: fixture.accounts.marie, filter, emailIds: [marie.emailId] }, 'f'],
    ['SearchSnippet/get', { accountId, filter, emailIds: [] }, 'g'],
  ]);
  const found = responses[0]?.[1];
  assert.deepEqual(
    found.list.map((snippet: { emailId: string }) => snippet.emailId),
    [paul.emailId],
  );
  assert.deepEqual(found.notFound, ['nothing-here', marie.emailId]);
  assert.deepEqual(
    responses.slice(1, 6).map(([, args]) => args.type),
    ['requestTooLarge', 'unsupportedFilter', 'invalidArguments', 'invalidArguments', 'accountNotFound'],
  );
  assert.deepEqual(responses[6]?.[1], { accountId, list: [], notFound: null });

  // Without the mail capability in `using`, the method does not exist.
  const bare = await fixture.api([['SearchSnippet/get', { accountId, filter, emailIds: [] }, 'x']], {
    using: ['urn:ietf:params:jmap:core'],
  });
  assert.equal(bare.responses[0]?.[1].type, 'unknownMethod');
});
