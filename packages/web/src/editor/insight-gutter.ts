/**
 * The editor's insight gutter: per line, the heat of the last profile and a
 * mark for each compiler note (see playground/lineNotes.ts), with the notes
 * as the marker's tooltip. Markers are read from a getter at every update,
 * like the line classes, so they never point past the end of a shrunk file.
 */
import { gutter, GutterMarker, type EditorView } from '@codemirror/view';
import type { LineNote } from '../playground/lineNotes.js';

class InsightMarker extends GutterMarker {
  constructor(private readonly note: LineNote) {
    super();
  }
  override eq(other: InsightMarker): boolean {
    return other.note === this.note;
  }
  override toDOM(): Node {
    const el = document.createElement('span');
    el.className = 'cm-insight';
    el.textContent = this.note.label;
    el.title = this.note.notes.join('\n');
    el.dataset.line = String(this.note.line);
    if (this.note.heat !== undefined) {
      el.classList.add('hot');
      // The heat is a share of the hottest line: 0 stays visible, 1 is the full colour.
      el.style.setProperty('--heat', `${Math.round(15 + this.note.heat * 70)}%`);
    }
    return el;
  }
}

export function insightGutter(notes: () => readonly LineNote[] | undefined) {
  return gutter({
    class: 'cm-insight-gutter',
    lineMarker(view: EditorView, block) {
      const n = notes();
      if (!n?.length) return null;
      const line = view.state.doc.lineAt(block.from).number;
      const note = n.find((x) => x.line === line);
      return note ? new InsightMarker(note) : null;
    },
    // Ask again on every update: the notes come from React props, not from the editor state.
    lineMarkerChange: () => true,
    initialSpacer: () => new InsightMarker({ line: 0, label: '00%', notes: [] }),
  });
}
