// An identity's signatures (Signature/set, docs/jmap.md "Vercors additions"), in the order the composer
// lists them: which one colleagues and outside recipients get by default, add (within the session's
// bounds), edit, move up or down, delete after a confirmation.

import type { JmapIdentity, JmapSignature } from '@vercors/contract';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../../jmap/jmap-client.ts';
import { sortedByListOrder } from './list-order.ts';
import { OrderedItemList } from './OrderedItemList.tsx';
import { runSet } from './run-set.ts';
import { signatureForAudience } from './signature-audience.ts';
import { NEW_SIGNATURE, SignatureEditor, type SignatureFields } from './SignatureEditor.tsx';
import type { SignatureBounds } from './vercors-bounds.ts';

export interface SignatureListProps {
  readonly client: JmapClient;
  readonly identity: JmapIdentity;
  /** This identity's signatures. */
  readonly signatures: readonly JmapSignature[];
  /** Signatures of the whole account, for its bound. */
  readonly accountCount: number;
  readonly bounds: SignatureBounds;
  /** Apply a change the server accepted to the account's signatures. */
  onChanged(change: (all: readonly JmapSignature[]) => readonly JmapSignature[]): void;
  onError(error: unknown): void;
}

export function SignatureList(props: SignatureListProps) {
  const { client, identity, signatures, accountCount, bounds, onChanged, onError } = props;
  const { t } = useTranslation();
  const id = useId();
  const sorted = sortedByListOrder(signatures);
  const internal = signatureForAudience(sorted, 'internal');
  const external = signatureForAudience(sorted, 'external');
  const displayName = (signature: JmapSignature) => signature.name || t('settingsSignatures.untitled');

  return (
    <section className="settings-block" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('settingsSignatures.title')}</h4>
      <p className="settings-hint">
        {internal === undefined
          ? t('settingsSignatures.internalNone')
          : t('settingsSignatures.internalUses', { name: displayName(internal) })}{' '}
        {external === undefined
          ? t('settingsSignatures.externalNone')
          : t('settingsSignatures.externalUses', { name: displayName(external) })}
      </p>
      <OrderedItemList<JmapSignature, SignatureFields>
        items={sorted}
        catalogue="settingsSignatures"
        label={t('settingsSignatures.listOf', { email: identity.email })}
        fullText={
          signatures.length >= bounds.maxSignaturesPerIdentity
            ? t('settingsSignatures.fullIdentity', { count: bounds.maxSignaturesPerIdentity })
            : accountCount >= bounds.maxSignaturesPerAccount
              ? t('settingsSignatures.fullAccount', { count: bounds.maxSignaturesPerAccount })
              : undefined
        }
        nameOf={displayName}
        summary={(signature) => (
          <>
            <p className="settings-item-head">
              <strong>{displayName(signature)}</strong>
              {signature.id === internal?.id && (
                <span className="settings-badge">{t('settingsSignatures.internalDefault')}</span>
              )}
              {signature.id === external?.id && (
                <span className="settings-badge">{t('settingsSignatures.externalDefault')}</span>
              )}
            </p>
            <p className="settings-hint">
              {signature.useForInternal && signature.useForExternal
                ? t('settingsSignatures.forBoth')
                : signature.useForInternal
                  ? t('settingsSignatures.forInternalOnly')
                  : signature.useForExternal
                    ? t('settingsSignatures.forExternalOnly')
                    : t('settingsSignatures.byHandOnly')}
              {signature.tone !== null &&
                ` ${signature.tone === 'formal' ? t('settingsSignatures.isFormal') : t('settingsSignatures.isInformal')}`}
            </p>
            {signature.textSignature.trim() !== '' && (
              <pre className="settings-excerpt">{signature.textSignature}</pre>
            )}
          </>
        )}
        editor={({ item, onSave, onCancel }) => (
          <SignatureEditor
            heading={
              item === undefined
                ? t('settingsSignatures.newFor', { email: identity.email })
                : t('settingsSignatures.editing', { name: displayName(item) })
            }
            initial={item ?? NEW_SIGNATURE}
            bounds={bounds}
            onSave={onSave}
            onCancel={onCancel}
          />
        )}
        set={(args) => runSet<JmapSignature>(client, 'Signature/set', args, onError)}
        newItem={(fields, sortOrder) => ({ identityId: identity.id, ...fields, sortOrder })}
        onChanged={onChanged}
      />
    </section>
  );
}
