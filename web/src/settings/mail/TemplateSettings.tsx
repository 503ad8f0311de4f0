// Reply templates (ReplyTemplate/query, /get, /set; docs/jmap.md "Vercors additions"): the texts a person keeps
// to answer common messages, which the composer inserts (template-insert.ts). List them in the composer's
// order, create, edit, move up or down, delete after a confirmation, within the session's bounds.

import type { JmapReplyTemplate } from '@vercors/contract';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.ts';
import { ref } from '../../jmap/jmap-client.ts';
import { sortedByListOrder } from './list-order.ts';
import { LoadStatus } from './LoadStatus.tsx';
import { OrderedItemList } from './OrderedItemList.tsx';
import { runSet } from './run-set.ts';
import { NEW_TEMPLATE, TemplateEditor, type TemplateFields } from './TemplateEditor.tsx';
import { useLoad } from './use-load.ts';
import { templateBounds } from './vercors-bounds.ts';
import './mail-settings.css';

export function TemplateSettings({ client, onError }: ScreenProps) {
  const { t } = useTranslation();
  const load = useCallback(async (): Promise<readonly JmapReplyTemplate[]> => {
    const results = await client.call([
      [
        'ReplyTemplate/query',
        { accountId: client.accountId, sort: [{ property: 'sortOrder', isAscending: true }] },
        'q',
      ],
      [
        'ReplyTemplate/get',
        { accountId: client.accountId, '#ids': ref('q', 'ReplyTemplate/query', '/ids') },
        'g',
      ],
    ]);
    return (results.get('g') as { list: JmapReplyTemplate[] }).list;
  }, [client]);
  const { loaded, reload, update } = useLoad(load, onError);
  const bounds = templateBounds(client.session.capabilities['urn:vercors:jmap']);
  const templates = loaded.stage === 'ready' ? sortedByListOrder(loaded.data) : [];
  const nameOf = (template: JmapReplyTemplate) => template.name || t('settingsTemplates.untitled');

  return (
    <section className="mail-settings" aria-labelledby="template-settings-title">
      <h2 id="template-settings-title">{t('settingsTemplates.title')}</h2>
      <p className="settings-hint">{t('settingsTemplates.intro')}</p>
      {loaded.stage !== 'ready' ? (
        <LoadStatus loaded={loaded} onRetry={reload} />
      ) : (
        <OrderedItemList<JmapReplyTemplate, TemplateFields>
          items={templates}
          catalogue="settingsTemplates"
          label={t('settingsTemplates.list')}
          fullText={
            templates.length >= bounds.maxTemplatesPerAccount
              ? t('settingsTemplates.full', { count: bounds.maxTemplatesPerAccount })
              : undefined
          }
          nameOf={nameOf}
          summary={(template) => (
            <>
              <p className="settings-item-head">
                <strong>{nameOf(template)}</strong>
              </p>
              <p className="settings-hint">
                {template.subject === null
                  ? t('settingsTemplates.keepsSubject')
                  : t('settingsTemplates.replacesSubject', { subject: template.subject })}
              </p>
              {template.textBody.trim() !== '' && <pre className="settings-excerpt">{template.textBody}</pre>}
            </>
          )}
          editor={({ item, onSave, onCancel }) => (
            <TemplateEditor
              heading={
                item === undefined
                  ? t('settingsTemplates.new')
                  : t('settingsTemplates.editing', { name: nameOf(item) })
              }
              initial={item ?? NEW_TEMPLATE}
              bounds={bounds}
              onSave={onSave}
              onCancel={onCancel}
            />
          )}
          set={(args) => runSet<JmapReplyTemplate>(client, 'ReplyTemplate/set', args, onError)}
          newItem={(fields, sortOrder) => ({ ...fields, sortOrder })}
          onChanged={update}
        />
      )}
    </section>
  );
}
