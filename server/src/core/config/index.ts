export * from './setting.ts';
export * from './load-config.ts';
export * from './config-file.ts';
export * from './setting-messages.ts';
