import assert from 'node:assert/strict';
import { test } from 'node:test';
import qrcode from 'qrcode-generator';
import { modulesPath, qrSymbol } from './qr-svg-path.ts';

test('each horizontal run of dark modules is one rectangle', () => {
  // ■■□
  // □■■
  // ■□■
  const matrix = ['110', '011', '101'];
  const path = modulesPath(3, (row, column) => matrix[row]?.[column] === '1');
  assert.equal(path, 'M0 0h2v1h-2zM1 1h2v1h-2zM0 2h1v1h-1zM2 2h1v1h-1z');
  assert.equal(
    modulesPath(2, () => false),
    '',
  );
});

test('an otpauth address becomes a symbol whose path paints exactly the dark modules', () => {
  const uri =
    'otpauth://totp/localhost:claire.martin%40ac-test.fr?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=localhost&algorithm=SHA1&digits=6&period=30';
  const symbol = qrSymbol(uri);
  const reference = qrcode(0, 'M');
  reference.addData(uri, 'Byte');
  reference.make();
  assert.equal(symbol.size, reference.getModuleCount());
  // Paint the path back into a grid and compare it with the library's modules.
  const painted = new Set<string>();
  for (const [, x, y, length] of symbol.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let step = 0; step < Number(length); step++) painted.add(`${Number(y)},${Number(x) + step}`);
  }
  for (let row = 0; row < symbol.size; row++) {
    for (let column = 0; column < symbol.size; column++) {
      assert.equal(painted.has(`${row},${column}`), reference.isDark(row, column), `${row},${column}`);
    }
  }
  // The finder pattern's top edge: seven dark modules in the corner.
  assert.ok(symbol.path.startsWith('M0 0h7v1h-7z'));
});
