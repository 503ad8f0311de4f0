// The account's open web sessions on the Security screen: this browser first and marked, then the others by
// last use, each with its device in plain words, address, start, last use and whether it was opened as a
// shared computer; end one, or all but this one (a lost laptop, a forgotten staff-room computer).

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebSessionInfo } from './auth-api.ts';
import { useFailureText } from './auth-failure.ts';
import { deviceOf } from './device-words.ts';
import type { SectionProps } from './section-props.ts';
import { SecurityList } from './SecurityList.tsx';
import { SecurityListItem } from './SecurityListItem.tsx';
import { errorOutcome, type Outcome, OutcomeMessage } from './SecurityMessage.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { useLoaded } from './use-loaded.ts';
import { useSubmission } from './use-submission.ts';

/** This browser first, then the most recently used. */
function ordered(sessions: readonly WebSessionInfo[]): WebSessionInfo[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
}

export function WebSessions({ api, onError, when, version }: SectionProps & { readonly version: number }) {
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const [ownVersion, setOwnVersion] = useState(0);
  const readList = useCallback(async () => ordered(await api.sessions()), [api]);
  // Read again after a change here or one the screen reports (both versions only grow).
  const listing = useLoaded(readList, failureText, version + ownVersion);
  const { isBusy, message, setMessage, run } = useSubmission<Outcome>();

  const act = (action: () => Promise<string>) =>
    run(
      async () => {
        setMessage({ kind: 'done', text: await action() });
        setOwnVersion((current) => current + 1);
      },
      (error) => errorOutcome(failureText(error)),
    );
  const deviceText = (userAgent: string) => {
    const { browser, system } = deviceOf(userAgent);
    if (browser !== undefined && system !== undefined)
      return t('securitySessions.browserOn', { browser, system });
    return browser ?? system ?? t('securitySessions.unknownDevice');
  };

  const sessions = listing.state === 'ready' ? listing.value : [];
  const others = sessions.filter((session) => !session.current).length;
  return (
    <SecuritySection title={t('securitySessions.title')}>
      <p>{t('securitySessions.explain')}</p>
      {/* Never empty once read: this browser's own session is in it. */}
      <SecurityList loaded={listing} items={sessions} label={t('securitySessions.listLabel')}>
        {(session) => (
          <SecurityListItem
            key={session.id}
            isCurrent={session.current}
            title={
              <>
                {deviceText(session.userAgent)}
                {session.current && <span className="security-tag">{t('securitySessions.current')}</span>}
                {session.isSharedComputer && (
                  <span className="security-tag">{t('securitySessions.shared')}</span>
                )}
              </>
            }
            details={[
              t('securitySessions.address', { address: session.remoteAddress || '?' }),
              t('securitySessions.lastSeen', { date: when(session.lastSeenAt) }),
              t('securitySessions.started', { date: when(session.createdAt) }),
            ]}
            actions={
              session.current ? undefined : (
                <button
                  type="button"
                  disabled={isBusy}
                  aria-label={t('securitySessions.endNamed', { device: deviceText(session.userAgent) })}
                  onClick={() =>
                    void act(async () => {
                      await api.endSession(session.id);
                      return t('securitySessions.ended');
                    })
                  }
                >
                  {t('securitySessions.end')}
                </button>
              )
            }
          />
        )}
      </SecurityList>
      <OutcomeMessage outcome={message} />
      {listing.state === 'ready' && (
        <div className="security-actions">
          {others === 0 ? (
            <p className="security-empty">{t('securitySessions.noOthers')}</p>
          ) : (
            <button
              type="button"
              disabled={isBusy}
              onClick={() =>
                void act(async () =>
                  t('securitySessions.endedOthers', { count: await api.endOtherSessions() }),
                )
              }
            >
              {t('securitySessions.endOthers')}
            </button>
          )}
        </div>
      )}
    </SecuritySection>
  );
}
