// The Vite plugin that makes the build installable and able to open offline (build only; ADR 0008): it
// draws the icons (app-icon.ts) into hashed assets, writes manifest.webmanifest (web-app-manifest.ts), and
// builds service-worker.ts on its own into sw.js (one classic script: nothing shared with the app's chunks)
// with this build's precache list (precache-manifest.ts) written into it. No workbox: this is the whole of it.

import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, type HtmlTagDescriptor, type Plugin } from 'vite';
import { iconPng, iconSvg, type IconShape } from './app-icon.ts';
import { type BuiltFile, precacheManifest } from './precache-manifest.ts';
import { MANIFEST_PATH, WORKER_PATH } from './request-strategy.ts';
import { stampWorker } from './stamp-worker.ts';
import { type ManifestIcon, webAppManifest } from './web-app-manifest.ts';

const WORKER_SOURCE = fileURLToPath(new URL('./service-worker.ts', import.meta.url));
/** web/: the worker's build reads no config file, but resolves (tsconfig, .env) from here whatever the cwd. */
const WEB_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Icon {
  readonly fileName: string;
  readonly source: string | Uint8Array;
  readonly entry?: ManifestIcon;
}

export function pwaBuildPlugin(): Plugin {
  let base = '/';
  let icons: readonly Icon[] = [];
  return {
    name: 'vercors-pwa',
    apply: 'build',
    configResolved(config) {
      base = config.base;
      // The paths the server serves (web-app-route.ts) and the worker decides on are these two.
      if (`${base}sw.js` !== WORKER_PATH || `${base}manifest.webmanifest` !== MANIFEST_PATH) {
        throw new Error(`the PWA expects the app at ${WORKER_PATH.replace('sw.js', '')}, not ${base}`);
      }
    },
    buildStart() {
      icons = drawIcons(base);
      for (const icon of icons)
        this.emitFile({ type: 'asset', fileName: icon.fileName, source: icon.source });
      const manifest = webAppManifest(
        base,
        icons.flatMap((icon) => (icon.entry === undefined ? [] : [icon.entry])),
      );
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.webmanifest',
        source: `${JSON.stringify(manifest, null, 2)}\n`,
      });
    },
    transformIndexHtml: {
      order: 'post',
      handler(): HtmlTagDescriptor[] {
        const svg = icons.find((icon) => icon.fileName.endsWith('.svg'));
        const touch = icons.find((icon) => icon.fileName.includes('touch'));
        if (svg === undefined || touch === undefined) throw new Error('the icons were not drawn');
        return [
          { tag: 'link', attrs: { rel: 'icon', type: 'image/svg+xml', href: `${base}${svg.fileName}` } },
          { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `${base}${touch.fileName}` } },
        ].map((tag) => ({ ...tag, injectTo: 'head' as const }));
      },
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const files: BuiltFile[] = Object.values(bundle).map((file) => ({
          fileName: file.fileName,
          content: file.type === 'chunk' ? file.code : file.source,
        }));
        const manifest = precacheManifest(files, base);
        this.emitFile({
          type: 'asset',
          fileName: 'sw.js',
          source: stampWorker(await buildWorker(), manifest),
        });
      },
    },
  };
}

/** The icons, each under a name with its content's hash (served as immutable assets, like the build's). */
function drawIcons(base: string): Icon[] {
  const png = (shape: IconShape, size: number, label: string, isListed = true): Icon => {
    const source = iconPng(shape, size);
    const fileName = `assets/icon-${label}-${contentHash(source)}.png`;
    const entry: ManifestIcon = {
      src: `${base}${fileName}`,
      sizes: `${size}x${size}`,
      type: 'image/png',
      purpose: shape,
    };
    return isListed ? { fileName, source, entry } : { fileName, source };
  };
  const svg = iconSvg('any');
  const svgName = `assets/icon-${contentHash(svg)}.svg`;
  return [
    png('any', 192, '192'),
    png('any', 512, '512'),
    png('maskable', 512, 'maskable-512'),
    // iOS's home screen takes this, not the manifest, and rounds the corners itself: the full-bleed drawing.
    png('maskable', 180, 'touch-180', false),
    {
      fileName: svgName,
      source: svg,
      entry: { src: `${base}${svgName}`, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    },
  ];
}

/**
 * The worker as one classic script, bundled on its own (a chunk of the app's build could share modules with
 * the app, and a worker cannot load those). Minified like the app; no source map (only tools read them).
 */
async function buildWorker(): Promise<string> {
  const output = await build({
    configFile: false,
    root: WEB_ROOT,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      sourcemap: false,
      lib: { entry: WORKER_SOURCE, formats: ['iife'], name: 'vercorsServiceWorker', fileName: () => 'sw.js' },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
    'output' in result ? result.output.filter((file) => file.type === 'chunk') : [],
  );
  const [worker] = chunks;
  if (chunks.length !== 1 || worker === undefined)
    throw new Error('the service worker built into several files');
  return worker.code;
}

function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 8);
}
