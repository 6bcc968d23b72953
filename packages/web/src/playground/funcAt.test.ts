import { describe, expect, it } from 'vitest';
import { funcAt } from './funcAt.js';

const SRC = `package main

type Stack struct{ xs []int }

func (s *Stack) Push(x int) {
	s.xs = append(s.xs, x)
}

func (s Stack) Len() int { return len(s.xs) }

func Sum(xs []int) int {
	t := 0
	return t
}
`;

describe('funcAt', () => {
  it('names the function around a line as GOSSAFUNC expects', () => {
    expect(funcAt(SRC, 6)).toBe('(*Stack).Push');
    expect(funcAt(SRC, 9)).toBe('Stack.Len');
    expect(funcAt(SRC, 13)).toBe('Sum');
    expect(funcAt(SRC, 2)).toBe('main');
  });
});
