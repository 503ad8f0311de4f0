import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InboundEnvelope } from './inbound-envelope.ts';
import {
  protocolName,
  receivedHeader,
  returnPathHeader,
  rfc5322Date,
  stripReturnPath,
} from './pipeline-received.ts';

const envelope: InboundEnvelope = {
  mailFrom: 'marie@example.org',
  rcptTo: [{ address: 'paul@ac-test.fr' }],
  remoteAddress: '192.0.2.7',
  helo: 'mx.example.org',
  isExtended: true,
  isTls: false,
  isAuthenticated: false,
  isSmtpUtf8: false,
  sessionId: 's1',
};
const date = new Date('2026-11-28T23:45:01Z');

describe('Received header', () => {
  it('follows RFC 5321 §4.4: from helo ([ip]) by host with protocol id; for <rcpt>; date', () => {
    const header = receivedHeader({
      envelope,
      hostname: 'mx.ac-test.fr',
      queueId: 'qABC',
      recipient: 'paul@ac-test.fr',
      date,
    });
    assert.equal(
      header,
      'Received: from mx.example.org ([192.0.2.7])\r\n' +
        '\tby mx.ac-test.fr (Vercors) with ESMTP id qABC\r\n' +
        '\tfor <paul@ac-test.fr>; Sat, 28 Nov 2026 23:45:01 +0000\r\n',
    );
  });

  it('names the reverse DNS name when known, and tags IPv6 literals', () => {
    const header = receivedHeader({
      envelope: { ...envelope, remoteAddress: '2001:db8::25', remoteHostname: 'mx.example.org' },
      hostname: 'mx.ac-test.fr',
      queueId: 'q1',
      date,
    });
    assert.match(header, /^Received: from mx\.example\.org \(mx\.example\.org \[IPv6:2001:db8::25\]\)\r\n/);
    assert.doesNotMatch(header, /for </, 'no recipient is named unless there is exactly one');
  });

  it('neutralises characters from the client that would break the header', () => {
    const header = receivedHeader({
      envelope: { ...envelope, helo: 'evil)\r\nX-Injected: yes' },
      hostname: 'mx.ac-test.fr',
      queueId: 'q1',
      date,
    });
    assert.equal(header.split('\r\n').length, 3, 'two lines plus the final CRLF');
    assert.doesNotMatch(header, /\nX-Injected/);
  });

  it('says ESMTPSA, SMTP or UTF8SMTPS as RFC 3848 and RFC 6531 name them', () => {
    assert.equal(protocolName({ ...envelope, isTls: true, isAuthenticated: true }), 'ESMTPSA');
    assert.equal(protocolName({ ...envelope, isExtended: false }), 'SMTP');
    assert.equal(protocolName({ ...envelope, isSmtpUtf8: true, isTls: true }), 'UTF8SMTPS');
  });

  it('writes RFC 5322 dates with a numeric zone', () => {
    assert.equal(rfc5322Date(date), 'Sat, 28 Nov 2026 23:45:01 +0000');
  });
});

describe('Return-Path', () => {
  it('carries the reverse path, <> for a bounce, UTF-8 as it came, and nothing that ends the field', () => {
    assert.equal(returnPathHeader('marie@example.org'), 'Return-Path: <marie@example.org>\r\n');
    assert.equal(returnPathHeader(''), 'Return-Path: <>\r\n');
    assert.equal(returnPathHeader('élève@exemple.fr'), 'Return-Path: <élève@exemple.fr>\r\n');
    assert.equal(returnPathHeader('a@b\r\nX-Injected: yes'), 'Return-Path: <a@b??X-Injected: yes>\r\n');
    assert.equal(returnPathHeader('a>b@c'), 'Return-Path: <a?b@c>\r\n');
  });

  it('a sender’s own Return-Path fields are removed from the header section, folded lines included', () => {
    const raw = Buffer.from(
      'Return-Path: <ceo@example.org>\r\nFrom: a@example.org\r\nreturn-path:\r\n <other@example.org>\r\n' +
        'Subject: x\r\n\r\nReturn-Path: <in the body>\r\n',
    );
    assert.equal(
      Buffer.from(stripReturnPath(raw)).toString(),
      'From: a@example.org\r\nSubject: x\r\n\r\nReturn-Path: <in the body>\r\n',
    );
    const lf = Buffer.from('Subject: y\nReturn-Path: <z@example.org>\n\nbody\n');
    assert.equal(Buffer.from(stripReturnPath(lf)).toString(), 'Subject: y\n\nbody\n');
    const twice = Buffer.from(
      'Return-Path: <a@example.org>\r\nReturn-Path: <b@example.org>\r\nSubject: z\r\n\r\n',
    );
    assert.equal(Buffer.from(stripReturnPath(twice)).toString(), 'Subject: z\r\n\r\n', 'one after the other');
  });

  it('a message without one is returned as it is', () => {
    const raw = Buffer.from('From: a@example.org\r\n\r\nReturn-Path: <body@example.org>\r\n');
    assert.equal(stripReturnPath(raw), raw);
  });
});
