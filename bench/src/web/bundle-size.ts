// The web app's download as the budget counts it: the JavaScript the first load needs (the scripts
// web/dist/index.html loads and modulepreloads, plus whatever they import statically), each file gzipped at
// level 9 with node:zlib and summed; then, apart, the chunks loaded later (dynamic imports: the composer) and
// the stylesheets. The server sends these files uncompressed today, so the gzipped size is what a compressing
// proxy would send, not what the bench's browser received (the waterfall shows that).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_DIST = join(import.meta.dirname, '..', '..', '..', 'web', 'dist');
export const BUILD_COMMAND = '(cd web && ../node_modules/.bin/vite build --logLevel warn)';

export interface AssetSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleSizes {
  /** When web/dist/index.html was written: the build measured. */
  readonly builtAt: string;
  readonly initial: readonly AssetSize[];
  readonly lazy: readonly AssetSize[];
  /** Every stylesheet; those index.html links are marked initial, the others come with a lazy chunk. */
  readonly css: readonly (AssetSize & { readonly isInitial: boolean })[];
  readonly initialGzipBytes: number;
}

/** Static imports of a built chunk (`import{a as b}from"./x.js"`, `import"./y.js"`), not `import("./z.js")`. */
const STATIC_IMPORT = /\bimport\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([\w.-]+\.js)["']/g;
/** The chunks index.html starts: `<script type="module" src>` and `<link rel="modulepreload" href>`. */
const ENTRY_SCRIPT = /<script\b[^>]*\bsrc="([^"]+\.js)"/g;
const PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g;
const STYLESHEET = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+\.css)"/g;

/** Undefined when the app is not built (the caller says which command builds it). */
export function measureBundle(dist = WEB_DIST): BundleSizes | undefined {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return undefined;
  const html = readFileSync(index, 'utf8');
  const assets = join(dist, 'assets');
  const size = (file: string): AssetSize => {
    const bytes = readFileSync(join(assets, file));
    return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  };
  const namesIn = (pattern: RegExp) => [...html.matchAll(pattern)].map((match) => basename(match[1] ?? ''));

  // The first load: the entry scripts, what they preload, and their static imports, transitively.
  const initial = new Set<string>();
  const pending = [...namesIn(ENTRY_SCRIPT), ...namesIn(PRELOAD)];
  while (pending.length > 0 && initial.size < 1000) {
    const file = pending.pop() as string;
    if (initial.has(file) || !existsSync(join(assets, file))) continue;
    initial.add(file);
    const code = readFileSync(join(assets, file), 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) pending.push(match[1] ?? '');
  }
  const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
  const sum = (list: readonly AssetSize[]) => list.reduce((total, asset) => total + asset.gzipBytes, 0);
  const initialSizes = [...initial].sort().map(size);
  const linkedCss = new Set(namesIn(STYLESHEET));
  return {
    builtAt: statSync(index).mtime.toISOString(),
    initial: initialSizes,
    lazy: scripts
      .filter((file) => !initial.has(file))
      .sort()
      .map(size),
    css: readdirSync(assets)
      .filter((file) => file.endsWith('.css'))
      .sort()
      .map((file) => ({ ...size(file), isInitial: linkedCss.has(file) })),
    initialGzipBytes: sum(initialSizes),
  };
}
