import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkFile, listSources, parseImports } from './layers.ts';

const ROOT = join(import.meta.dirname, '..', '..');

test('every source file respects the import table', () => {
  const sources = listSources(ROOT);
  assert.ok(sources.length > 20, 'the walk found the sources');
  const violations = sources.flatMap(checkFile);
  assert.deepEqual(
    violations.map((v) => `${v.path}:${v.line} imports ${v.specifier}: ${v.rule}`),
    [],
  );
});

const planted: { name: string; path: string; text: string }[] = [
  {
    name: 'a protocol importing the store',
    path: 'server/src/protocols/imap/commands/fetch.ts',
    text: "import { x } from '#store';",
  },
  {
    name: 'a protocol importing SQL',
    path: 'server/src/protocols/jmap/email/get.ts',
    text: "import { sql } from 'kysely';",
  },
  {
    name: 'a protocol importing another protocol',
    path: 'server/src/protocols/imap/x.ts',
    text: "import '#protocols/smtp';",
  },
  {
    name: 'domain importing a protocol',
    path: 'server/src/domain/mail/x.ts',
    text: "import type { A } from '#protocols/imap';",
  },
  {
    name: 'domain importing a backend',
    path: 'server/src/domain/mail/x.ts',
    text: "export { y } from '#store/sqlite/sqlite-database';",
  },
  {
    name: 'domain reaching into the store relatively',
    path: 'server/src/domain/mail/x.ts',
    text: "import { z } from '../../store/sqlite/x.ts';",
  },
  { name: 'core importing domain', path: 'server/src/core/x.ts', text: "import { m } from '#domain/mail';" },
  {
    name: 'a format doing file I/O',
    path: 'server/src/formats/mime/x.ts',
    text: "import { readFile } from 'node:fs/promises';",
  },
  {
    name: 'a wire codec importing the domain',
    path: 'server/src/protocols/imap/wire/x.ts',
    text: "import { m } from '#domain/mail';",
  },
  {
    name: 'store importing domain',
    path: 'server/src/store/x.ts',
    text: "import { m } from '#domain/identity';",
  },
  {
    name: 'shared store code depending on a backend',
    path: 'server/src/store/x.ts',
    text: "import { s } from './sqlite/sqlite-database.ts';",
  },
  {
    name: 'one backend importing another',
    path: 'server/src/store/postgres/x.ts',
    text: "import { s } from '../sqlite/x.ts';",
  },
  {
    name: 'jobs importing the store',
    path: 'server/src/jobs/purge/x.ts',
    text: "import { s } from '#store';",
  },
  {
    name: 'a job file of jobs/ importing the store',
    path: 'server/src/jobs/prune-x.ts',
    text: "import { pruneChangeLog } from '#store';",
  },
  {
    name: 'a job file of jobs/ importing a protocol',
    path: 'server/src/jobs/x.ts',
    text: "import { s } from '#protocols/smtp';",
  },
  { name: 'contract importing node', path: 'contract/src/x.ts', text: "import { readFile } from 'node:fs';" },
  { name: 'web importing the server', path: 'web/src/x.ts', text: "import { s } from '@vercors/server';" },
  {
    name: 'e2e importing server code',
    path: 'e2e/src/x.test.ts',
    text: "import { s } from '../../server/src/main.ts';",
  },
  {
    name: 'production code using test support',
    path: 'server/src/domain/identity/x.ts',
    text: "import { openTestDatabase } from '../../test-support/test-database.ts';",
  },
  {
    name: 'production code using the e2e peers',
    path: 'server/src/protocols/smtp/outbound/smtp-delivery-agent.ts',
    text: "import { startPostfixPeer } from '@vercors/e2e/src/postfix-peer.ts';",
  },
  {
    name: 'test-support using the e2e peers (only tests and fixtures may)',
    path: 'server/src/test-support/peers.ts',
    text: "import { startPostfixPeer } from '@vercors/e2e/src/postfix-peer.ts';",
  },
  {
    name: 'a server test importing the benchmarks',
    path: 'server/src/protocols/smtp/outbound/x.test.ts',
    text: "import { x } from '@vercors/bench/src/smtp-bench.ts';",
  },
  {
    name: 'an unknown top-level folder',
    path: 'server/src/misc/x.ts',
    text: "import { s } from '#core/errors';",
  },
  {
    name: 'a dynamic import across layers',
    path: 'server/src/protocols/http/x.ts',
    text: "const s = await import('#store');",
  },
];

for (const { name, path, text } of planted) {
  test(`the checker catches ${name}`, () => {
    assert.equal(checkFile({ path, text }).length, 1);
  });
}

test('allowed imports pass', () => {
  const allowed = [
    {
      path: 'server/src/protocols/imap/commands/fetch.ts',
      text: "import { x } from '#domain/mail';\nimport '#core/errors';",
    },
    {
      path: 'server/src/domain/mail/x.ts',
      text: "import type { Database } from '#store';\nimport { y } from '#domain/identity';",
    },
    {
      path: 'server/src/store/sqlite/x.ts',
      text: "import type { Database } from '../store.ts';\nimport { z } from './y.ts';",
    },
    { path: 'server/src/main.ts', text: "import { s } from './store/sqlite/sqlite-database.ts';" },
    {
      path: 'server/src/store/migrations/x.fixture.ts',
      text: "import { d } from '../sqlite/node-sqlite-dialect.ts';",
    },
    { path: 'server/src/domain/identity/x.test.ts', text: "import { openServices } from '../../main.ts';" },
    { path: 'server/src/domain/identity/x.fixture.ts', text: "import { readConfig } from '../../main.ts';" },
    {
      path: 'server/src/protocols/smtp/outbound/postfix-peer.fixture.ts',
      text: "import { startPostfixPeer } from '@vercors/e2e/src/postfix-peer.ts';",
    },
    {
      path: 'server/src/protocols/smtp/x.test.ts',
      text: "import { x } from '@vercors/e2e/src/loopback.ts';",
    },
    { path: 'contract/src/x.ts', text: "export * from './failures.ts';" },
    {
      path: 'server/src/jobs/prune-x.ts',
      text: "import type { MailService } from '#domain/mail';\nimport type { Job } from './job-scheduler.ts';",
    },
    { path: 'server/src/jobs/x.fixture.ts', text: "import { openServices } from '../main.ts';" },
  ];
  for (const file of allowed) assert.deepEqual(checkFile(file), [], file.path);
});

test('import parsing sees type-only, re-exports and dynamic imports with their lines', () => {
  const found = parseImports(
    "import a from 'a';\nimport type { B } from 'b';\nexport * from './c.ts';\nawait import('d');",
  );
  assert.deepEqual(
    found.map((f) => [f.specifier, f.isTypeOnly, f.isDynamic, f.line]),
    [
      ['a', false, false, 1],
      ['b', true, false, 2],
      ['./c.ts', false, false, 3],
      ['d', false, true, 4],
    ],
  );
});
