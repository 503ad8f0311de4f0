// "Modèles de réponse…" in the composer: the person's reply templates (ReplyTemplate, docs/jmap.md), read
// when the menu is first opened; picking one puts it into the message (template-insert.ts): its subject when
// it has one, its text above what is written.

import type { JmapReplyTemplate } from '@vercors/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type JmapClient, ref } from '../jmap/jmap-client.ts';
import type { TemplateBody } from './template-insert.ts';

export interface TemplatePickerProps {
  readonly client: JmapClient;
  onPick(template: TemplateBody): void;
  onError(error: unknown): void;
}

export function TemplatePicker({ client, onPick, onError }: TemplatePickerProps) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<readonly JmapReplyTemplate[] | undefined>(undefined);
  const load = () => {
    if (templates !== undefined) return;
    const accountId = client.accountId;
    client
      .call([
        ['ReplyTemplate/query', { accountId, sort: [{ property: 'sortOrder' }] }, 'q'],
        ['ReplyTemplate/get', { accountId, '#ids': ref('q', 'ReplyTemplate/query', '/ids') }, 'g'],
      ])
      .then((results) => setTemplates((results.get('g') as { list: JmapReplyTemplate[] }).list))
      .catch(onError);
  };
  return (
    <label className="template-picker">
      <span className="visually-hidden">{t('compose.templates')}</span>
      <select
        value=""
        onFocus={load}
        onMouseDown={load}
        onChange={(event) => {
          const chosen = templates?.find((template) => template.id === event.target.value);
          if (chosen !== undefined) onPick(chosen);
        }}
      >
        <option value="">{t('compose.templates')}</option>
        {templates === undefined ? (
          <option value="" disabled>
            {t('app.loading')}
          </option>
        ) : templates.length === 0 ? (
          <option value="" disabled>
            {t('compose.noTemplates')}
          </option>
        ) : (
          templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))
        )}
      </select>
    </label>
  );
}
