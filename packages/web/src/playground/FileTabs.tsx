import type { SourceFile } from '../api/types.js';
import { useI18n } from '../i18n/index.js';
import { addFile, deleteFile, renameFile, type FileResult } from './files.js';
import { formatTxtar, importText } from './txtar.js';

interface Props {
  files: SourceFile[];
  active: string;
  onSelect(name: string): void;
  onChange(files: SourceFile[], active?: string): void;
  onMessage(text: string): void;
}

/** File tabs with add/rename/delete and txtar import/export (the Go Playground's multi-file format). */
export function FileTabs({ files, active, onSelect, onChange, onMessage }: Props) {
  const { t } = useI18n();
  const apply = (r: FileResult, nextActive?: string) => {
    if (r.ok) onChange(r.files, nextActive);
    else onMessage(t(r.error === 'invalid_name' ? 'files.invalidName' : r.error === 'duplicate' ? 'files.duplicate' : 'files.lastFile'));
  };
  return (
    <div className="file-tabs">
      <div role="tablist" aria-label={t('files.tabs')} className="tabs">
        {files.map((f) => (
          <button
            key={f.name}
            type="button"
            role="tab"
            aria-selected={f.name === active}
            className={f.name === active ? 'tab active' : 'tab'}
            onClick={() => onSelect(f.name)}
          >
            {f.name}
          </button>
        ))}
      </div>
      <div className="file-actions">
        <button
          type="button"
          aria-label={t('files.add')}
          title={t('files.add')}
          onClick={() => {
            const name = window.prompt(t('files.namePrompt'));
            if (name !== null) apply(addFile(files, name), name.trim());
          }}
        >
          +
        </button>
        <button
          type="button"
          aria-label={t('files.rename')}
          title={t('files.rename')}
          onClick={() => {
            const name = window.prompt(t('files.namePrompt'), active);
            if (name !== null && name.trim() !== active) apply(renameFile(files, active, name), name.trim());
          }}
        >
          ✎
        </button>
        <button
          type="button"
          aria-label={t('files.delete')}
          title={t('files.delete')}
          onClick={() => {
            if (files.length <= 1) return onMessage(t('files.lastFile'));
            if (window.confirm(t('files.deleteConfirm', { name: active }))) {
              const r = deleteFile(files, active);
              apply(r, r.ok ? r.files[0]!.name : undefined);
            }
          }}
        >
          ✕
        </button>
        <button
          type="button"
          aria-label={t('files.import')}
          title={t('files.import')}
          onClick={() => {
            const text = window.prompt(t('files.importPrompt'));
            if (!text) return;
            const imported = importText(text).filter((f) => f.name.length > 0);
            const bad = imported.find((f) => addFile([], f.name).ok === false);
            if (bad || imported.length === 0) return onMessage(t('files.invalidName'));
            onChange(imported, imported[0]!.name);
          }}
        >
          ⇣ txtar
        </button>
        <button
          type="button"
          aria-label={t('files.export')}
          title={t('files.export')}
          onClick={() => {
            const blob = new Blob([formatTxtar({ comment: '', files })], { type: 'text/plain' });
            const a = document.createElement('a');
            a.href = URL.createObjectURL(blob);
            a.download = 'gopherlab.txtar';
            a.click();
            setTimeout(() => URL.revokeObjectURL(a.href), 1000);
          }}
        >
          ⇡ txtar
        </button>
      </div>
    </div>
  );
}
