/**
 * The rendered lesson as it crosses to the browser (GET /api/v1/lessons/:id):
 * type-only and browser-safe, imported by the web app as
 * @gopherlab/course/lesson-types so the shapes are defined once.
 */
export interface HtmlSegment {
  kind: 'html';
  html: string;
}

export interface CodeSegment {
  kind: 'code';
  /** 1-based position among all fenced blocks of the lesson: "code block N" in `gopherlab course validate`. */
  block: number;
  /** First word of the info string: `go`, `sh`, `text`, `output`... */
  lang: string;
  /** The whole info string, e.g. `go run`. */
  info: string;
  /** `run` for ```go run, `build` for ```go build, otherwise null (shown only). */
  mode: 'run' | 'build' | null;
  /** The code as written, ending with a newline. */
  source: string;
  /** Inner HTML of the block's `<code>`: escaped, Go highlighted, one `<span class="line">` per line. */
  html: string;
  /** For a `go run` block: the text of the ```output block that follows it (its expected stdout)... */
  expectedOutput?: string;
  /** ...and that output block's own number. */
  outputBlock?: number;
}

export type LessonSegment = HtmlSegment | CodeSegment;
