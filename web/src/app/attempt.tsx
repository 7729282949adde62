import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from './session';

/**
 * The assessment attempt under way in this browser, so every page (a submission's too) shows its
 * countdown. Kept in localStorage: only the id, title and deadline, nothing secret; shown only
 * to the account it belongs to (another account signing in on this browser does not see it).
 */
export interface ActiveAttempt {
  userId: string;
  assessmentId: string;
  title: string;
  deadlineAt: string;
}

const KEY = 'dojo.attempt';
const listeners = new Set<() => void>();
let cached: { raw: string | null; value: ActiveAttempt | null } = { raw: null, value: null };

function read(): ActiveAttempt | null {
  const raw = localStorage.getItem(KEY);
  if (raw !== cached.raw) {
    let value: ActiveAttempt | null = null;
    try {
      value = raw ? (JSON.parse(raw) as ActiveAttempt) : null;
    } catch {
      value = null;
    }
    cached = { raw, value };
  }
  return cached.value;
}

export function rememberAttempt(a: ActiveAttempt): void {
  const raw = JSON.stringify({
    userId: a.userId,
    assessmentId: a.assessmentId,
    title: a.title,
    deadlineAt: a.deadlineAt,
  });
  if (localStorage.getItem(KEY) === raw) return;
  localStorage.setItem(KEY, raw);
  listeners.forEach((l) => l());
}

export function forgetAttempt(): void {
  localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  window.addEventListener('storage', l);
  return () => {
    listeners.delete(l);
    window.removeEventListener('storage', l);
  };
}

export function useActiveAttempt(): ActiveAttempt | null {
  return useSyncExternalStore(subscribe, read);
}

/** The current time, re-read every second (for countdowns). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/**
 * The countdown of the attempt under way, on every page. A timer is not announced every second
 * (role="timer" is silent); the end is, once, as an alert.
 */
export function AttemptBanner() {
  const { t } = useTranslation();
  const attempt = useActiveAttempt();
  const { user } = useSession();
  const now = useNow();
  if (!attempt || !user || attempt.userId !== user.id) return null;
  const left = new Date(attempt.deadlineAt).getTime() - now;
  const over = left <= 0;
  return (
    <div
      className={`attempt-banner${over ? ' over' : ''}`}
      data-testid="attempt-banner"
      role="region"
      aria-label={t('assessment.title')}
    >
      <Link to={`/assessments/${attempt.assessmentId}`}>{attempt.title}</Link>
      {over ? (
        <>
          <span role="alert" data-testid="time-up">
            {t('assessment.timeUp')}
          </span>
          <button type="button" onClick={forgetAttempt}>
            {t('assessment.dismiss')}
          </button>
        </>
      ) : (
        <span role="timer" aria-label={t('assessment.timeLeftAria', { time: formatRemaining(left) })}>
          {t('assessment.timeLeft')} <strong data-testid="countdown">{formatRemaining(left)}</strong>
        </span>
      )}
    </div>
  );
}
