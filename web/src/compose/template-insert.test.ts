import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_DRAFT } from './compose-draft.ts';
import { applyTemplate, textOfHtml } from './template-insert.ts';

/** A reply as the composer opens it: an empty line to write on, then the quote. */
const REPLY = {
  ...EMPTY_DRAFT,
  to: [{ name: 'Paul Durand', email: 'paul.durand@ac-test.fr' }],
  subject: 'Re: Absence de Léa',
  html: '<p></p><p>Paul Durand a écrit :</p><blockquote><p>Léa sera absente jeudi.</p></blockquote>',
  inReplyTo: ['m1@ac-test.fr'],
  references: ['m1@ac-test.fr'],
};

test('the body goes above the quote of a reply, in HTML and in text', () => {
  const applied = applyTemplate(
    { ...REPLY, text: 'Paul Durand a écrit :\n> Léa sera absente jeudi.' },
    { subject: null, textBody: 'Bien reçu, merci.', htmlBody: '<p>Bien reçu, <b>merci</b>.</p>' },
  );
  assert.ok(applied.html.startsWith('<p>Bien reçu, <b>merci</b>.</p><p></p><p>Paul Durand a écrit :</p>'));
  assert.match(applied.html, /<blockquote><p>Léa sera absente jeudi\.<\/p><\/blockquote>$/);
  assert.equal(applied.text, 'Bien reçu, merci.\n\nPaul Durand a écrit :\n> Léa sera absente jeudi.');
  // The rest of the draft is untouched.
  assert.deepEqual(applied.to, REPLY.to);
  assert.deepEqual(applied.inReplyTo, REPLY.inReplyTo);
});

test('the subject is replaced only when the template has one', () => {
  const kept = applyTemplate(REPLY, { subject: null, textBody: 'Merci.', htmlBody: '' });
  assert.equal(kept.subject, 'Re: Absence de Léa');
  const blank = applyTemplate(REPLY, { subject: '  ', textBody: 'Merci.', htmlBody: '' });
  assert.equal(blank.subject, 'Re: Absence de Léa');
  const replaced = applyTemplate(REPLY, {
    subject: 'Autorisation de sortie',
    textBody: 'Merci.',
    htmlBody: '',
  });
  assert.equal(replaced.subject, 'Autorisation de sortie');
});

test('a text-only template becomes escaped paragraphs; an HTML-only one gives its text', () => {
  const fromText = applyTemplate(EMPTY_DRAFT, {
    subject: null,
    textBody: 'Bonjour,\n<Classe> & salle 12',
    htmlBody: '',
  });
  assert.equal(fromText.html, '<p>Bonjour,</p><p>&lt;Classe&gt; &amp; salle 12</p>');
  assert.equal(fromText.text, 'Bonjour,\n<Classe> & salle 12');
  const fromHtml = applyTemplate(EMPTY_DRAFT, {
    subject: null,
    textBody: '',
    htmlBody: '<p>Bonjour,</p><p>Salle&nbsp;12 &amp; 14<br>Merci</p>',
  });
  assert.equal(fromHtml.html, '<p>Bonjour,</p><p>Salle&nbsp;12 &amp; 14<br>Merci</p>');
  assert.equal(fromHtml.text, 'Bonjour,\nSalle\u00a012 & 14\nMerci');
});

test('an empty template changes only the subject', () => {
  assert.deepEqual(applyTemplate(REPLY, { subject: null, textBody: ' ', htmlBody: '' }), REPLY);
  assert.deepEqual(applyTemplate(REPLY, { subject: 'Objet', textBody: '', htmlBody: '' }), {
    ...REPLY,
    subject: 'Objet',
  });
});

test('HTML as text: entities decoded, tags gone, blocks on their own lines', () => {
  assert.equal(
    textOfHtml('<div>a &lt;b&gt; &#233;t&#xE9;</div><ul><li>un</li><li>deux</li></ul>'),
    'a <b> été\nun\ndeux',
  );
  assert.equal(textOfHtml('&unknown; &#0;'), '&unknown; &#0;');
});
