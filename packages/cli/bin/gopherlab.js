#!/usr/bin/env node
// The `gopherlab` binary. Sources are TypeScript run through tsx's loader, so
// there is no build step between editing the code and running it; the loader
// costs about 100 ms at start-up, which is nothing next to a Go build.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
