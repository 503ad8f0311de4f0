// doctor: the TLS certificate every listener presents — readable, matching its key, valid now and for a
// while, naming the host name clients connect to, and issued by someone clients trust.

import { existsSync } from 'node:fs';
import type { Locale } from '@vercors/contract';
import type { Clock } from '#core/clock';
import { ConfigError } from '#core/errors';
import { defineMessages } from '#core/i18n';
import { certificateNames } from '../../runtime/tls/inspect-certificate.ts';
import { loadTlsMaterial, tlsFiles, type TlsSettings } from '../../runtime/tls/index.ts';
import type { CheckResult } from './doctor-check.ts';

const MESSAGES = defineMessages({
  fr: {
    problem: '{problem}',
    problemFix: 'corrigez tls.certificate / tls.private-key (chemins, droits, format PEM)',
    notYet: 'pas encore de certificat : vercors serve en créera un autosigné pour {hostname}',
    notYetFix: 'en production, indiquez un certificat reconnu dans tls.certificate et tls.private-key',
    loaded: 'certificat {path} et sa clé : lus et cohérents',
    expired: 'le certificat a expiré le {date}',
    expiredFix: 'renouvelez-le (ou supprimez le certificat autosigné : il sera refait au démarrage)',
    expiresSoon: 'le certificat expire le {date}, dans {days} jour(s)',
    expiresSoonFix: 'renouvelez-le avant l’échéance ; SIGHUP le recharge sans coupure',
    valid: 'valide jusqu’au {date}',
    notYetValid: 'le certificat n’est valide qu’à partir du {date}',
    notYetValidFix: 'vérifiez l’horloge de la machine (NTP) et la date du certificat',
    hostMatch: 'il couvre le nom d’hôte {hostname}',
    hostMismatch: 'il ne couvre pas le nom d’hôte {hostname} (noms : {names})',
    hostMismatchFix: 'utilisez un certificat pour {hostname}, ou réglez hostname sur un nom qu’il couvre',
    selfSigned:
      'certificat autosigné : téléphones et autres serveurs le refuseront ou afficheront une alerte',
    selfSignedFix:
      'en production, utilisez un certificat d’une autorité reconnue (Let’s Encrypt, IGC de l’académie)',
  },
  en: {
    problem: '{problem}',
    problemFix: 'fix tls.certificate / tls.private-key (paths, permissions, PEM format)',
    notYet: 'no certificate yet: vercors serve will make a self-signed one for {hostname}',
    notYetFix: 'in production, set a trusted certificate in tls.certificate and tls.private-key',
    loaded: 'certificate {path} and its key: readable and matching',
    expired: 'the certificate expired on {date}',
    expiredFix: 'renew it (or delete the self-signed one: it is made again at start)',
    expiresSoon: 'the certificate expires on {date}, in {days} day(s)',
    expiresSoonFix: 'renew it before then; SIGHUP reloads it without interruption',
    valid: 'valid until {date}',
    notYetValid: 'the certificate is only valid from {date}',
    notYetValidFix: 'check the machine’s clock (NTP) and the certificate’s dates',
    hostMatch: 'it covers the host name {hostname}',
    hostMismatch: 'it does not cover the host name {hostname} (names: {names})',
    hostMismatchFix: 'use a certificate for {hostname}, or set hostname to a name it covers',
    selfSigned: 'self-signed certificate: phones and other servers will refuse it or show a warning',
    selfSignedFix:
      'in production, use a certificate from a trusted authority (Let’s Encrypt, the académie’s PKI)',
  },
});

/** Renewal tooling (ACME) works 30 days ahead; three weeks left means it has stopped working. */
const EXPIRY_WARNING_DAYS = 21;
const DAY_MS = 86_400_000;

export async function checkTls(locale: Locale, settings: TlsSettings, clock: Clock): Promise<CheckResult[]> {
  const t = (key: (typeof MESSAGES.keys)[number], params: Record<string, string | number> = {}) =>
    MESSAGES.t(locale, key, params);
  const results: CheckResult[] = [];
  const add = (status: CheckResult['status'], message: string, fix?: string) =>
    results.push({ area: 'tls', status, message, ...(fix !== undefined && { fix }) });
  const day = (date: Date) => date.toISOString().slice(0, 10);

  let material: Awaited<ReturnType<typeof loadTlsMaterial>>;
  try {
    const files = tlsFiles(settings);
    if (files.source === 'self-signed' && !existsSync(files.certificatePath)) {
      add('warn', t('notYet', { hostname: settings.hostname }), t('notYetFix'));
      return results;
    }
    material = await loadTlsMaterial(settings);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) add('fail', t('problem', { problem }), t('problemFix'));
    return results;
  }
  add('ok', t('loaded', { path: material.certificatePath }));

  const { info } = material;
  const now = clock.nowMs();
  const daysLeft = Math.floor((info.notAfter.getTime() - now) / DAY_MS);
  if (info.notAfter.getTime() <= now)
    add('fail', t('expired', { date: day(info.notAfter) }), t('expiredFix'));
  else if (info.notBefore.getTime() > now)
    add('fail', t('notYetValid', { date: day(info.notBefore) }), t('notYetValidFix'));
  else if (daysLeft < EXPIRY_WARNING_DAYS) {
    add('warn', t('expiresSoon', { date: day(info.notAfter), days: daysLeft }), t('expiresSoonFix'));
  } else add('ok', t('valid', { date: day(info.notAfter) }));

  if (certificateNames(info, settings.hostname)) add('ok', t('hostMatch', { hostname: settings.hostname }));
  else {
    const names = info.subjectAltNames.join(', ') || info.subject;
    // A configured certificate that does not name the host fails every client; a self-signed one fails anyway.
    const status = material.source === 'configured' ? 'fail' : 'warn';
    add(
      status,
      t('hostMismatch', { hostname: settings.hostname, names }),
      t('hostMismatchFix', { hostname: settings.hostname }),
    );
  }
  if (info.isSelfSigned) add('warn', t('selfSigned'), t('selfSignedFix'));
  return results;
}
