// The authenticator app's QR code as inline SVG (qr-svg-path.ts): black modules on a white square with its
// quiet zone, crisp at any size, named for screen readers (who use the key typed by hand instead).

import { useMemo } from 'react';
import { QR_QUIET_ZONE, qrSymbol } from './qr-svg-path.ts';

export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const symbol = useMemo(() => {
    try {
      return qrSymbol(text);
    } catch {
      // Too long for a QR code: never for an otpauth address; the key typed by hand still works.
      return undefined;
    }
  }, [text]);
  if (symbol === undefined) return null;
  const side = symbol.size + 2 * QR_QUIET_ZONE;
  return (
    <svg
      className="security-qr"
      role="img"
      aria-label={label}
      viewBox={`${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${side} ${side}`}
      shapeRendering="crispEdges"
    >
      <rect x={-QR_QUIET_ZONE} y={-QR_QUIET_ZONE} width={side} height={side} fill="#fff" />
      <path d={symbol.path} fill="#000" />
    </svg>
  );
}
