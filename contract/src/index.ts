export * from './failures.ts';
export * from './account.ts';
export * from './jmap/core.ts';
export * from './jmap/mail.ts';
export * from './jmap/mdn.ts';
export * from './jmap/quota.ts';
export * from './jmap/submission.ts';
export * from './jmap/vacation.ts';
