// Managing folders from the side bar: create one (at the top or inside another), and for the selected one
// rename it, give it a colour, move it, or delete it when empty (Mailbox/set). Special folders (inbox, sent…)
// keep their name and place and are never deleted; they can have a colour.

import type { JmapMailbox } from '@vercors/contract';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JmapMethodError, type JmapClient } from '../jmap/jmap-client.ts';
import { FOLDER_COLOURS, type FolderColour } from './folder-colours.ts';
import { FolderOptions } from './FolderOptions.tsx';
import { flattenTree, mailboxTree } from './mailbox-tree.ts';

export interface FolderSettingsProps {
  readonly client: JmapClient;
  readonly mailboxes: readonly JmapMailbox[];
  readonly selected: JmapMailbox | undefined;
  /** After a change: the folders are read again; a created folder is selected. */
  onChanged(createdId?: string): void;
  onDeleted(): void;
}

interface SetResult {
  readonly created?: Record<string, { id: string }> | null;
  readonly notCreated?: Record<string, { type: string; description?: string }> | null;
  readonly notUpdated?: Record<string, { type: string; description?: string }> | null;
  readonly notDestroyed?: Record<string, { type: string; description?: string }> | null;
}

export function FolderSettings({ client, mailboxes, selected, onChanged, onDeleted }: FolderSettingsProps) {
  const { t, i18n } = useTranslation();
  const [newName, setNewName] = useState('');
  const [newParent, setNewParent] = useState('');
  const [name, setName] = useState(selected?.name ?? '');
  const [isConfirming, setIsConfirming] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  // Another folder selected: its own name to edit, nothing left to confirm. The new folder's name being typed
  // stays (the side bar selects the inbox once the folders load, which may come after the user began to type).
  const [shownId, setShownId] = useState(selected?.id);
  if (shownId !== selected?.id) {
    setShownId(selected?.id);
    setName(selected?.name ?? '');
    setIsConfirming(false);
    setMessage(undefined);
  }
  const tree = flattenTree(mailboxTree(mailboxes, i18n.language));
  const isSpecial = selected?.role !== null && selected?.role !== undefined;

  const set = async (args: Record<string, unknown>): Promise<SetResult | undefined> => {
    setMessage(undefined);
    try {
      const results = await client.call([['Mailbox/set', { accountId: client.accountId, ...args }, 'm']]);
      const result = results.get('m') as SetResult;
      const refused = [result.notCreated, result.notUpdated, result.notDestroyed]
        .flatMap((map) => Object.values(map ?? {}))
        .at(0);
      if (refused !== undefined) {
        setMessage(
          refused.type === 'mailboxHasEmail'
            ? t('folderSettings.notEmpty')
            : t('folderSettings.failed', { reason: refused.description ?? refused.type }),
        );
        return undefined;
      }
      return result;
    } catch (error) {
      setMessage(
        t('folderSettings.failed', { reason: error instanceof JmapMethodError ? error.type : String(error) }),
      );
      return undefined;
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (newName.trim() === '') return;
    const result = await set({ create: { folder: { name: newName.trim(), parentId: newParent || null } } });
    const id = result?.created?.folder?.id;
    if (id !== undefined) {
      setNewName('');
      onChanged(id);
    }
  };
  const update = async (patch: Record<string, unknown>) => {
    if (selected === undefined) return;
    if ((await set({ update: { [selected.id]: patch } })) !== undefined) onChanged();
  };
  const remove = async () => {
    if (selected === undefined) return;
    if (!isConfirming) {
      setIsConfirming(true);
      return;
    }
    setIsConfirming(false);
    if ((await set({ destroy: [selected.id], onDestroyRemoveEmails: false })) !== undefined) onDeleted();
  };

  // A folder cannot go inside itself or one of its own sub-folders.
  const below = new Set<string>();
  if (selected !== undefined) {
    below.add(selected.id);
    for (const { mailbox } of tree)
      if (mailbox.parentId !== null && below.has(mailbox.parentId)) below.add(mailbox.id);
  }

  return (
    <div className="folder-settings">
      <form onSubmit={(event) => void create(event)}>
        <label>
          {t('folderSettings.newName')}
          <input
            type="text"
            value={newName}
            maxLength={255}
            onChange={(event) => setNewName(event.target.value)}
          />
        </label>
        <label>
          {t('folderSettings.inside')}
          <select value={newParent} onChange={(event) => setNewParent(event.target.value)}>
            <option value="">{t('folderSettings.topLevel')}</option>
            <FolderOptions mailboxes={mailboxes} />
          </select>
        </label>
        <button type="submit">{t('folderSettings.createConfirm')}</button>
      </form>
      {selected !== undefined && (
        <section aria-label={t('folderSettings.title', { name: selected.name })}>
          <h2 className="visually-hidden">{t('folderSettings.title', { name: selected.name })}</h2>
          {!isSpecial && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (name.trim() !== '' && name.trim() !== selected.name) void update({ name: name.trim() });
              }}
            >
              <label>
                {t('folderSettings.name')}
                <input
                  type="text"
                  value={name}
                  maxLength={255}
                  onChange={(event) => setName(event.target.value)}
                />
              </label>
              <button type="submit">{t('folderSettings.rename')}</button>
            </form>
          )}
          <label>
            {t('folderSettings.colour')}
            <select
              value={
                selected.color !== null && Object.hasOwn(FOLDER_COLOURS, selected.color) ? selected.color : ''
              }
              onChange={(event) => void update({ color: event.target.value || null })}
            >
              <option value="">{t('folderSettings.noColour')}</option>
              {(Object.keys(FOLDER_COLOURS) as FolderColour[]).map((colour) => (
                <option key={colour} value={colour}>
                  {t(`folderSettings.${colour}`)}
                </option>
              ))}
            </select>
          </label>
          {!isSpecial && (
            <>
              <label>
                {t('folderSettings.move')}
                <select
                  value={selected.parentId ?? ''}
                  onChange={(event) => void update({ parentId: event.target.value || null })}
                >
                  <option value="">{t('folderSettings.topLevel')}</option>
                  <FolderOptions mailboxes={mailboxes} exclude={below} />
                </select>
              </label>
              <button type="button" onClick={() => void remove()}>
                {isConfirming
                  ? t('folderSettings.deleteConfirm', { name: selected.name })
                  : t('folderSettings.delete')}
              </button>
            </>
          )}
        </section>
      )}
      {message !== undefined && <p role="alert">{message}</p>}
    </div>
  );
}
