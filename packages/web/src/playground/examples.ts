/**
 * The playground's examples menu and its new-file templates: small programs
 * that each show one thing the engine measures, and the action that shows it.
 * Written as txtar (the Go Playground's multi-file format), parsed by the one
 * txtar parser.
 */
import { parseTxtar } from '@gopherlab/runner/txtar';
import type { Action, SourceFile } from '../api/types.js';
import type { MessageKey } from '../i18n/index.js';

export interface Example {
  id: string;
  label: MessageKey;
  /** The button that shows what the example is about. */
  action: Action;
  files: SourceFile[];
}

const txtar = (s: string): SourceFile[] => parseTxtar(s).files;

export const EXAMPLES: Example[] = [
  {
    id: 'hello',
    label: 'examples.hello',
    action: 'run',
    files: txtar(`-- main.go --
package main

import "fmt"

func main() {
	fmt.Println("Hello, gopherlab!")
}
`),
  },
  {
    id: 'test',
    label: 'examples.test',
    action: 'test',
    files: txtar(`-- main.go --
package main

import (
	"fmt"
	"strings"
	"testing"
)

// Initials returns the first letter of each word, upper-cased.
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}

func TestInitials(t *testing.T) {
	cases := map[string]string{"ada lovelace": "AL", "  grace  hopper ": "GH", "": ""}
	for in, want := range cases {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}

func main() { fmt.Println(Initials("rob pike")) }
`),
  },
  {
    id: 'bench',
    label: 'examples.bench',
    action: 'bench',
    files: txtar(`-- main.go --
package main

import (
	"fmt"
	"strings"
	"testing"
)

var words = strings.Fields(strings.Repeat("go is fun to measure ", 50))

// JoinPlus builds the string with +=: a new allocation for every word.
func JoinPlus(ws []string) string {
	s := ""
	for _, w := range ws {
		s += w + " "
	}
	return s
}

// JoinBuilder grows one buffer.
func JoinBuilder(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.String()
}

func BenchmarkJoinPlus(b *testing.B) {
	for b.Loop() {
		JoinPlus(words)
	}
}

func BenchmarkJoinBuilder(b *testing.B) {
	for b.Loop() {
		JoinBuilder(words)
	}
}

func main() { fmt.Println(len(JoinBuilder(words))) }
`),
  },
  {
    id: 'race',
    label: 'examples.race',
    action: 'race',
    files: txtar(`-- main.go --
package main

import (
	"fmt"
	"sync"
)

func main() {
	hits := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			hits++ // unsynchronised write from eight goroutines
		})
	}
	wg.Wait()
	fmt.Println("hits:", hits)
}
`),
  },
  {
    id: 'leak',
    label: 'examples.leak',
    action: 'test',
    files: txtar(`-- main.go --
package main

import (
	"fmt"
	"testing"
	"time"
)

// FirstOf starts one goroutine per source and returns the first answer.
// The others block forever on the unbuffered channel: a goroutine leak.
func FirstOf(sources ...func() string) string {
	ch := make(chan string)
	for _, src := range sources {
		go func() { ch <- src() }()
	}
	return <-ch
}

func TestFirstOf(t *testing.T) {
	slow := func() string { time.Sleep(time.Millisecond); return "slow" }
	fast := func() string { return "fast" }
	if got := FirstOf(fast, slow, slow); got == "" {
		t.Fatal("no answer")
	}
	time.Sleep(10 * time.Millisecond)
}

func main() { fmt.Println(FirstOf(func() string { return "hi" })) }
`),
  },
  {
    id: 'profile',
    label: 'examples.profile',
    action: 'profile',
    files: txtar(`-- main.go --
package main

import (
	"fmt"
	"sort"
	"strconv"
	"testing"
)

// TopKeys sorts every key to return the k largest: the profile shows where the time goes.
func TopKeys(m map[string]int, k int) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	return keys[:k]
}

var counts = func() map[string]int {
	m := map[string]int{}
	for i := range 20000 {
		m["key"+strconv.Itoa(i)] = (i * 7919) % 10007
	}
	return m
}()

func BenchmarkTopKeys(b *testing.B) {
	for b.Loop() {
		TopKeys(counts, 10)
	}
}

func main() { fmt.Println(TopKeys(counts, 3)) }
`),
  },
  {
    id: 'fuzz',
    label: 'examples.fuzz',
    action: 'fuzz',
    files: txtar(`-- go.mod --
module example.com/reverse

go 1.27
-- reverse.go --
package reverse

// Reverse reverses s. Its loop stops one byte early, so every non-empty
// string loses its first byte: the empty seed passes, the fuzzer's first
// real input does not.
func Reverse(s string) string {
	b := []byte(s)
	r := make([]byte, 0, len(b))
	for i := len(b) - 1; i > 0; i-- {
		r = append(r, b[i])
	}
	return string(r)
}
-- reverse_test.go --
package reverse

import (
	"testing"
	"unicode/utf8"
)

func FuzzReverse(f *testing.F) {
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		r := Reverse(s)
		if !utf8.ValidString(r) {
			t.Errorf("Reverse(%q) = %q is not valid UTF-8", s, r)
		}
		if Reverse(r) != s {
			t.Errorf("reversing twice gave %q, want %q", Reverse(r), s)
		}
	})
}
`),
  },
  {
    id: 'workspace',
    label: 'examples.workspace',
    action: 'run',
    files: txtar(`-- go.work --
go 1.27

use (
	./app
	./greet
)
-- greet/go.mod --
module example.com/greet

go 1.27
-- greet/greet.go --
package greet

// Hello greets name.
func Hello(name string) string { return "hello, " + name }
-- app/go.mod --
module example.com/app

go 1.27

require example.com/greet v0.0.0
-- app/main.go --
package main

import (
	"fmt"

	"example.com/greet"
)

func main() { fmt.Println(greet.Hello("workspace")) }
`),
  },
];

/** What a new file starts with: a test skeleton, a go.work, a go.mod, or a package clause. */
export function templateFor(name: string, packageName: string): string | undefined {
  if (name.endsWith('_test.go')) {
    return `package ${packageName}\n\nimport "testing"\n\nfunc TestSomething(t *testing.T) {\n\tgot, want := 1+1, 2\n\tif got != want {\n\t\tt.Errorf("got %d, want %d", got, want)\n\t}\n}\n`;
  }
  if (name === 'go.work' || name.endsWith('/go.work')) return 'go 1.27\n\nuse (\n\t.\n)\n';
  if (name === 'go.mod' || name.endsWith('/go.mod')) return 'module example.com/m\n\ngo 1.27\n';
  return undefined;
}
