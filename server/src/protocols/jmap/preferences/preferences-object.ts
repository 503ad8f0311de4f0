// The JMAP Preferences object (urn:vercors:jmap, docs/jmap.md "Vercors additions") from the preferences module's
// preferences, and its properties: one per account, id `singleton`, every property always present.

import { JMAP_CAPABILITIES, type JmapPreferences } from '@vercors/contract';
import {
  PREFERENCES_ID,
  PREFERENCES_PROPERTIES,
  type Preferences,
  type PreferencesProperty,
} from '#domain/preferences';

/** The capability of Vercors's own methods. */
export const VERCORS = JMAP_CAPABILITIES.vercors;

export const JMAP_PREFERENCES_PROPERTIES: readonly ('id' | PreferencesProperty)[] = [
  'id',
  ...PREFERENCES_PROPERTIES,
];

export function jmapPreferences(preferences: Preferences): JmapPreferences {
  return {
    id: PREFERENCES_ID,
    locale: preferences.locale,
    timeZone: preferences.timeZone,
    readReceipts: preferences.readReceipts,
    requestReadReceipts: preferences.requestReadReceipts,
    undoSendSeconds: preferences.undoSendSeconds,
    conversationView: preferences.conversationView,
    remoteImagesFrom: preferences.remoteImagesFrom,
    composeFormat: preferences.composeFormat,
  };
}
