import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLoop, readTraceFields } from './pipeline-loop.ts';

const message = (headers: string[], body = 'Hello\r\n') =>
  new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${body}`);

describe('loop detection', () => {
  it('counts Received fields of the header section only, folded ones once', () => {
    const trace = readTraceFields(
      message(
        ['Received: from a\r\n\tby b; Sat, 1 Jan 2026 00:00:00 +0000', 'received: from c by d', 'Subject: x'],
        'Received: in the body does not count\r\n',
      ),
    );
    assert.equal(trace.receivedCount, 2);
  });

  it('refuses more hops than allowed, and accepts exactly the limit', () => {
    const hops = (count: number) =>
      readTraceFields(message(Array.from({ length: count }, (_, i) => `Received: hop ${i}`)));
    assert.deepEqual(detectLoop(hops(50), [], 50), { isLoop: false });
    const verdict = detectLoop(hops(51), [], 50);
    assert.equal(verdict.isLoop, true);
    assert.equal(verdict.isLoop && verdict.why, 'hops');
  });

  it('sees a local recipient already named in Delivered-To (a forwarding loop)', () => {
    const trace = readTraceFields(message(['Delivered-To: Paul@AC-Test.fr', 'Subject: x']));
    const verdict = detectLoop(trace, ['paul@ac-test.fr'], 50);
    assert.equal(verdict.isLoop && verdict.why, 'deliveredTo');
    assert.deepEqual(detectLoop(trace, ['marie@ac-test.fr'], 50), { isLoop: false });
  });

  it('reads a message without a body or with bare LF line ends', () => {
    const trace = readTraceFields(new TextEncoder().encode('Received: a\nReceived: b\nSubject: x\n'));
    assert.equal(trace.receivedCount, 2);
  });
});
