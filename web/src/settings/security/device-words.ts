// A web session's device in plain words ("Firefox on Windows", "Safari on iPhone") from its User-Agent, so a
// person recognises their own browsers in the list of sessions and spots one that is not theirs. Product
// names are the same in every language; the words around them are the catalogue's.
// Security: the header is whatever the client sent; only its first MAX_USER_AGENT characters are read.

const MAX_USER_AGENT = 512;

export interface Device {
  /** The browser's name, when recognised. */
  readonly browser?: string;
  /** The operating system or the device, when recognised. */
  readonly system?: string;
}

// Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome also says "Safari".
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|Chromium|HeadlessChrome)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bThunderbird\//, 'Thunderbird'],
];

// iPhone and iPad before macOS (their agents say "like Mac OS X"; an iPad asking for desktop pages passes
// for a Mac, which is what it claims), Android before Linux.
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

export function deviceOf(userAgent: string): Device {
  const text = userAgent.slice(0, MAX_USER_AGENT);
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(text))?.[1];
  return {
    ...(browser === undefined ? {} : { browser }),
    ...(system === undefined ? {} : { system }),
  };
}
