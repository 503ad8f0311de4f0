// The compose window: recipients with directory suggestions, subject, rich text (TipTap) sent with its plain
// text, attachments by picker or drag and drop with upload progress. What is typed is journaled in the
// browser at once and saved to Drafts a few seconds after the last change; sending creates the final draft
// and a submission held for the undo delay in one request (compose-draft.ts). Loaded only when opened.

import type { JmapEmailAddress, JmapMailbox } from '@vercors/contract';
import StarterKit from '@tiptap/starter-kit';
import { EditorContent, useEditor } from '@tiptap/react';
import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { spellingExtension } from './spelling/spelling-extension.ts';
import { applyTemplate } from './template-insert.ts';
import { TemplatePicker } from './TemplatePicker.tsx';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { uploadBlob } from './blob-upload.ts';
import { createHtmlSanitizer } from '../mail/html-sanitizer.ts';
import {
  type Attachment,
  type Draft,
  draftEmail,
  EMPTY_DRAFT,
  invalidRecipients,
  isSchedulable,
  recipientsOf,
  type SignatureText,
  submission,
} from './compose-draft.ts';
import { dropFromJournal, saveToJournal } from './draft-journal.ts';
import { zonedInstant } from '../ui/zoned-time.ts';
import { RecipientField } from './RecipientField.tsx';

export interface ComposeStart {
  readonly composeId: string;
  readonly draft: Draft;
  /** The server copy in Drafts, when there is one. */
  readonly emailId: string | undefined;
}

/** What the screen needs to offer "undo" after sending. */
export interface SentMessage {
  readonly submissionId: string;
  readonly emailId: string;
  readonly start: ComposeStart;
  readonly undoUntil: number;
  /** A scheduled send's time: no undo then, the scheduled list cancels it. */
  readonly scheduledAt: Date | undefined;
}

export interface ComposerProps {
  readonly client: JmapClient;
  readonly csrfToken: string;
  readonly from: JmapEmailAddress;
  readonly mailboxes: readonly JmapMailbox[];
  readonly start: ComposeStart;
  /** Seconds a sent message is held, so it can be taken back. */
  readonly undoSeconds: number;
  /** The account's time zone: a scheduled time is a wall-clock time there. */
  readonly timeZone: string;
  onClose(): void;
  onSent(sent: SentMessage): void;
}

/** A signature of the sending identity (Vercors's Signature object, docs/jmap.md). */
interface SignatureItem {
  readonly id: string;
  readonly name: string;
  readonly textSignature: string;
  readonly htmlSignature: string;
}

interface SenderIdentity {
  readonly id: string;
  readonly textSignature: string;
  readonly htmlSignature: string;
}

/** Signatures are HTML the user wrote: no script, but their own logo may be remote. */
let signatureSanitizer: ReturnType<typeof createHtmlSanitizer> | undefined;

/** A template's HTML, written by the person: cleaned the same way as a signature. */
function templateHtml(html: string): string {
  signatureSanitizer ??= createHtmlSanitizer(window);
  return html.trim() === ''
    ? ''
    : signatureSanitizer(html, { allowRemote: true, cidUrl: () => undefined }).html;
}

function signatureText(item: { textSignature: string; htmlSignature: string }): SignatureText {
  signatureSanitizer ??= createHtmlSanitizer(window);
  const html =
    item.htmlSignature.trim() === ''
      ? ''
      : signatureSanitizer(item.htmlSignature, { allowRemote: true, cidUrl: () => undefined }).html;
  return { text: item.textSignature, html };
}

/** Ask which signature fits this long after the recipients last changed. */
const CHOOSE_DELAY_MS = 300;

/** Tomorrow at 08:00 where the account is: what the scheduling form offers first. */
function tomorrowMorning(timeZone: string): { day: string; time: string } {
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(tomorrow);
  return { day, time: '08:00' };
}

interface LoadedIdentity {
  readonly sender: SenderIdentity;
  readonly signatures: readonly SignatureItem[];
}

/** A JMAP SetError (RFC 8620 §5.3), as far as a person is told. */
interface SetError {
  readonly type: string;
  readonly description?: string;
  readonly properties?: readonly string[];
}

