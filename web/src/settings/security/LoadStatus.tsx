// What a Security section shows until it has read its list: a busy line, or why the list could not be read.

import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './SecurityMessage.tsx';
import type { Loaded } from './use-loaded.ts';

export function LoadStatus({ loaded }: { readonly loaded: Loaded<unknown> }) {
  const { t } = useTranslation();
  if (loaded.state === 'loading') return <p aria-busy="true">{t('securityCommon.loading')}</p>;
  if (loaded.state === 'failed') return <ErrorAlert text={loaded.message} />;
  return null;
}
