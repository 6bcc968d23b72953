/**
 * Lesson code must look like the editor's: same grammar, same colours. The
 * editor's colours come from its own highlight styles (CodeMirror's default
 * style in light, One Dark in dark); ours from the web stylesheet's `.code-go
 * .tok-*` rules. For every character of a corpus of Go code (a program using
 * every kind of token, and every Go block of the course) both must agree.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { goLanguage } from '@codemirror/lang-go';
import { defaultHighlightStyle, type HighlightStyle } from '@codemirror/language';
import { color as oneDark, oneDarkHighlightStyle } from '@codemirror/theme-one-dark';
import { parser } from '@lezer/go';
import { classHighlighter, highlightCode, highlightTree, tagHighlighter, tags, type Highlighter } from '@lezer/highlight';
import { describe, expect, it } from 'vitest';
import { parseMarkdownBody, splitFrontMatter } from '../format/markdown.js';
import { highlightGo } from './highlight.js';

const SAMPLE = `package main

import (
	"fmt"
	"strings"
)

type Point struct{ X, Y int }

type Number interface{ ~int | ~float64 }

func (p *Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

const limit = 10

var ch = make(chan int, 1)

// main prints.
func main() {
	var n int = 3
	s := "hi\\n" + \`raw\`
	r := 'x'
	b := true && n != 0 || false
	/* block
	   comment */
	m := map[string]int{"a": 1}
	for i := range 3 {
		n += i
		n++
	}
	go func() { ch <- 1 }()
	x := <-ch
	p := &Point{X: 1}
	var err error = nil
	fmt.Println(s, r, b, m, x, p.X, strings.ToUpper("a"), len(s), 3.5, 0x1f, 1e9, err, *p)
