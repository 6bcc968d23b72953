import { describe, expect, it } from 'vitest';
import { splitOneFileTests, testFuncSpans } from './onefile.js';

const MAIN = `package main

import (
	"fmt"
	"strings"
	"testing"
)

func Shout(s string) string { return strings.ToUpper(s) + "}" }

func main() { fmt.Println(Shout("hi")) }

// TestShout checks the braces in strings do not confuse the splitter: "{".
func TestShout(t *testing.T) {
	if got := Shout("a"); got != "A}" {
		t.Errorf("Shout(a) = %q, want %q", got, "A}")
	}
}

func BenchmarkShout(b *testing.B) {
	for b.Loop() {
		_ = Shout(\`{\`)
	}
}

func Testify() {}
`;

describe('splitOneFileTests', () => {
  it('moves the test functions into a generated _test.go, keeping every line number', () => {
    const [main, tests] = splitOneFileTests([{ name: 'main.go', content: MAIN }]);
    expect(main!.name).toBe('main.go');
    expect(tests!.name).toBe('main_gopherlab_test.go');
    const mainLines = main!.content.split('\n');
    const testLines = tests!.content.split('\n').slice(1); // after the //line directive
    expect(tests!.content.startsWith('//line main.go:1\n')).toBe(true);
    expect(mainLines).toHaveLength(MAIN.split('\n').length);
    expect(testLines).toHaveLength(MAIN.split('\n').length);
    // Line 14 (1-based) is TestShout in both the original and the test file; blank in main.go.
    expect(testLines[13]).toBe('func TestShout(t *testing.T) {');
    expect(mainLines[13]).toBe('');
    expect(mainLines[8]).toContain('func Shout');
    // Testify is not a test (lower-case after Test): it stays.
    expect(main!.content).toContain('func Testify() {}');
    expect(tests!.content).not.toContain('Testify');
  });

  it('blanks the imports each half does not use', () => {
    const [main, tests] = splitOneFileTests([{ name: 'main.go', content: MAIN }]);
    expect(main!.content).toContain('\t_ "testing"');
    expect(main!.content).toContain('\t"fmt"');
    expect(tests!.content).toContain('\t_ "fmt"');
    expect(tests!.content).toContain('\t_ "strings"');
    expect(tests!.content).toContain('\t"testing"');
  });

  it('leaves a folder that already has _test.go files, and files without tests, alone', () => {
    const files = [
      { name: 'main.go', content: MAIN },
      { name: 'main_test.go', content: 'package main\n' },
      { name: 'lib/lib.go', content: 'package lib\n\nfunc F() {}\n' },
    ];
    expect(splitOneFileTests(files)).toEqual(files);
  });

  it('finds function ends past braces in strings, runes, raw strings and comments', () => {
    const src = "package p\n\nfunc TestA(t *testing.T) {\n\t_ = '{'\n\t/* } */\n\t_ = `}`\n}\n\nfunc after() {}\n";
    expect(testFuncSpans(src)).toEqual([[2, 6]]);
  });
});
