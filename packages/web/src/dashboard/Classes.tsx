/**
 * Classes on the dashboard: everyone can join one with an invite code;
 * instructors create classes, see their invite codes and open each class's
 * dashboard.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { ApiError, api } from '../api/index.js';
import type { ClassSummary, User } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { useAsync } from '../learn/useAsync.js';

export function Classes({ user }: { user: User }) {
  const { t } = useI18n();
  const staff = user.role === 'instructor' || user.role === 'admin';
  const [version, setVersion] = useState(0);
  const [data] = useAsync(() => api.classes(), [version]);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const attempt = async (fn: () => Promise<string>) => {
    try {
      setNote({ kind: 'ok', text: await fn() });
      setVersion((v) => v + 1);
    } catch (e) {
      setNote({ kind: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const join = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    void attempt(async () => t('classes.joined', { name: (await api.joinClass(code)).name }));
  };
  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '');
    void attempt(async () => {
      const c = await api.createClass(name);
      return t('classes.created', { name: c.name, code: c.inviteCode ?? '' });
    });
  };
  const lists = data.state === 'ok' ? data.value : { teaching: [], joined: [] };
  return (
    <section className="module classes" aria-labelledby="classes-title">
      <h2 id="classes-title">{t('classes.title')}</h2>
      {staff && (
        <>
          <h3>{t('classes.teaching')}</h3>
          {lists.teaching.length === 0 ? <p className="muted">{t('classes.noneTeaching')}</p> : <ClassList classes={lists.teaching} staff />}
          <form className="inline-form" onSubmit={create}>
            <input name="name" required maxLength={120} placeholder={t('classes.namePlaceholder')} aria-label={t('classes.name')} />
            <button type="submit">{t('classes.create')}</button>
          </form>
        </>
      )}
      {(!staff || lists.joined.length > 0) && <h3>{t('classes.joinedTitle')}</h3>}
      {lists.joined.length > 0 && <ClassList classes={lists.joined} staff={false} onLeave={(id) => void attempt(async () => (await api.leaveClass(id), t('classes.left')))} />}
      <form className="inline-form" onSubmit={join}>
        <input name="code" required minLength={4} maxLength={20} placeholder="ABCD-2345" aria-label={t('classes.code')} autoComplete="off" spellCheck={false} />
        <button type="submit">{t('classes.join')}</button>
      </form>
      {note && <p role={note.kind === 'error' ? 'alert' : 'status'}>{note.text}</p>}
    </section>
  );
}

function ClassList({ classes, staff, onLeave }: { classes: ClassSummary[]; staff: boolean; onLeave?: (id: string) => void }) {
  const { t } = useI18n();
  return (
    <ul className="lesson-list class-list">
      {classes.map((c) => (
        <li key={c.id} data-class={c.id}>
          {staff ? <Link href={`/classes/${c.id}`}>{c.name}</Link> : <strong>{c.name}</strong>}{' '}
          <span className="muted">{staff ? t('classes.members', { n: c.members }) : t('classes.by', { name: c.instructor })}</span>
          {staff && c.inviteCode && (
            <>
              {' '}
              <span className="muted">{t('classes.code')}</span> <code className="invite-code">{c.inviteCode}</code>
            </>
          )}
          {onLeave && (
            <>
              {' '}
              <button type="button" className="linklike" onClick={() => onLeave(c.id)}>
                {t('classes.leave')}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
