// Sending identities and their signatures: one card per address the account may send from (Identity/get),
// with its name, Reply-To and Bcc (Identity/set), then its signatures (Signature/get, /set) and which one
// colleagues and outside recipients get by default. Bounds come from the session (urn:vercors:jmap).

import type { JmapIdentity, JmapSignature } from '@vercors/contract';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.ts';
import { IdentityForm } from './IdentityForm.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { SignatureList } from './SignatureList.tsx';
import { useLoad } from './use-load.ts';
import { signatureBounds } from './vercors-bounds.ts';
import './mail-settings.css';

interface IdentitiesAndSignatures {
  readonly identities: readonly JmapIdentity[];
  readonly signatures: readonly JmapSignature[];
}

export function IdentitySettings({ client, onError }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const load = useCallback(async (): Promise<IdentitiesAndSignatures> => {
    const results = await client.call([
      ['Identity/get', { accountId: client.accountId, ids: null }, 'i'],
      ['Signature/get', { accountId: client.accountId, ids: null }, 's'],
    ]);
    return {
      identities: (results.get('i') as { list: JmapIdentity[] }).list,
      signatures: (results.get('s') as { list: JmapSignature[] }).list,
    };
  }, [client]);
  const { loaded, reload, update } = useLoad(load, onError);
  const bounds = signatureBounds(client.session.capabilities['urn:vercors:jmap']);
  const collator = new Intl.Collator(i18n.language, { sensitivity: 'base' });

  return (
    <section className="mail-settings" aria-labelledby="identity-settings-title">
      <h2 id="identity-settings-title">{t('settingsIdentities.title')}</h2>
      <p className="settings-hint">{t('settingsIdentities.intro')}</p>
      {loaded.stage !== 'ready' ? (
        <LoadStatus loaded={loaded} onRetry={reload} />
      ) : loaded.data.identities.length === 0 ? (
        <p className="settings-empty">{t('settingsIdentities.none')}</p>
      ) : (
        [...loaded.data.identities]
          // The primary address (which cannot be deleted) first, then the aliases by address.
          .sort((a, b) => Number(a.mayDelete) - Number(b.mayDelete) || collator.compare(a.email, b.email))
          .map((identity) => (
            <article key={identity.id} className="settings-card" aria-labelledby={`identity-${identity.id}`}>
              <h3 id={`identity-${identity.id}`}>{identity.email}</h3>
              <IdentityForm
                client={client}
                identity={identity}
                onError={onError}
                onSaved={(saved) =>
                  update((data) => ({
                    ...data,
                    identities: data.identities.map((other) => (other.id === saved.id ? saved : other)),
                  }))
                }
              />
              <SignatureList
                client={client}
                identity={identity}
                signatures={loaded.data.signatures.filter(
                  (signature) => signature.identityId === identity.id,
                )}
                accountCount={loaded.data.signatures.length}
                bounds={bounds}
                onError={onError}
                onChanged={(change) => update((data) => ({ ...data, signatures: change(data.signatures) }))}
              />
            </article>
          ))
      )}
    </section>
  );
}
