/**
 * The boolean formula language of the MS-DRG logic tables: operand names, `&` (and), `|` (or), `~` (not) and
 * parentheses, `&` binding tighter than `|` (the CMS tables parenthesise every mixed expression anyway). Operands may
 * carry a prefix: `PDX:` (the principal diagnosis), `SDX:` (a secondary diagnosis), `ANY:` and `ONLY:` (MS-DRG
 * Definitions Manual v43.1, "formula" notation of the grouper's data tables).
 */
import { err, ok, type Result } from '../result.js';

export type MsDrgFormulaNode =
  | { readonly kind: 'operand'; readonly name: string }
  | { readonly kind: 'not'; readonly child: MsDrgFormulaNode }
  | { readonly kind: 'and'; readonly children: readonly MsDrgFormulaNode[] }
  | { readonly kind: 'or'; readonly children: readonly MsDrgFormulaNode[] };

const OPERAND_CHAR = /[A-Za-z0-9_:@.$]/;

/** Parses one formula; a syntax error names the character position. */
export function parseMsDrgFormula(text: string): Result<MsDrgFormulaNode, string> {
  let pos = 0;
  const skip = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  const parseOr = (): MsDrgFormulaNode | string => {
    const children: MsDrgFormulaNode[] = [];
    for (;;) {
      const child = parseAnd();
      if (typeof child === 'string') return child;
      children.push(child);
      skip();
      if (text[pos] !== '|') break;
      pos++;
    }
    return children.length === 1 && children[0] ? children[0] : { kind: 'or', children };
  };
  const parseAnd = (): MsDrgFormulaNode | string => {
    const children: MsDrgFormulaNode[] = [];
    for (;;) {
      const child = parseUnary();
      if (typeof child === 'string') return child;
      children.push(child);
      skip();
      if (text[pos] !== '&') break;
      pos++;
    }
    return children.length === 1 && children[0] ? children[0] : { kind: 'and', children };
  };
  const parseUnary = (): MsDrgFormulaNode | string => {
    skip();
    const c = text[pos];
    if (c === '~') {
      pos++;
      const child = parseUnary();
      return typeof child === 'string' ? child : { kind: 'not', child };
    }
    if (c === '(') {
      pos++;
      const inner = parseOr();
      if (typeof inner === 'string') return inner;
      skip();
      if (text[pos] !== ')') return `expected ')' at position ${pos}`;
      pos++;
      return inner;
    }
    const start = pos;
    while (pos < text.length && OPERAND_CHAR.test(text[pos] ?? '')) pos++;
    if (pos === start) return c === undefined ? 'unexpected end of formula' : `unexpected '${c}' at position ${pos}`;
    return { kind: 'operand', name: text.slice(start, pos) };
  };
  const node = parseOr();
  if (typeof node === 'string') return err(node);
  skip();
  if (pos !== text.length) return err(`unexpected '${text[pos] ?? ''}' at position ${pos}`);
  return ok(node);
}

/** Every operand name a formula mentions, in order of appearance, without repeats. */
export function msDrgFormulaOperands(node: MsDrgFormulaNode): string[] {
  const out: string[] = [];
  const walk = (n: MsDrgFormulaNode): void => {
    if (n.kind === 'operand') {
      if (!out.includes(n.name)) out.push(n.name);
    } else if (n.kind === 'not') walk(n.child);
    else for (const c of n.children) walk(c);
  };
  walk(node);
  return out;
}

/** A compiled formula: a predicate over some evaluation state. */
export type CompiledMsDrgFormula<S> = (state: S) => boolean;

/**
 * Compiles a formula tree to nested closures once, so evaluating it costs a few calls and no allocation. `leaf`
 * turns one operand name into a predicate.
 */
export function compileMsDrgFormula<S>(
  node: MsDrgFormulaNode,
  leaf: (name: string) => CompiledMsDrgFormula<S>,
): CompiledMsDrgFormula<S> {
  switch (node.kind) {
    case 'operand':
      return leaf(node.name);
    case 'not': {
      const c = compileMsDrgFormula(node.child, leaf);
      return (s) => !c(s);
    }
    case 'and': {
      const cs = node.children.map((c) => compileMsDrgFormula(c, leaf));
      if (cs.length === 2) {
        const [a, b] = cs as [CompiledMsDrgFormula<S>, CompiledMsDrgFormula<S>];
        return (s) => a(s) && b(s);
      }
      if (cs.length === 3) {
        const [a, b, c] = cs as [CompiledMsDrgFormula<S>, CompiledMsDrgFormula<S>, CompiledMsDrgFormula<S>];
        return (s) => a(s) && b(s) && c(s);
      }
      return (s) => {
        for (let i = 0; i < cs.length; i++) if (!(cs[i] as CompiledMsDrgFormula<S>)(s)) return false;
        return true;
      };
    }
    case 'or': {
      const cs = node.children.map((c) => compileMsDrgFormula(c, leaf));
      if (cs.length === 2) {
        const [a, b] = cs as [CompiledMsDrgFormula<S>, CompiledMsDrgFormula<S>];
        return (s) => a(s) || b(s);
      }
      return (s) => {
        for (let i = 0; i < cs.length; i++) if ((cs[i] as CompiledMsDrgFormula<S>)(s)) return true;
        return false;
      };
    }
  }
}

/** An operand that made a formula true: present (`negated` false) or, under a `~`, absent. */
export interface MsDrgFormulaWitness {
  readonly operand: string;
  readonly negated: boolean;
}

/**
 * The operands that make a true formula true: every child of a true `and`, the first true child of an `or`, and
 * the absent operands under a true `~`. Returns undefined when the formula is false.
 */
export function msDrgFormulaWitnesses(
  node: MsDrgFormulaNode,
  isTrue: (name: string) => boolean,
): MsDrgFormulaWitness[] | undefined {
  const out: MsDrgFormulaWitness[] = [];
  const value = (n: MsDrgFormulaNode): boolean => {
    switch (n.kind) {
      case 'operand':
        return isTrue(n.name);
      case 'not':
        return !value(n.child);
      case 'and':
        return n.children.every(value);
      case 'or':
        return n.children.some(value);
    }
  };
  // Collects why n has the value `want` (true for witnesses; false under a negation).
  const collect = (n: MsDrgFormulaNode, want: boolean): void => {
    switch (n.kind) {
      case 'operand':
        out.push({ operand: n.name, negated: !want });
        return;
      case 'not':
        collect(n.child, !want);
        return;
      case 'and':
        if (want) for (const c of n.children) collect(c, true);
        else {
          const f = n.children.find((c) => !value(c));
          if (f) collect(f, false);
        }
        return;
      case 'or':
        if (want) {
          const t = n.children.find(value);
          if (t) collect(t, true);
        } else for (const c of n.children) collect(c, false);
        return;
    }
  };
  if (!value(node)) return undefined;
  collect(node, true);
  return out;
}
