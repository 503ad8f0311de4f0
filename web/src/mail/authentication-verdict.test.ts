import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authenticationVerdict } from './authentication-verdict.ts';

test('a DMARC failure warns, naming the domain the message claims', () => {
  assert.deepEqual(
    authenticationVerdict([
      'mx.ac-test.fr; spf=pass smtp.mailfrom=bounce@mailer.example; dkim=fail (bad signature) header.d=ac-test.fr; dmarc=fail (p=reject) header.from=AC-Test.fr',
    ]),
    { isSuspicious: true, domain: 'ac-test.fr' },
  );
});

test('without DMARC, SPF failing and no DKIM pass warns; a DKIM pass does not', () => {
  assert.deepEqual(
    authenticationVerdict(['mx.ac-test.fr; spf=softfail smtp.mailfrom=x@banque.example; dkim=none']),
    {
      isSuspicious: true,
      domain: 'banque.example',
    },
  );
  assert.equal(
    authenticationVerdict([
      'mx.ac-test.fr; spf=fail smtp.mailfrom=x@liste.example; dkim=pass header.d=liste.example',
    ]).isSuspicious,
    false,
  );
});

test('passing, temporary errors, no field, foreign fields below ours and noise warn of nothing', () => {
  const clear = { isSuspicious: false, domain: undefined };
  assert.deepEqual(authenticationVerdict(['mx.ac-test.fr; spf=pass; dkim=pass; dmarc=pass']), clear);
  assert.deepEqual(
    authenticationVerdict(['mx.ac-test.fr; dkim=temperror; spf=temperror; dmarc=temperror']),
    clear,
  );
  assert.deepEqual(authenticationVerdict(null), clear);
  assert.deepEqual(authenticationVerdict([]), clear);
  // Only the topmost field counts: ours.
  assert.deepEqual(authenticationVerdict(['mx.ac-test.fr; dmarc=pass', 'elsewhere; dmarc=fail']), clear);
  assert.deepEqual(authenticationVerdict(['garbage without any result']), clear);
  assert.deepEqual(authenticationVerdict([`x; dmarc=fail${' '.repeat(9000)}`]), clear);
});
