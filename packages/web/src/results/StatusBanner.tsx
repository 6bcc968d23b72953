import type { RunReport } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { bannerFor } from './banner.js';

export function StatusBanner({ report }: { report: RunReport }) {
  const { t } = useI18n();
  const b = bannerFor(report);
  if (!b) return null;
  return (
    <div role="alert" className={`banner banner-${b.status}`} data-status={b.status}>
      <strong>{t(b.title)}</strong>
      <p>{t(b.hint, b.vars)}</p>
      {b.detail && <p className="banner-detail">{b.detail}</p>}
    </div>
  );
}

export function RequestErrorBanner({ code, message }: { code: string; message: string }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="banner banner-internal_error" data-status={code}>
      <strong>{t('status.request_error.title')}</strong>
      <p>
        {message} <code>{code}</code>
      </p>
    </div>
  );
}
