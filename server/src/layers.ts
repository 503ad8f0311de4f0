// The import table of STYLE.md §3.3, as code: which folder may import which. layers.test.ts runs it over
// the whole tree (and over planted violations, to prove it can fail). VS Code's `code-layering` precedent.

import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes: `server/src/domain/mail/x.ts`. */
  readonly path: string;
  readonly text: string;
}

export interface ImportStatement {
  readonly specifier: string;
  readonly isTypeOnly: boolean;
  /** `import('…')`: loaded when the code runs, not with the importing module. */
  readonly isDynamic: boolean;
  readonly line: number;
}

export interface Violation {
  readonly path: string;
  readonly line: number;
  readonly specifier: string;
  readonly rule: string;
}

/** Node built-ins that do I/O or hold process-wide state: a pure codec never needs them. */
const IO_BUILTINS =
  /^node:(fs|fs\/promises|net|tls|http|https|http2|child_process|dgram|dns|cluster|worker_threads|sqlite|readline|repl|inspector)$/;

const STORE_SHARED = /^server\/src\/store\/[^/]+\.ts$/;
const STORE_BACKENDS = ['sqlite', 'postgres', 'blobs-fs', 'events'];

export function parseImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  const pattern =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const specifier = match[3] ?? match[4];
    if (specifier === undefined) continue;
    const offset = match.index + (match[0].startsWith('\n') ? 1 : 0);
    const line = text.slice(0, offset).split('\n').length;
    found.push({ specifier, isTypeOnly: match[2] !== undefined, isDynamic: match[4] !== undefined, line });
  }
  return found;
}

