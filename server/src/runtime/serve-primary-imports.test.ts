// The serve primary lives as long as the node and serves nothing, so it must stay small: what `vercors serve`
// loads before forking (the CLI, the serve command, the primary) never reaches the store, the domain, the
// protocols or their packages. Those are loaded by the workers and the preparation child only.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseImports } from '../layers.ts';

const SRC = join(import.meta.dirname, '..');
/** Where the primary's process starts, past the dynamic imports it takes for `serve`. */
const ROOTS = ['cli/vercors.ts', 'cli/run-cli.ts', 'cli/command-table.ts', 'cli/commands/serve.ts'];
/** Packages the primary may load: the contract and the logger. */
const PACKAGES = new Set(['@vercors/contract', 'pino']);
/** Under these folders, only settings files (read with the configuration) and the event relay are allowed. */
const HEAVY = /^(main\.ts$|domain\/|protocols\/|store\/|jobs\/|demo\/)/;
const ALLOWED =
  /(^|\/|-)settings\.ts$|^store\/events\/(cluster-event-relay|cluster-message|change-event-message|local-event-bus)\.ts$/;

/** Every source file and package reached from `roots` through static, non-type imports. */
function staticGraph(roots: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = roots.map((root) => join(SRC, root));
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const name = relative(SRC, path);
    if (files.has(name)) continue;
    files.add(name);
    for (const statement of parseImports(readFileSync(path, 'utf8'))) {
      if (statement.isTypeOnly || statement.isDynamic || statement.specifier.startsWith('node:')) continue;
      const { specifier } = statement;
      if (specifier.startsWith('.')) pending.push(join(dirname(path), specifier));
      else if (specifier.startsWith('#')) pending.push(fileURLToPath(import.meta.resolve(specifier)));
      else
        packages.add(
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  }
  return { files, packages };
}

test('the serve primary imports no store, domain or protocol module, and no package of theirs', () => {
  const { files, packages } = staticGraph(ROOTS);
  assert.ok(files.has('runtime/serve-primary.ts'), 'the walk reached the primary');
  assert.deepEqual(
    [...files].filter((file) => HEAVY.test(file) && !ALLOWED.test(file)),
    [],
  );
  assert.deepEqual(
    [...packages].filter((name) => !PACKAGES.has(name)),
    [],
  );
});