function setErrorText(error: SetError | undefined): string {
  if (error === undefined) return 'notCreated';
  const properties = error.properties?.length ? ` (${error.properties.join(', ')})` : '';
  return `${error.type}${properties}${error.description ? `: ${error.description}` : ''}`;
}

/** The server copy is saved this long after the last change (the browser's journal at once). */
const SERVER_SAVE_DELAY_MS = 3000;

interface Upload {
  readonly key: string;
  readonly name: string;
  readonly progress: number;
  readonly error: string | undefined;
}

export default function Composer({
  client,
  csrfToken,
  from,
  mailboxes,
  start,
  undoSeconds,
  timeZone,
  onClose,
  onSent,
}: ComposerProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(start.draft);
  const [showBcc, setShowBcc] = useState(start.draft.bcc.length > 0);
  /** The scheduling form, when open: a day and a time in the account's zone (tomorrow 08:00 to begin). */
  const [schedule, setSchedule] = useState<{ day: string; time: string } | undefined>(undefined);
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const [status, setStatus] = useState<{
    kind: 'idle' | 'saving' | 'saved' | 'saveFailed' | 'error';
    text?: string;
  }>({ kind: 'idle' });
  const [isSending, setIsSending] = useState(false);
  const [isDragging, setIsDragging] = useState(false);
  /** The server copy in Drafts, replaced at each save; a ref so a save in flight sees the latest. */
  const serverId = useRef<string | undefined>(start.emailId);
  const saving = useRef<Promise<void> | undefined>(undefined);
  /** Changes not yet in Drafts: a restored or prepared draft the server has no copy of counts as one. */
  const dirty = useRef(start.emailId === undefined && start.draft !== EMPTY_DRAFT);
  const loadedIdentity = useRef<LoadedIdentity | undefined>(undefined);
  /** The last Signature/choose answer, for which recipients. */
  const autoChoice = useRef<{ recipients: string; signatureId: string | null } | undefined>(undefined);
  const [sender, setSender] = useState<SenderIdentity | undefined>(undefined);
  const [signatures, setSignatures] = useState<readonly SignatureItem[]>([]);
  /** What Signature/choose picked for the current recipients (null: the identity's own). */
  const [autoId, setAutoId] = useState<string | null>(null);
  const draftsId = mailboxes.find((mailbox) => mailbox.role === 'drafts')?.id;
  const sentId = mailboxes.find((mailbox) => mailbox.role === 'sent')?.id;

  const editor = useEditor({
    // French spell check by the server (spelling/): it turns the browser's own off while it works.
    extensions: [StarterKit, spellingExtension(client, t)],
    content: start.draft.html,
    // A reply (recipients known) is written above the quote: the cursor waits at the top.
    autofocus: start.draft.to.length > 0 ? 'start' : false,
    editorProps: {
      attributes: {
        'aria-label': t('compose.body'),
        role: 'textbox',
        'aria-multiline': 'true',
        lang: i18n.language,
      },
    },
    onUpdate: ({ editor: changed }) =>
      change({ html: changed.getHTML(), text: changed.getText({ blockSeparator: '\n\n' }) }),
  });

  const latest = useRef(draft);
  latest.current = draft;
  const change = (patch: Partial<Draft>) => {
    setDraft((current) => {
      const next = { ...current, ...patch };
      saveToJournal(localStorage, client.accountId, {
        composeId: start.composeId,
        savedAt: Date.now(),
        emailId: serverId.current,
        draft: next,
      });
      return next;
    });
    dirty.current = true;
  };

  /** The identity sending as the account's own address and its signatures (read once, again if that failed). */
  const identity = useCallback(async (): Promise<LoadedIdentity | undefined> => {
    if (loadedIdentity.current !== undefined) return loadedIdentity.current;
    const results = await client.call([
      ['Identity/get', { accountId: client.accountId, ids: null }, 'i'],
      ['Signature/get', { accountId: client.accountId, ids: null }, 'g'],
    ]);
    const list = (results.get('i') as { list: (SenderIdentity & { email: string })[] }).list;
    const found =
      list.find((candidate) => candidate.email.toLowerCase() === from.email.toLowerCase()) ?? list[0];
    if (found === undefined) return undefined;
    const all = (results.get('g') as { list: (SignatureItem & { identityId: string })[] }).list;
    const loaded: LoadedIdentity = {
      sender: {
        id: found.id,
        textSignature: found.textSignature ?? '',
        htmlSignature: found.htmlSignature ?? '',
      },
      signatures: all.filter((signature) => signature.identityId === found.id),
    };
    loadedIdentity.current = loaded;
    setSender(loaded.sender);
    setSignatures(loaded.signatures);
    return loaded;
  }, [client, from.email]);
  useEffect(() => {
    // Ready before the person presses Send; a failure here is retried then.
    identity().catch(() => undefined);
  }, [identity]);

  // The signature that fits the recipients (internal or external, docs/jmap.md Signature/choose), asked again
  // when they change, while the person has not chosen one by hand.
  const recipientKey = recipientsOf(draft).join(',');
  useEffect(() => {
    if (sender === undefined || draft.signature.kind !== 'auto') return;
    const timer = window.setTimeout(() => {
      client
        .call([
          [
            'Signature/choose',
            {
              accountId: client.accountId,
              identityId: sender.id,
              recipients: recipientKey === '' ? [] : recipientKey.split(','),
            },
            'c',
          ],
        ])
        .then((results) => {
          const signatureId = (results.get('c') as { signatureId: string | null }).signatureId;
          autoChoice.current = { recipients: recipientKey, signatureId };
          setAutoId(signatureId);
        })
        .catch(() => undefined);
    }, CHOOSE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [client, sender, recipientKey, draft.signature.kind]);

  const chosenSignature = (): SignatureText | undefined => {
    const choice = draft.signature;
    if (choice.kind === 'none') return undefined;
    const id = choice.kind === 'chosen' ? choice.id : autoId;
    const item = id === null ? undefined : signatures.find((signature) => signature.id === id);
    if (item !== undefined) return signatureText(item);
    return sender === undefined ? undefined : signatureText(sender);
  };
  const signature = chosenSignature();
  const currentSignature = useRef(signature);
  currentSignature.current = signature;

  /**
   * The signature the message leaves with. A send does not wait for the screen to catch up: a message sent
   * at once (or reopened by "Annuler l’envoi" and sent again) asks which signature fits its recipients then.
   */
  const signatureAtSend = async (current: Draft): Promise<SignatureText | undefined> => {
    const loaded = await identity();
    if (loaded === undefined || current.signature.kind === 'none') return undefined;
    let id: string | null;
    if (current.signature.kind === 'chosen') id = current.signature.id;
    else {
      const key = recipientsOf(current).join(',');
      if (autoChoice.current?.recipients === key) id = autoChoice.current.signatureId;
      else {
        const results = await client.call([
          [
            'Signature/choose',
            { accountId: client.accountId, identityId: loaded.sender.id, recipients: recipientsOf(current) },
            'c',
          ],
        ]);
        id = (results.get('c') as { signatureId: string | null }).signatureId;
      }
    }
    const item = id === null ? undefined : loaded.signatures.find((candidate) => candidate.id === id);
    return signatureText(item ?? loaded.sender);
  };
  const autoName = signatures.find((item) => item.id === autoId)?.name || t('compose.signatureIdentity');

  /** Save the draft to Drafts (a new copy replaces the previous one: drafts are immutable in JMAP). */
  const saveToServer = useCallback(async (): Promise<void> => {
    if (draftsId === undefined) return;
    await saving.current;
    if (!dirty.current) return;
    dirty.current = false;
    const previous = serverId.current;
    setStatus({ kind: 'saving' });
    const attempt = client
      .call([
        [
          'Email/set',
          {
            accountId: client.accountId,
            create: { draft: draftEmail(latest.current, from, draftsId, currentSignature.current) },
            ...(previous !== undefined && { destroy: [previous] }),
          },
          'e',
        ],
      ])
      .then((results) => {
        const set = results.get('e') as { created?: Record<string, { id: string }> };
        const created = set.created?.draft?.id;
        if (created === undefined) throw new Error('notCreated');
        serverId.current = created;
        saveToJournal(localStorage, client.accountId, {
          composeId: start.composeId,
          savedAt: Date.now(),
          emailId: created,
          draft: latest.current,
        });
        setStatus({
          kind: 'saved',
          text: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(new Date()),
        });
      })
      .catch(() => {
        dirty.current = true;
        setStatus({ kind: 'saveFailed' });
      });
    saving.current = attempt;
    await attempt;
  }, [client, draftsId, from, i18n.language, start.composeId]);

  // The server copy: a few seconds after the last change, and when the tab is hidden.
  useEffect(() => {
    const timer = window.setTimeout(() => void saveToServer(), SERVER_SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [draft, saveToServer]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void saveToServer();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => document.removeEventListener('visibilitychange', onHide);
  }, [saveToServer]);

  const attach = (files: Iterable<File>) => {
    for (const file of files) {
      const key = `${file.name}-${Math.random().toString(36).slice(2)}`;
      setUploads((current) => [...current, { key, name: file.name, progress: 0, error: undefined }]);
      const upload = uploadBlob(client.session.uploadUrl, client.accountId, file, csrfToken, (progress) =>
        setUploads((current) => current.map((item) => (item.key === key ? { ...item, progress } : item))),
      );
      upload.done
        .then((blob) => {
          setUploads((current) => current.filter((item) => item.key !== key));
          const attachment: Attachment = {
            blobId: blob.blobId,
            name: file.name,
            type: blob.type || file.type,
            size: blob.size,
          };
          change({ attachments: [...latest.current.attachments, attachment] });
        })
        .catch((error: unknown) =>
          setUploads((current) =>
            current.map((item) => (item.key === key ? { ...item, error: (error as Error).message } : item)),
          ),
        );
    }
  };

  const send = async (sendAt?: Date) => {
    const current = latest.current;
    if (current.to.length + current.cc.length + current.bcc.length === 0) {
      setStatus({ kind: 'error', text: t('compose.noRecipient') });
      return;
    }
    const invalid = invalidRecipients(current);
    if (invalid.length > 0) {
      setStatus({ kind: 'error', text: t('compose.badRecipients', { addresses: invalid.join(', ') }) });
      return;
    }
    if (uploads.some((upload) => upload.error === undefined)) {
      setStatus({ kind: 'error', text: t('compose.waitUploads') });
      return;
    }
    setIsSending(true);
    await saving.current;
    const previous = serverId.current;
    try {
      const sender = (await identity())?.sender.id;
      if (draftsId === undefined || sender === undefined) throw new Error('noDraftsFolderOrIdentity');
      const signed = await signatureAtSend(current);
      const results = await client.call([
        [
          'Email/set',
          {
            accountId: client.accountId,
            create: { draft: draftEmail(current, from, draftsId, signed) },
            ...(previous !== undefined && { destroy: [previous] }),
          },
          'e',
        ],
        [
          'EmailSubmission/set',
          {
            accountId: client.accountId,
            create: { send: submission(sender, from.email, current, undoSeconds, sendAt) },
            ...(sentId !== undefined && {
              onSuccessUpdateEmail: {
                '#send': {
                  [`mailboxIds/${draftsId}`]: null,
                  [`mailboxIds/${sentId}`]: true,
                  'keywords/$draft': null,
                },
              },
            }),
          },
          's',
        ],
        // The message answered or forwarded shows it; a scheduled answer does not yet, it has not left.
        ...(current.origin !== null && !current.origin.wasMarked && sendAt === undefined
          ? [
              [
                'Email/set',
                {
                  accountId: client.accountId,
                  update: { [current.origin.emailId]: { [`keywords/${current.origin.keyword}`]: true } },
                },
                'o',
              ] as const,
            ]
          : []),
      ]);
      const created = results.get('e') as {
        created?: Record<string, { id: string }>;
        notCreated?: Record<string, SetError>;
      };
      const sent = results.get('s') as {
        created?: Record<string, { id: string }>;
        notCreated?: Record<string, SetError>;
      };
      const emailId = created.created?.draft?.id;
      const submissionId = sent.created?.send?.id;
      if (emailId !== undefined) serverId.current = emailId;
      if (emailId === undefined || submissionId === undefined) {
        throw new Error(setErrorText(created.notCreated?.draft ?? sent.notCreated?.send));
      }
      dropFromJournal(localStorage, client.accountId, start.composeId);
      onSent({
        submissionId,
        emailId,
        start: { composeId: start.composeId, draft: current, emailId },
        undoUntil: Date.now() + undoSeconds * 1000,
        scheduledAt: sendAt,
      });
    } catch (error) {
      setIsSending(false);
      dirty.current = true;
      setStatus({ kind: 'error', text: t('compose.sendFailed', { reason: (error as Error).message }) });
    }
  };

  const discard = () => {
    const id = serverId.current;
    dropFromJournal(localStorage, client.accountId, start.composeId);
    if (id !== undefined) {
      void client
        .call([['Email/set', { accountId: client.accountId, destroy: [id] }, 'd']])
        .catch(() => undefined);
    }
    onClose();
  };

  const close = () => {
    void saveToServer().then(() => {
      // Safely in Drafts: the browser's copy is no longer needed.
      if (!dirty.current && serverId.current !== undefined)
        dropFromJournal(localStorage, client.accountId, start.composeId);
    });
    onClose();
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setIsDragging(false);
    attach(event.dataTransfer.files);
  };

  return (
    <section
      className={`composer${isDragging ? ' dragging' : ''}`}
      aria-label={t('compose.window')}
      onDragOver={(event) => {
        event.preventDefault();
        setIsDragging(true);
      }}
      onDragLeave={() => setIsDragging(false)}
      onDrop={onDrop}
    >
      <p className="composer-from">
        {t('compose.from')} : {from.name ? `${from.name} <${from.email}>` : from.email}
      </p>
      <RecipientField
        client={client}
        label={t('compose.to')}
        addresses={draft.to}
        onChange={(to) => change({ to })}
      />
      <RecipientField
        client={client}
        label={t('compose.cc')}
        addresses={draft.cc}
        onChange={(cc) => change({ cc })}
      />
      {showBcc ? (
        <RecipientField
          client={client}
          label={t('compose.bcc')}
          addresses={draft.bcc}
          onChange={(bcc) => change({ bcc })}
        />
      ) : (
        <button type="button" className="link-button" onClick={() => setShowBcc(true)}>
          {t('compose.showBcc')}
        </button>
      )}
      <label className="composer-subject">
        {t('compose.subject')}
        <input
          type="text"
          value={draft.subject}
          onChange={(event) => change({ subject: event.target.value })}
        />
      </label>
      <div className="editor-toolbar" role="toolbar" aria-label={t('compose.body')}>
        <button
          type="button"
          aria-pressed={editor?.isActive('bold') ?? false}
          onClick={() => editor?.chain().focus().toggleBold().run()}
        >
          {t('compose.bold')}
        </button>
        <button
          type="button"
          aria-pressed={editor?.isActive('italic') ?? false}
          onClick={() => editor?.chain().focus().toggleItalic().run()}
        >
          {t('compose.italic')}
        </button>
        <button type="button" onClick={() => editor?.chain().focus().toggleBulletList().run()}>
          {t('compose.bulletList')}
        </button>
        <button type="button" onClick={() => editor?.chain().focus().toggleOrderedList().run()}>
          {t('compose.orderedList')}
        </button>
        <TemplatePicker
          client={client}
          onError={() => setStatus({ kind: 'error', text: t('compose.templatesFailed') })}
          onPick={(template) => {
            const next = applyTemplate(latest.current, {
              ...template,
              htmlBody: templateHtml(template.htmlBody),
            });
            editor?.commands.setContent(next.html, { emitUpdate: false });
            change({
              subject: next.subject,
              html: editor?.getHTML() ?? next.html,
              text: editor?.getText({ blockSeparator: '\n\n' }) ?? next.text,
            });
            editor?.commands.focus('start');
          }}
        />
        <label className="attach-button">
          {t('compose.attach')}
          <input
            type="file"
            multiple
            onChange={(event) => {
              if (event.target.files !== null) attach(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
      </div>
      <EditorContent editor={editor} className="editor" />
      <div className="signature-row">
        <label>
          {t('compose.signature')}{' '}
          <select
            value={draft.signature.kind === 'chosen' ? draft.signature.id : draft.signature.kind}
            onChange={(event) => {
              const value = event.target.value;
              change({
                signature:
                  value === 'auto' || value === 'none' ? { kind: value } : { kind: 'chosen', id: value },
              });
            }}
          >
            <option value="auto">{t('compose.signatureAuto', { name: autoName })}</option>
            {signatures.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name || item.textSignature.split('\n')[0]}
              </option>
            ))}
            <option value="none">{t('compose.signatureNone')}</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.requestReadReceipt}
            onChange={(event) => change({ requestReadReceipt: event.target.checked })}
          />{' '}
          {t('compose.requestReceipt')}
        </label>
        {signature !== undefined && signature.text.trim() !== '' && (
          <pre className="signature-preview" aria-label={t('compose.signature')}>
            {`-- \n${signature.text}`}
          </pre>
        )}
      </div>
      {isDragging && <p className="drop-hint">{t('compose.dropHere')}</p>}
      {(draft.attachments.length > 0 || uploads.length > 0) && (
        <ul className="composer-attachments">
          {draft.attachments.map((attachment) => (
            <li key={attachment.blobId}>
              {attachment.name}{' '}
              <button
                type="button"
                aria-label={t('compose.removeAttachment', { name: attachment.name })}
                onClick={() =>
                  change({ attachments: draft.attachments.filter((other) => other !== attachment) })
                }
              >
                ×
              </button>
            </li>
          ))}
          {uploads.map((upload) => (
            <li key={upload.key} role={upload.error === undefined ? 'status' : 'alert'}>
              {upload.error === undefined ? (
                <>
                  {t('compose.uploading', { name: upload.name, percent: Math.round(upload.progress * 100) })}
                  <progress max={1} value={upload.progress} />
                </>
              ) : (
                t('compose.uploadFailed', { name: upload.name, reason: upload.error })
              )}
            </li>
          ))}
        </ul>
      )}
      {schedule !== undefined && (
        <div className="schedule-form">
          <label>
            {t('compose.scheduleDay')}
            <input
              type="date"
              value={schedule.day}
              onChange={(event) => setSchedule({ ...schedule, day: event.target.value })}
            />
          </label>
          <label>
            {t('compose.scheduleTime')}
            <input
              type="time"
              value={schedule.time}
              onChange={(event) => setSchedule({ ...schedule, time: event.target.value })}
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={isSending}
            onClick={() => {
              const at = zonedInstant(schedule.day, schedule.time, timeZone);
              if (!isSchedulable(at, new Date())) {
                setStatus({ kind: 'error', text: t('compose.scheduleInvalid') });
                return;
              }
              void send(at);
            }}
          >
            {t('compose.scheduleConfirm')}
          </button>
        </div>
      )}
      <div className="composer-actions">
        <button type="button" className="primary" disabled={isSending} onClick={() => void send()}>
          {t('compose.send')}
        </button>
        {schedule === undefined && (
          <button type="button" onClick={() => setSchedule(tomorrowMorning(timeZone))}>
            {t('compose.schedule')}
          </button>
        )}
        <button type="button" onClick={close}>
          {t('compose.close')}
        </button>
        <button type="button" onClick={discard}>
          {t('compose.discard')}
        </button>
        <span className="composer-status" role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.kind === 'saving'
            ? t('compose.saving')
            : status.kind === 'saved'
              ? t('compose.savedAt', { time: status.text })
              : status.kind === 'saveFailed'
                ? t('compose.saveFailed')
                : status.kind === 'error'
                  ? status.text
                  : ''}
        </span>
      </div>
    </section>
  );
}