loop:
	for {
		break loop
	}
	if n > limit {
		return
	} else {
		defer fmt.Println()
	}
	switch {
	case n == 1:
		fallthrough
	default:
	}
	select {}
	goto loop
	_ = n &^ 3 << 1 >> 2 % 4
	var f func(...int) [2]any
	_ = f
}
`;

const root = path.resolve(import.meta.dirname, '../../../..');

function courseGo(): string[] {
  const dir = path.join(root, 'course');
  return readdirSync(dir)
    .filter((d) => /^\d\d-/.test(d))
    .flatMap((m) => readdirSync(path.join(dir, m)).map((l) => path.join(dir, m, l, 'lesson.en.md')))
    .flatMap((file) => parseMarkdownBody(splitFrontMatter(readFileSync(file, 'utf8')).body).codeBlocks)
    .filter((b) => b.lang === 'go')
    .map((b) => b.code);
}

/** Colour per character as the editor paints it, from a HighlightStyle's own CSS rules; `undefined` for the text colour. */
function editorColours(code: string, style: HighlightStyle, text?: string): (string | undefined)[] {
  const colourOf = new Map<string, string>();
  for (const rule of style.module!.getRules().split('\n')) {
    const m = /^\.(\S+)\s*\{(.*)\}/.exec(rule);
    const colour = m && /(?:^|;)\s*color:\s*([^;]+)/.exec(m[2]!)?.[1];
    if (m && colour && normalize(colour) !== text) colourOf.set(m[1]!, normalize(colour));
  }
  const out: (string | undefined)[] = new Array(code.length).fill(undefined);
  highlightTree(parser.parse(code), style, (from, to, classes) => {
    const colour = classes.split(' ').map((c) => colourOf.get(c)).find(Boolean);
    for (let i = from; i < to; i++) out[i] = colour;
  });
  return out;
}

interface Rule {
  dark: boolean;
  classes: string[];
  colour: string;
  order: number;
}

/** The `.code-go .tok-*` colour rules of the web stylesheet. */
const stylesheet = () => readFileSync(path.join(root, 'packages/web/src/styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

function stylesheetRules(): Rule[] {
  const css = stylesheet();
  const rules: Rule[] = [];
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const colour = /(?:^|;)\s*color:\s*([^;]+)/.exec(m[2]!)?.[1]?.trim();
    if (!colour) continue;
    for (const selector of m[1]!.split(',').map((s) => s.trim())) {
      const sel = /^(:root\[data-theme='dark'\] )?\.code-go ((?:\.tok-[\w]+)+)$/.exec(selector);
      if (sel) rules.push({ dark: Boolean(sel[1]), classes: sel[2]!.split('.').filter(Boolean), colour: normalize(colour), order: rules.length });
    }
  }
  return rules;
}

function normalize(colour: string): string {
  const c = colour.trim().toLowerCase();
  return /^#[0-9a-f]{3}$/.test(c) ? '#' + [...c.slice(1)].map((x) => x + x).join('') : c;
}

/** The colour the stylesheet gives a span with these classes (highest specificity, then last rule). */
function cssColour(rules: Rule[], classes: string[], dark: boolean): string | undefined {
  let best: Rule | undefined;
  const weight = (r: Rule) => (r.dark ? 100 : 0) + r.classes.length;
  for (const r of rules) {
    if ((r.dark && !dark) || !r.classes.every((c) => classes.includes(c))) continue;
    if (!best || weight(r) > weight(best) || (weight(r) === weight(best) && r.order > best.order)) best = r;
  }
  return best && best.colour !== 'inherit' ? best.colour : undefined;
}

/** Colour per character of our server-side HTML under the stylesheet; `undefined` for the text colour. */
function lessonColours(code: string, rules: Rule[], dark: boolean, textColour?: string): (string | undefined)[] {
  const html = highlightGo(code).replace(/<span class="line">|<\/span>(?=\n|$)/g, '');
  const out: (string | undefined)[] = [];
  const text = code.endsWith('\n') ? code.slice(0, -1) : code;
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<span class="([^"]+)">([^<]*)<\/span>|([^<]+)/g)) {
    const chunk = decode(m[2] ?? m[3]!);
    const css = m[1] ? cssColour(rules, m[1].split(' '), dark) : undefined;
    const colour = css === textColour ? undefined : css;
    for (let i = 0; i < chunk.length; i++) out.push(colour);
  }
  expect(out.length).toBe(text.length);
  return out;
}

describe('Go highlighting', () => {
  const corpus = [SAMPLE, ...courseGo()];

  it('uses the grammar of the editor (@codemirror/lang-go)', () => {
    const extra = tagHighlighter([
      { tag: tags.function(tags.variableName), class: 'tok-function' },
      { tag: tags.character, class: 'tok-character' },
      { tag: tags.modifier, class: 'tok-modifier' },
    ]);
    const viaEditor = (code: string) => {
      const text = code.replace(/\n$/, '');
      let out = '';
      const hl: Highlighter[] = [classHighlighter, extra];
      highlightCode(text, goLanguage.parser.parse(text), hl, (t, c) => (out += c ? `<span class="${c}">${t}</span>` : t), () => (out += '\n'));
      return out;
    };
    const ours = (code: string) => highlightGo(code).replace(/<span class="line">|<\/span>(?=\n|$)/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(corpus.length).toBeGreaterThan(20);
    for (const code of corpus) expect(ours(code)).toBe(viaEditor(code));
  });

  it('puts dark code on One Dark\u2019s background, in its text colour', () => {
    const rule = [...stylesheet().matchAll(/([^{}]+)\{([^{}]*)\}/g)].find((m) => m[1]!.split(',').some((s) => s.trim() === ":root[data-theme='dark'] .code-go"));
    expect(rule?.[2]).toMatch(new RegExp(`(^|;)\\s*background:\\s*${oneDark.background}\\s*(;|$)`, 'i'));
    expect(rule?.[2]).toMatch(new RegExp(`(^|;)\\s*color:\\s*${oneDark.ivory}\\s*(;|$)`, 'i'));
  });

  it.each([
    ['light', defaultHighlightStyle, false, undefined],
    ['dark', oneDarkHighlightStyle, true, normalize(oneDark.ivory)],
  ] as const)('paints every character in the editor\u2019s %s colours', (_name, style, dark, textColour) => {
    const rules = stylesheetRules();
    expect(rules.length).toBeGreaterThan(20);
    for (const code of corpus) {
      const want = editorColours(code, style, textColour);
      const got = lessonColours(code, rules, dark, textColour);
      const text = code.replace(/\n$/, '');
      for (let i = 0; i < text.length; i++) {
        if (/\s/.test(text[i]!)) continue;
        if (got[i] !== want[i]) {
          const lineStart = text.lastIndexOf('\n', i) + 1;
          throw new Error(`"${text.slice(lineStart, text.indexOf('\n', i) >>> 0)}" col ${i - lineStart + 1} ("${text[i]}"): editor ${want[i] ?? 'default'}, lesson ${got[i] ?? 'default'}`);
        }
      }
    }
  });

  it('escapes the source and keeps one line span per line', () => {
    const out = highlightGo('a := "<b>&"\n\n// x\n');
    expect(out.split('\n')).toHaveLength(3);
    expect(out).toContain('&quot;&lt;b&gt;&amp;&quot;');
    expect(out).toMatch(/^<span class="line">.*<\/span>\n<span class="line"><\/span>\n<span class="line"><span class="tok-comment">\/\/ x<\/span><\/span>$/);
  });
});