/** The module a server file belongs to: `core`, `store`, `domain/mail`, `protocols/imap`, `cli`… */
function serverModule(path: string): string | undefined {
  const rest = path.replace(/^server\/src\//, '');
  if (rest === path) return undefined;
  const parts = rest.split('/');
  if (parts.length === 1) return 'root';
  const [top, sub] = parts;
  if ((top === 'domain' || top === 'protocols' || top === 'formats' || top === 'jobs') && parts.length > 2) {
    return `${top}/${sub}`;
  }
  return top;
}

function resolveRelative(from: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

function isPackage(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('#') && !specifier.startsWith('node:');
}

/** Check one file's imports against the table; returns every violation. */
export function checkFile(file: SourceFile): Violation[] {
  const violations: Violation[] = [];
  const path = file.path;
  for (const statement of parseImports(file.text)) {
    const rule = ruleBroken(path, statement);
    if (rule) violations.push({ path, line: statement.line, specifier: statement.specifier, rule });
  }
  return violations;
}

function ruleBroken(path: string, { specifier, isTypeOnly }: ImportStatement): string | undefined {
  if (path.startsWith('contract/')) {
    if (specifier.startsWith('node:')) return 'contract runs in the browser too: no node: imports';
    if (!specifier.startsWith('.')) return 'contract imports nothing outside itself';
    if (!resolveRelative(path, specifier).startsWith('contract/'))
      return 'contract imports nothing outside itself';
    return undefined;
  }
  if (path.startsWith('web/')) {
    if (specifier.startsWith('@vercors/server')) return 'web talks to the server over HTTP/JMAP only';
    if (specifier.startsWith('.') && !resolveRelative(path, specifier).startsWith('web/'))
      return 'web imports outside web/';
    return undefined;
  }
  if (path.startsWith('e2e/')) {
    if (specifier.startsWith('@vercors/server'))
      return 'e2e drives the real program over sockets, not its code';
    if (specifier.startsWith('.') && !resolveRelative(path, specifier).startsWith('e2e/'))
      return 'e2e imports outside e2e/';
    return undefined;
  }
  if (path.startsWith('bench/')) {
    if (specifier.startsWith('.') && !resolveRelative(path, specifier).startsWith('bench/')) {
      return 'bench imports the server only through @vercors/server exports';
    }
    return undefined;
  }
  const module = serverModule(path);
  if (module === undefined) return undefined;
  // Tests may drive the real peers e2e/ starts (a private Postfix); the program never depends on e2e/bench.
  if (/^@vercors\/(e2e|bench)(\/|$)/.test(specifier)) {
    if (specifier.startsWith('@vercors/bench')) return 'the server never imports the benchmarks';
    if (!/\.(test|fixture)\.ts$/.test(path)) return 'only tests and fixtures import @vercors/e2e';
  }

  // Relative imports stay inside one module; crossing uses a # alias to the module's public surface.
  if (specifier.startsWith('.')) {
    const target = resolveRelative(path, specifier);
    const targetModule = serverModule(target);
    if (module === 'root' || module === 'cli' || module === 'runtime' || module === 'test-support')
      return undefined;
    if (module === 'demo' && target === 'server/src/main.ts' && isTypeOnly) return undefined;
    // A test (or a fixture tests share) composes real services the way main does, in a temporary data folder.
    const isTestCode = /\.(test|fixture)\.ts$/.test(path);
    if (target.startsWith('server/src/test-support/') && !isTestCode && module !== 'test-support') {
      return 'test-support is for tests and fixtures only';
    }
    if (isTestCode && (target === 'server/src/main.ts' || target.startsWith('server/src/test-support/'))) {
      return undefined;
    }
    if (targetModule !== module)
      return `relative import leaves ${module}: use a # alias to the module's index.ts`;
    if (module === 'store') return storeRule(path, target);
    return undefined;
  }

  switch (true) {
    case module === 'root' || module === 'cli' || module === 'runtime' || module === 'test-support':
      return undefined;
    case module === 'core':
      if (specifier.startsWith('#') && !specifier.startsWith('#core/'))
        return 'core imports nothing else in src/';
      return undefined;
    case module.startsWith('formats/'):
      // A codec's tests may read their golden files; the codec itself never touches I/O.
      if (IO_BUILTINS.test(specifier) && !path.endsWith('.test.ts')) return 'formats are pure codecs: no I/O';
      if (
        specifier.startsWith('#') &&
        !/^#core\/(errors|limits|seeded-random)$/.test(specifier) &&
        !specifier.startsWith('#formats/')
      ) {
        return 'formats import only #core/errors, #core/limits, #core/seeded-random and other formats';
      }
      return undefined;
    case module === 'store':
      if (specifier.startsWith('#') && !specifier.startsWith('#core/')) return 'store imports only core';
      if (isPackage(specifier) && !STORE_BACKENDS.some((b) => path.startsWith(`server/src/store/${b}/`))) {
        if (!['kysely', '@vercors/contract'].includes(specifier))
          return 'only a backend folder imports its driver';
      }
      return undefined;
    case module.startsWith('domain/'):
      if (/^#(protocols|jobs)\//.test(specifier)) return 'domain never imports protocols or jobs';
      if (/^#store\/./.test(specifier)) return 'domain uses #store (interfaces and records), never a backend';
      if (specifier === `#${module}`) return 'a domain module imports itself relatively';
      if (
        specifier.startsWith('node:') &&
        /^node:(net|tls|http|https|http2|cluster|sqlite)$/.test(specifier)
      ) {
        return 'domain does no network I/O of its own';
      }
      return undefined;
    case module.startsWith('protocols/'): {
      if (specifier === '#store' || specifier.startsWith('#store/')) return 'protocols never touch the store';
      if (/^(kysely|postgres)$/.test(specifier)) return 'protocols never write SQL';
      if (specifier.startsWith('#protocols/')) return 'a protocol never imports another protocol';
      if (specifier.startsWith('#jobs/')) return 'protocols never import jobs';
      if (path.includes('/wire/')) {
        if (IO_BUILTINS.test(specifier)) return 'wire codecs are stateless and do no I/O';
        if (
          specifier.startsWith('#') &&
          !/^#core\/(errors|limits|seeded-random)$/.test(specifier) &&
          !specifier.startsWith('#formats/')
        ) {
          return 'wire codecs import only core errors/limits/seeded-random and formats';
        }
      }
      return undefined;
    }
    // jobs/ itself (the scheduler and one file per job) or a job's own folder: domain services and core only;
    // what the store does for a job, main.ts binds and hands it.
    case module === 'jobs' || module.startsWith('jobs/'):
      if (/^#(store|protocols)/.test(specifier)) return 'jobs use domain services only';
      return undefined;
    case module === 'demo':
      if (/^#(store|protocols|jobs)/.test(specifier)) return 'demo seeding uses domain services only';
      return undefined;
    default:
      return `unknown folder server/src/${module}: add it to the layer table`;
  }
}

/** Inside store/: shared files import only shared files; a backend imports shared files and itself. */
function storeRule(path: string, target: string): string | undefined {
  const backendOf = (p: string) => STORE_BACKENDS.find((b) => p.startsWith(`server/src/store/${b}/`));
  // Tests and the fixtures they share open a given backend on purpose, as conformance cases do.
  const isTestCode = /\.(test|fixture)\.ts$/.test(path) || path.includes('/conformance/');
  const from = backendOf(path);
  const to = backendOf(target);
  if (to !== undefined && to !== from && !isTestCode) {
    return `store/${to} is a backend: only main.ts picks it`;
  }
  if (from === undefined && to !== undefined && !isTestCode) {
    return 'shared store code never depends on a backend';
  }
  if (
    from !== undefined &&
    to === undefined &&
    !STORE_SHARED.test(target) &&
    !target.includes('/migrations/') &&
    // Search is shared store code too: per-dialect SQL over kysely, like the migrations, no driver.
    !target.startsWith('server/src/store/search/') &&
    // A backend's test runs the shared conformance suite against it.
    !(path.endsWith('.test.ts') && target.startsWith('server/src/store/conformance/'))
  ) {
    return 'a backend imports only the shared store files and its own folder';
  }
  return undefined;
}

/** Every .ts/.tsx source file of the workspaces, relative to `root`. */
export function listSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/\.tsx?$/.test(entry.name)) {
        files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const workspace of ['contract', 'server', 'web', 'e2e', 'bench']) walk(join(root, workspace), 0);
  return files;
}
