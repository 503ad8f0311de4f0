// The line under a settings form after a save: "Enregistré." in a status region (announced politely), or
// what was refused and why in an alert, always reminding that what was typed is still there to correct and
// save again. Refused properties are named by their field's label, never by their JMAP name.

import { useTranslation } from 'react-i18next';
import type { SaveOutcome } from './save-outcome.ts';

export interface SaveStatusProps {
  readonly outcome: SaveOutcome;
  /** The field labels by property name, for a refusal that names properties. */
  readonly fields?: Readonly<Record<string, string>>;
  /** What to say once saved, when "Enregistré." is not the right word (a deletion). */
  readonly savedText?: string;
}

export function SaveStatus({ outcome, fields = {}, savedText }: SaveStatusProps) {
  const { t, i18n } = useTranslation();
  const problem = (() => {
    switch (outcome.kind) {
      case 'refused': {
        if (outcome.type === 'overQuota') return t('settingsMailCommon.overQuota');
        if (outcome.properties.length > 0) {
          const names = outcome.properties.map((property) => fields[property] ?? property);
          return t('settingsMailCommon.refusedFields', {
            count: names.length,
            fields: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names),
          });
        }
        return t('settingsMailCommon.refused', { reason: outcome.type });
      }
      case 'unreachable':
        return t('settingsMailCommon.unreachable');
      case 'failed':
        return t('settingsMailCommon.failed', { reason: outcome.reason });
      default:
        return undefined;
    }
  })();
  return (
    <>
      <p role="status" className="settings-status">
        {outcome.kind === 'saving'
          ? t('settingsMailCommon.saving')
          : outcome.kind === 'saved'
            ? (savedText ?? t('settingsMailCommon.saved'))
            : ''}
      </p>
      {problem !== undefined && (
        <p role="alert" className="settings-problem">
          {problem}
        </p>
      )}
    </>
  );
}
