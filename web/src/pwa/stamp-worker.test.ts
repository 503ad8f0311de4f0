import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRECACHE_PLACEHOLDER } from './cache-names.ts';
import { stampWorker } from './stamp-worker.ts';

const MANIFEST = { version: '0123456789abcdef', urls: ['/mail/', '/mail/assets/a"b\u2028.js'] };

test('the precache list replaces the placeholder, whatever quotes the minifier chose', () => {
  for (const quote of ['"', "'", '`']) {
    const code = `(()=>{const e=JSON.parse(${quote}${PRECACHE_PLACEHOLDER}${quote});self.build=e})();`;
    const stamped = stampWorker(code, MANIFEST);
    assert.ok(!stamped.includes(PRECACHE_PLACEHOLDER));
    const scope: { build?: unknown } = {};
    new Function('self', stamped)(scope);
    assert.deepEqual(scope.build, MANIFEST);
  }
});

test('a worker without the placeholder, or with it twice, fails the build', () => {
  assert.throws(() => stampWorker('self.x=1', MANIFEST), /0 times/);
  const twice = `a("${PRECACHE_PLACEHOLDER}");b("${PRECACHE_PLACEHOLDER}")`;
  assert.throws(() => stampWorker(twice, MANIFEST), /2 times/);
});
