// Golden messages for the FETCH tests, written out line by line so every offset the tests expect can be
// checked by eye: a multipart/mixed with an alternative, an RFC 2231 attachment and a forwarded message; a
// message without Content-Type; group addresses and encoded words; a multipart whose boundary never comes.

import { messageOf } from './fetch.fixture.ts';

/**
 * 1 multipart/alternative (1.1 text/plain quoted-printable, 1.2 text/html base64), 2 application/pdf with an
 * RFC 2231 continued and charset-encoded name, 3 message/rfc822 holding a one-part text message.
 */
export const MIXED = messageOf([
  'From: =?utf-8?q?Ren=C3=A9e_Martin?= <renee.martin@ac-grenoble.fr>',
  'To: "Dupont, Jean" <jean.dupont@ac-grenoble.fr>, secretariat@ac-grenoble.fr',
  'Cc: Equipe: a@ac-grenoble.fr, "B" <b@ac-grenoble.fr>;',
  'Reply-To: <reponses@ac-grenoble.fr>',
  'Subject: =?utf-8?q?R=C3=A9union_de_rentr=C3=A9e?=',
  'Date: Mon, 1 Sep 2025 08:30:00 +0200',
  'Message-ID: <reunion-2025@ac-grenoble.fr>',
  'In-Reply-To: <convocation@ac-grenoble.fr>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="mixed"',
  '',
  'Preamble.',
  '--mixed',
  'Content-Type: multipart/alternative; boundary=alt',
  '',
  '--alt',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Bonne rentr=C3=A9e =',
  '=C3=A0 tous.',
  '--alt',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  'PHA+Qm9ubmUgcmVudHLDqWU8L3A+',
  '--alt--',
  '',
  '--mixed',
  "Content-Type: application/pdf; name*0*=utf-8''ordre%20du%20jour%20; name*1*=r%C3%A9union.pdf",
  "Content-Disposition: attachment; filename*=utf-8''ordre%20du%20jour%20r%C3%A9union.pdf",
  'Content-Transfer-Encoding: base64',
  'Content-ID: <odj@ac-grenoble.fr>',
  'Content-Description: =?utf-8?q?Ordre_du_jour_r=C3=A9union?=',
  'Content-Language: fr',
  'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
  '',
  'JVBERi0xLjcKJeLjz9MK',
  '--mixed',
  'Content-Type: message/rfc822',
  '',
  'From: Luc Fabre <luc.fabre@ac-grenoble.fr>',
  'To: undisclosed-recipients:;',
  'Subject: Fwd: salles',
  'Date: Fri, 29 Aug 2025 17:00:00 +0200',
  '',
  'Salle B12.',
  '--mixed--',
  '',
]);

/** No Content-Type at all: text/plain; charset=us-ascii by RFC 2045 §5.2. */
export const PLAIN = messageOf([
  'From: luc.fabre@ac-grenoble.fr',
  'Subject:',
  'Date: Tue, 2 Sep 2025 09:00:00 +0200',
  'X-Folded: one',
  '  two',
  '',
  'Line one.',
  'Line two.',
  '',
]);

/** A multipart whose declared boundary never appears: the parser keeps it as one text/plain part. */
export const BROKEN_BOUNDARY = messageOf([
  'From: a@example.org',
  'Content-Type: multipart/mixed; boundary="never"',
  '',
  '--other',
  'Content-Type: text/plain',
  '',
  'Lost.',
  '--other--',
  '',
]);
