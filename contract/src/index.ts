export * from './failures.ts';
export * from './account.ts';
