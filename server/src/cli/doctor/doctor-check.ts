// What each `vercors doctor` check reports: where it looked, OK/WARN/FAIL, one line, and one line of fix.

export type CheckStatus = 'ok' | 'warn' | 'fail';
export type CheckArea = 'config' | 'storage' | 'dataFolder' | 'tls' | 'listeners' | 'dns';

export interface CheckResult {
  readonly area: CheckArea;
  readonly status: CheckStatus;
  readonly message: string;
  /** What to do about a WARN or FAIL, in one line. */
  readonly fix?: string;
}
