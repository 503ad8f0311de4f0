// Test fixture: the shared Postfix peer (e2e/src/postfix-peer.ts, "the rest of the internet") as the outbound
// tests need it: example.org where jean@ and marie@ exist, later@ gets 451 and the others 550 5.1.1. Skipped
// with a clear message when Postfix cannot run here (a failure under VERCORS_TEST_STRICT=1); stopped when the
// test ends.

import type { TestContext } from 'node:test';
import {
  postfixMissing,
  startPostfixPeer as startSharedPeer,
  type PostfixPeer,
} from '@vercors/e2e/src/postfix-peer.ts';

export { POSTFIX_DOMAIN, type PostfixPeer } from '@vercors/e2e/src/postfix-peer.ts';

/** Skip (or fail under VERCORS_TEST_STRICT=1) when Postfix cannot run; returns whether it can. */
export function requirePostfix(t: TestContext): boolean {
  const missing = postfixMissing();
  if (missing === undefined) return true;
  if (process.env.VERCORS_TEST_STRICT === '1') throw new Error(`VERCORS_TEST_STRICT=1 and ${missing}`);
  t.skip(`SKIPPED: ${missing}`);
  return false;
}

export async function startPostfixPeer(t: TestContext): Promise<PostfixPeer> {
  const peer = await startSharedPeer({ mailboxes: ['jean', 'marie'], deferred: ['later'] });
  t.after(() => peer.stop());
  return peer;
}
