// The app's icon, drawn here (build side, pwa-build-plugin.ts): a white "V" whose two arms end in summits,
// the Vercors' cliffs, on the app's accent blue (web/src/app/app.css --accent, --paper). One geometry gives
// the SVG (favicon) and the PNGs the manifest lists: "any" on a rounded square, "maskable" full-bleed with
// the V inside the safe circle (the inner 80%, https://www.w3.org/TR/appmanifest/#icon-masks).

import { encodePng } from './png-encoder.ts';

export const ACCENT = '#000091';
export const PAPER = '#ffffff';

export type IconShape = 'any' | 'maskable';

/** The drawing's box is 100 × 100 units. */
const BOX = 100;
/** The "any" icon's corner radius: a rounded square like the platforms draw. */
const CORNER = 22;
/** The V, clockwise from the left summit's outer foot: two peaked arms meeting in a flat base. */
const V_POINTS: readonly (readonly [number, number])[] = [
  [14, 30],
  [27, 18],
  [38, 30],
  [50, 58],
  [62, 30],
  [73, 18],
  [86, 30],
  [57, 80],
  [43, 80],
];
/** The V's middle; a maskable icon shrinks it about this point to stay inside the safe circle. */
const V_CENTRE: readonly [number, number] = [50, 49];
const SCALE: Readonly<Record<IconShape, number>> = { any: 1, maskable: 0.7 };
/** Samples per pixel side: 16 samples smooth the edges well enough at 192 and 512 pixels. */
const SUPERSAMPLING = 4;

/** The V's points for one shape, in the 100-unit box. */
function vPoints(shape: IconShape): (readonly [number, number])[] {
  const scale = SCALE[shape];
  return V_POINTS.map(([x, y]) => [
    round(V_CENTRE[0] + (x - V_CENTRE[0]) * scale),
    round(V_CENTRE[1] + (y - V_CENTRE[1]) * scale),
  ]);
}

export function iconSvg(shape: IconShape): string {
  const corner = shape === 'any' ? ` rx="${CORNER}"` : '';
  const points = vPoints(shape)
    .map(([x, y]) => `${x},${y}`)
    .join(' ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BOX} ${BOX}">` +
    `<rect width="${BOX}" height="${BOX}"${corner} fill="${ACCENT}"/>` +
    `<polygon points="${points}" fill="${PAPER}"/></svg>\n`
  );
}

/** The icon as RGBA pixels, `size` × `size`, edges anti-aliased by supersampling. */
export function iconPixels(shape: IconShape, size: number): Uint8Array {
  const polygon = vPoints(shape);
  const side = size * SUPERSAMPLING;
  // Per pixel, how many of its samples fall on the V and on the background (the rest is transparent).
  const onV = new Uint16Array(size * size);
  const onBackground = new Uint16Array(size * size);
  const row = new Uint8Array(side);
  for (let sampleY = 0; sampleY < side; sampleY += 1) {
    // One row of samples at a time, filled by spans: 0 nothing, 1 background, 2 the V.
    const y = ((sampleY + 0.5) / side) * BOX;
    row.fill(0);
    const square = shape === 'maskable' ? ([0, BOX] as const) : roundedSquareSpan(y);
    if (square !== undefined) fillSpan(row, square[0], square[1], 1);
    const crossings = polygonCrossings(y, polygon);
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      fillSpan(row, crossings[i] as number, crossings[i + 1] as number, 2);
    }
    const pixelRow = Math.floor(sampleY / SUPERSAMPLING) * size;
    for (let pixelX = 0, sampleX = 0; pixelX < size; pixelX += 1) {
      let v = 0;
      let background = 0;
      for (const end = sampleX + SUPERSAMPLING; sampleX < end; sampleX += 1) {
        const value = row[sampleX];
        if (value === 2) v += 1;
        else if (value === 1) background += 1;
      }
      (onV[pixelRow + pixelX] as number) += v;
      (onBackground[pixelRow + pixelX] as number) += background;
    }
  }
  // The V's colour and the background's mixed by their share of the covered samples; the opacity is the
  // covered share of all samples (so an edge keeps its colour, half transparent).
  const paper = rgb(PAPER);
  const accent = rgb(ACCENT);
  const samples = SUPERSAMPLING * SUPERSAMPLING;
  const pixels = new Uint8Array(size * size * 4);
  for (let pixel = 0; pixel < size * size; pixel += 1) {
    const v = onV[pixel] as number;
    const covered = v + (onBackground[pixel] as number);
    if (covered === 0) continue;
    for (let channel = 0; channel < 3; channel += 1) {
      pixels[pixel * 4 + channel] = Math.round(
        ((paper[channel] as number) * v + (accent[channel] as number) * (covered - v)) / covered,
      );
    }
    pixels[pixel * 4 + 3] = Math.round((covered / samples) * 255);
  }
  return pixels;

  /** Marks the samples whose centre lies in [from, to) (box units). */
  function fillSpan(target: Uint8Array, from: number, to: number, value: number): void {
    const first = Math.max(0, Math.ceil((from / BOX) * side - 0.5));
    const last = Math.min(side, Math.ceil((to / BOX) * side - 0.5));
    target.fill(value, first, last);
  }
}

export function iconPng(shape: IconShape, size: number): Uint8Array {
  return encodePng(size, size, iconPixels(shape, size));
}

/** Where a horizontal line crosses the polygon's outline, left to right: inside between pairs (even-odd). */
function polygonCrossings(y: number, polygon: readonly (readonly [number, number])[]): number[] {
  const crossings: number[] = [];
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [xi, yi] = polygon[i] as readonly [number, number];
    const [xj, yj] = polygon[j] as readonly [number, number];
    // Half-open in y, so a vertex on the line counts once.
    if (yi > y !== yj > y) crossings.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
  }
  return crossings.sort((a, b) => a - b);
}

/** The rounded square's extent on a horizontal line. */
function roundedSquareSpan(y: number): readonly [number, number] | undefined {
  if (y < 0 || y > BOX) return undefined;
  const dy = Math.max(CORNER - y, 0, y - (BOX - CORNER));
  const inset = CORNER - Math.sqrt(Math.max(CORNER * CORNER - dy * dy, 0));
  return [inset, BOX - inset];
}

function rgb(hex: string): readonly [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
