import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from './recovery-code-format.ts';
import { changesOf, enrolTotp, openSecondFactorFixture, refusedWith } from './second-factor.fixture.ts';

const CODE_FORMAT = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/;

test('recovery codes back up a second factor: none without one', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  await refusedWith(fixture.service.generateRecoveryCodes(fixture.accountId), 'invalid', 'noSecondFactor');
  await refusedWith(fixture.service.generateRecoveryCodes('a-nobody'), 'notFound', 'accountNotFound');
});

test('ten codes, each accepted once, and only their hashes are kept', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  await enrolTotp(fixture);
  const before = await changesOf(fixture.database, accountId);
  const codes = await service.generateRecoveryCodes(accountId);
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const code of codes) assert.match(code, CODE_FORMAT);
  assert.equal((await service.listFactors(accountId)).recoveryCodesLeft, 10);
  assert.equal((await changesOf(fixture.database, accountId)).length, before.length + 1);

  const stored = await fixture.database.db
    .selectFrom('recovery_codes')
    .select('code_hash')
    .where('account_id', '=', accountId)
    .execute();
  const storedText = JSON.stringify(stored);
  for (const code of codes) {
    assert.ok(!storedText.includes(code) && !storedText.includes(code.replaceAll('-', '')));
  }

  const [first, second] = codes;
  assert.ok(first && second);
  assert.equal(await service.useRecoveryCode(accountId, first), true);
  assert.equal(await service.useRecoveryCode(accountId, first), false, 'single use');
  assert.equal((await service.listFactors(accountId)).recoveryCodesLeft, 9);
  assert.equal(
    await service.useRecoveryCode(fixture.otherAccountId, second),
    false,
    "another account's code",
  );
  assert.equal(await service.useRecoveryCode(accountId, 'not a code'), false);
  assert.equal(await service.useRecoveryCode(accountId, second), true);
  assert.equal((await service.listFactors(accountId)).recoveryCodesLeft, 8);
  for (const line of fixture.logLines) {
    for (const code of codes) assert.ok(!line.includes(code) && !line.includes(code.replaceAll('-', '')));
  }
});

test('a code is accepted however it is typed: case, spaces, dashes and look-alike letters', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  await enrolTotp(fixture);
  const codes = await service.generateRecoveryCodes(accountId);
  const [a, b, c, d] = codes;
  assert.ok(a && b && c && d);
  assert.equal(await service.useRecoveryCode(accountId, a.toUpperCase()), true);
  assert.equal(await service.useRecoveryCode(accountId, ` ${b.replaceAll('-', ' ')} `), true);
  assert.equal(await service.useRecoveryCode(accountId, c.replaceAll('-', '')), true);
  const lookAlike = d.replaceAll('0', 'O').replaceAll('1', 'l').replace('-', '\u2013');
  assert.equal(await service.useRecoveryCode(accountId, lookAlike), true);
});

test('a new set replaces the old one entirely', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  await enrolTotp(fixture);
  const old = await service.generateRecoveryCodes(accountId);
  assert.equal(await service.useRecoveryCode(accountId, old[0] ?? ''), true);
  const fresh = await service.generateRecoveryCodes(accountId);
  assert.equal((await service.listFactors(accountId)).recoveryCodesLeft, 10);
  for (const code of old) assert.equal(await service.useRecoveryCode(accountId, code), false);
  assert.equal(await service.useRecoveryCode(accountId, fresh[0] ?? ''), true);
});

test('the same code used twice at once is accepted once', async (t) => {
  const fixture = await openSecondFactorFixture(t);
  const { service, accountId } = fixture;
  await enrolTotp(fixture);
  const codes = await service.generateRecoveryCodes(accountId);
  const code = codes[3] ?? '';
  const results = await Promise.all(
    Array.from({ length: 4 }, () => service.useRecoveryCode(accountId, code)),
  );
  assert.deepEqual(results.filter(Boolean), [true]);
  assert.equal((await service.listFactors(accountId)).recoveryCodesLeft, 9);
});

test('recovery codes are drawn evenly from 32 unambiguous characters and normalised strictly', () => {
  const seen = new Set<string>();
  for (let index = 0; index < 400; index++) {
    const code = newRecoveryCode();
    assert.match(code, CODE_FORMAT);
    for (const character of code.replaceAll('-', '')) seen.add(character);
  }
  assert.equal(seen.size, 32);
  for (const character of 'ilou') assert.ok(!seen.has(character));
  assert.equal(normalizeRecoveryCode('ABCD-EFGH-JKMN'), 'abcdefghjkmn');
  assert.equal(normalizeRecoveryCode('o0il-1234-5678'), '001112345678');
  assert.equal(normalizeRecoveryCode('abcd-efgh-jkm'), undefined, 'too short');
  assert.equal(normalizeRecoveryCode('abcd-efgh-jkmnp'), undefined, 'too long');
  assert.equal(normalizeRecoveryCode('abcd-efgh-jkmu'), undefined, 'u is not in the alphabet');
  assert.equal(normalizeRecoveryCode(`${'-'.repeat(70)}abcdefghjkmn`), undefined, 'bounded before work');
  // Salted with the account: the same code gives another hash in another account.
  assert.notEqual(hashRecoveryCode('a1', 'abcdefghjkmn'), hashRecoveryCode('a2', 'abcdefghjkmn'));
});
