import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '#core/config';
import { SETTINGS_MODULES } from '../main.ts';
import { planListeners } from './listener-plan.ts';
import { describeFatal, printDemoLogins, printReady, webUrl } from './serve-report.ts';

const configWith = (env: Record<string, string>) => loadConfig(SETTINGS_MODULES, { env });
const OFF = {
  VERCORS_LISTEN_SMTP: '',
  VERCORS_LISTEN_SUBMISSIONS: '',
  VERCORS_LISTEN_SUBMISSION: '',
  VERCORS_LISTEN_IMAP: '',
  VERCORS_LISTEN_IMAPS: '',
  VERCORS_LISTEN_MANAGESIEVE: '',
};

describe('listener plan and serve report', () => {
  test('HTTP, HTTPS, SMTP and IMAP are served; ManageSieve is listed as not served yet', () => {
    const plan = planListeners(
      configWith({ VERCORS_LISTEN_HTTPS: '127.0.0.1:8443', VERCORS_LISTEN_SUBMISSIONS: '' }),
    );
    assert.deepEqual(
      plan.served.map((l) => [l.name, l.settingKey, l.shown]),
      [
        ['http', 'listen.http', '127.0.0.1:8080'],
        ['https', 'listen.https', '127.0.0.1:8443'],
        ['smtp', 'listen.smtp', '127.0.0.1:2525'],
        ['submission', 'listen.submission', '127.0.0.1:4587'],
        ['imap', 'listen.imap', '127.0.0.1:4143'],
        ['imaps', 'listen.imaps', '127.0.0.1:4993'],
      ],
    );
    assert.deepEqual(
      plan.notServed.map((l) => l.settingKey),
      ['listen.managesieve'],
    );
    assert.equal(plan.notServed[0]?.envName, 'VERCORS_LISTEN_MANAGESIEVE');
  });

  test('an empty listener is off and absent from the plan', () => {
    const plan = planListeners(configWith({ ...OFF, VERCORS_LISTEN_HTTP: '' }));
    assert.deepEqual(plan, { served: [], notServed: [] });
  });

  test('the web address uses the listener, or the host name when it listens on every address', () => {
    const [local] = planListeners(configWith({ ...OFF })).served;
    assert.ok(local);
    assert.equal(webUrl(local, 'mail.example.org'), 'http://127.0.0.1:8080/');
    const [wildcard] = planListeners(configWith({ ...OFF, VERCORS_LISTEN_HTTP: '*:80' })).served;
    assert.ok(wildcard);
    assert.equal(webUrl(wildcard, 'mail.example.org'), 'http://mail.example.org:80/');
    const [v6] = planListeners(
      configWith({ ...OFF, VERCORS_LISTEN_HTTP: '', VERCORS_LISTEN_HTTPS: '[::1]:8443' }),
    ).served;
    assert.ok(v6);
    assert.equal(webUrl(v6, 'x'), 'https://[::1]:8443/');
  });

  test('the first run prints the demo logins, then the address; French by default', () => {
    const lines: string[] = [];
    const say = (text: string) => lines.push(text);
    const demo = {
      domain: 'ac-demo.fr',
      logins: [{ email: 'admin@ac-demo.fr', password: 'correct horse', role: 'administrateur' }],
      loginsFile: '/data/demo-logins.txt',
    };
    printDemoLogins(demo, 'fr', say);
    printReady({ plan: planListeners(configWith({ ...OFF })), hostname: 'localhost', locale: 'fr', say });
    assert.deepEqual(lines, [
      'Démonstration créée pour le domaine ac-demo.fr. Identifiants (affichés cette fois seulement, et enregistrés dans /data/demo-logins.txt) :',
      '  administrateur : admin@ac-demo.fr / correct horse',
      'Vercors est prêt : http://127.0.0.1:8080/',
    ]);
  });

  test('later runs print the address only, HTTPS as well when it is on', () => {
    const lines: string[] = [];
    const plan = planListeners(configWith({ ...OFF, VERCORS_LISTEN_HTTPS: '127.0.0.1:8443' }));
    printReady({ plan, hostname: 'localhost', locale: 'en', say: (text) => lines.push(text) });
    assert.deepEqual(lines, [
      'Vercors is ready: http://127.0.0.1:8080/',
      'Also over HTTPS: https://127.0.0.1:8443/',
    ]);
  });

  test('a taken address names the setting, its variable and the address, and exits EX_UNAVAILABLE', () => {
    const { text, exitCode } = describeFatal(
      {
        kind: 'worker',
        slot: 1,
        fatal: { reason: 'listen', settingKey: 'listen.http', address: '127.0.0.1:80', code: 'EADDRINUSE' },
      },
      'en',
    );
    assert.equal(exitCode, 69);
    assert.equal(
      text,
      'Cannot listen on 127.0.0.1:80 (listen.http): address already in use. Choose another address for listen.http (variable VERCORS_LISTEN_HTTP) or stop the program that holds it.',
    );
    const denied = describeFatal(
      {
        kind: 'worker',
        slot: 1,
        fatal: { reason: 'listen', settingKey: 'listen.https', address: '0.0.0.0:443', code: 'EACCES' },
      },
      'fr',
    );
    assert.match(
      denied.text,
      /^Impossible d’écouter sur 0\.0\.0\.0:443 \(listen\.https\) : permission refusée/,
    );
    const odd = describeFatal(
      {
        kind: 'worker',
        slot: 1,
        fatal: { reason: 'listen', settingKey: 'listen.http', address: 'x:1', code: 'EWHATEVER' },
      },
      'en',
    );
    assert.match(odd.text, /error EWHATEVER/);
  });

  test('a worker that refuses the configuration or cannot start gives its own exit code', () => {
    const config = describeFatal(
      { kind: 'worker', slot: 2, fatal: { reason: 'config', problems: ['a', 'b'] } },
      'en',
    );
    assert.equal(config.exitCode, 78);
    assert.equal(config.text, 'A server process refused the configuration (2 problem(s)):\n  - a\n  - b');
    const startup = describeFatal({ kind: 'startup', slot: 1, failures: 5 }, 'en');
    assert.equal(startup.exitCode, 69);
    assert.match(startup.text, /#1 could not start \(5 failures in a row\)/);
  });
});
