import { describe, expect, it } from 'vitest';
import { generateGoMod, goImports } from './gomod.js';

const allow = [
  { path: 'golang.org/x/sync', version: 'v0.10.0', sum: ['golang.org/x/sync v0.10.0 h1:abc=', 'golang.org/x/sync v0.10.0/go.mod h1:def='] },
  { path: 'golang.org/x/exp', version: 'v0.0.0-20250106191152-7588d65b2ba8' },
  { path: 'github.com/gin-gonic/gin', version: 'v1.10.0', requires: [{ path: 'github.com/ugorji/go/codec', version: 'v1.2.12' }] },
];

describe('goImports', () => {
  it('finds single, grouped, aliased, dot and blank imports and ignores comments', () => {
    const src = `package main

import "fmt"
import errs "errors"
import (
	"os"
	sg "golang.org/x/sync/errgroup"
	. "strings"
	_ "embed"
	// "commented/out"
	/* "block/comment" */
)

func main() { fmt.Println("import \\"not/this\\"") }
`;
    expect(goImports(src).sort()).toEqual(['embed', 'errors', 'fmt', 'golang.org/x/sync/errgroup', 'os', 'strings']);
  });
});

describe('generateGoMod', () => {
  it('leaves a go.work workspace alone (a root go.mod would shadow its modules)', () => {
    expect(generateGoMod([{ name: 'go.work', content: 'go 1.26.0\n\nuse ./app\n' }, { name: 'app/main.go', content: 'package main\nfunc main(){}\n' }], allow)).toEqual([]);
  });
  it('writes module, go line and requires for allowlisted imports only', () => {
    const files = generateGoMod(
      [{ name: 'prog.go', content: 'package main\nimport (\n"fmt"\n"golang.org/x/sync/errgroup"\n"example.com/unknown"\n)\nfunc main(){}\n' }],
      allow,
    );
    expect(files[0]).toEqual({
      name: 'go.mod',
      content: 'module gopherlab.dev/prog\n\ngo 1.26\n\nrequire (\n\tgolang.org/x/sync v0.10.0\n)\n',
    });
    expect(files[1]).toEqual({ name: 'go.sum', content: 'golang.org/x/sync v0.10.0 h1:abc=\ngolang.org/x/sync v0.10.0/go.mod h1:def=\n' });
  });

  it('uses the go line the allowlisted modules need when it requires any', () => {
    const [withMods] = generateGoMod([{ name: 'main.go', content: 'package main\nimport "golang.org/x/sync/errgroup"\n' }], allow, '1.26', '1.26.0');
    expect(withMods!.content).toMatch(/^go 1\.26\.0$/m);
    const [plain] = generateGoMod([{ name: 'main.go', content: 'package main\n' }], allow, '1.26', '1.26.0');
    expect(plain!.content).toMatch(/^go 1\.26$/m);
  });

  it('adds indirect requirements of allowlisted modules', () => {
    const [mod] = generateGoMod([{ name: 'main.go', content: 'package main\nimport "github.com/gin-gonic/gin"\nvar _ = gin.New\n' }], allow);
    expect(mod!.content).toContain('\tgithub.com/gin-gonic/gin v1.10.0\n');
    expect(mod!.content).toContain('\tgithub.com/ugorji/go/codec v1.2.12 // indirect\n');
  });

  it('leaves a request with its own go.mod alone', () => {
    expect(generateGoMod([{ name: 'go.mod', content: 'module x\n' }, { name: 'x.go', content: 'package x\n' }], allow)).toEqual([]);
  });

  it('generates a plain module for standard-library-only programs', () => {
    expect(generateGoMod([{ name: 'prog.go', content: 'package main\nfunc main(){}\n' }], allow)).toEqual([
      { name: 'go.mod', content: 'module gopherlab.dev/prog\n\ngo 1.26\n' },
    ]);
  });
});
