// The person's preferences (the JMAP `Preferences` singleton of urn:vercors:jmap, docs/jmap.md): language,
// time zone, read receipts, undo delay, conversation view, senders whose images show, composing format. The
// shell reads them once and again on push; every screen reads them through the context, and a settings screen
// writes with updatePreferences then calls `refresh`.

import {
  DEFAULT_LOCALE,
  DEFAULT_MAIL_PREFERENCES,
  DEFAULT_TIME_ZONE,
  type JmapPreferences,
} from '@vercors/contract';
import { createContext, useContext } from 'react';
import type { JmapClient } from '../jmap/jmap-client.ts';

export type Preferences = Omit<JmapPreferences, 'id'>;

export const DEFAULT_PREFERENCES: Preferences = {
  locale: DEFAULT_LOCALE,
  timeZone: DEFAULT_TIME_ZONE,
  ...DEFAULT_MAIL_PREFERENCES,
};

export async function readPreferences(client: JmapClient): Promise<Preferences> {
  const results = await client.call([
    ['Preferences/get', { accountId: client.accountId, ids: ['singleton'] }, 'p'],
  ]);
  const [found] = (results.get('p') as { list: Preferences[] }).list;
  return { ...DEFAULT_PREFERENCES, ...found };
}

/** A refused update, naming the properties the server found invalid. */
export class PreferencesRefusedError extends Error {
  readonly properties: readonly string[];

  constructor(type: string, properties: readonly string[], description?: string) {
    super(description ?? type);
    this.name = 'PreferencesRefusedError';
    this.properties = properties;
  }
}

export async function updatePreferences(client: JmapClient, patch: Partial<Preferences>): Promise<void> {
  const results = await client.call([
    ['Preferences/set', { accountId: client.accountId, update: { singleton: patch } }, 's'],
  ]);
  const answer = results.get('s') as {
    notUpdated?: Record<string, { type: string; properties?: string[]; description?: string }> | null;
  };
  const refusal = answer.notUpdated?.singleton;
  if (refusal !== undefined) {
    throw new PreferencesRefusedError(refusal.type, refusal.properties ?? [], refusal.description);
  }
}

export interface PreferencesState {
  readonly preferences: Preferences;
  /** Read them again from the server (after a change made on this screen). */
  readonly refresh: () => void;
}

export const PreferencesContext = createContext<PreferencesState>({
  preferences: DEFAULT_PREFERENCES,
  refresh: () => undefined,
});

export function usePreferences(): PreferencesState {
  return useContext(PreferencesContext);
}
