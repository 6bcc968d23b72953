/**
 * A learner's edits to a lesson's runnable block are kept in this browser
 * (as A Tour of Go does), per lesson and block number, until they press
 * Reset. An edit is tied to the code it started from: when the lesson's code
 * changes, the old edit is dropped rather than shown in place of the new code.
 */

interface Saved {
  /** Hash of the lesson's code the edit started from. */
  base: string;
  code: string;
}

const key = (lessonId: string, block: number) => `gopherlab.block.${lessonId}.${block}`;

/** FNV-1a, 32 bits: enough to notice that a block's code changed. */
export function hashCode(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function loadEdit(lessonId: string, block: number, original: string, storage: Pick<Storage, 'getItem' | 'removeItem'> | null = safeStorage()): string | null {
  try {
    const raw = storage?.getItem(key(lessonId, block));
    if (!raw) return null;
    const saved = JSON.parse(raw) as Partial<Saved>;
    if (saved.base === hashCode(original) && typeof saved.code === 'string' && saved.code !== original) return saved.code;
    storage?.removeItem(key(lessonId, block));
  } catch {
    // Unreadable: the lesson's code it is.
  }
  return null;
}

/** Keeps `code` for the block, or forgets it when it is the lesson's code again. */
export function saveEdit(lessonId: string, block: number, original: string, code: string, storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage()): void {
  try {
    if (code === original) storage?.removeItem(key(lessonId, block));
    else storage?.setItem(key(lessonId, block), JSON.stringify({ base: hashCode(original), code } satisfies Saved));
  } catch {
    // Full or unavailable storage: the edit lasts until the page is left.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
