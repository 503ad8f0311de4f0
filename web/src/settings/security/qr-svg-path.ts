// The QR code of an authenticator app's otpauth:// address as one SVG path, drawn by React as an inline <svg>:
// no data: URL, no HTML string, nothing the page's CSP has to allow. qrcode-generator computes the modules;
// each row's runs of dark modules become one rectangle of the path, in module units (the viewBox scales it).

import qrcode from 'qrcode-generator';

/** The quiet zone the QR standard asks around the symbol, in modules (ISO/IEC 18004 §6.3.8). */
export const QR_QUIET_ZONE = 4;

export interface QrSymbol {
  /** Modules per side. */
  readonly size: number;
  /** The dark modules as an SVG path in module units, origin at the symbol's top-left corner. */
  readonly path: string;
}

/** The path of the dark modules of a `size`×`size` matrix, one `M x y h n v 1 h -n z` per horizontal run. */
export function modulesPath(size: number, isDark: (row: number, column: number) => boolean): string {
  const runs: string[] = [];
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < size && isDark(row, column)) column++;
      const length = column - start;
      runs.push(`M${start} ${row}h${length}v1h-${length}z`);
    }
  }
  return runs.join('');
}

/**
 * `text` (an otpauth:// address, ASCII) as a QR symbol: the smallest version that holds it, error
 * correction M (15 %), which phones read easily from a screen.
 */
export function qrSymbol(text: string): QrSymbol {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return { size, path: modulesPath(size, (row, column) => code.isDark(row, column)) };
}
