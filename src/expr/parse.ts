import { parseLimits, type ParseLimits } from '../base/parse-limits.js';
import { ExprSyntaxError, type BinOp, type Expr } from './ast.js';

export type Token =
  | { k: 'num'; v: number; pos: number }
  | { k: 'str'; v: string; pos: number }
  | { k: 'id'; v: string; pos: number }
  | { k: 'op'; v: string; pos: number }
  | { k: 'end'; pos: number };

const OPS = ['==', '!=', '<=', '>=', '+', '-', '*', '/', '<', '>', '(', ')', ','];

// Sticky patterns match at lastIndex, so tokenizing stays linear in the length of the text.
const NUMBER = /[0-9]+(\.[0-9]+)?/y;
const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*/y;
/** Names that reach into JavaScript objects instead of facts; never a fact, field or function. */
const RESERVED = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function matchAt(re: RegExp, src: string, i: number): string {
  re.lastIndex = i;
  return re.exec(src)![0];
}

/** The tokens of an expression text with their offsets (also used to make mutants of rule files). */
export function tokenizeExpr(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = matchAt(NUMBER, src, i);
      out.push({ k: 'num', v: Number(m), pos: i });
      i += m.length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ExprSyntaxError('tekenreeks zonder afsluitend aanhalingsteken', i);
      out.push({ k: 'str', v: src.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      // Identifiers may contain dots: a fact path such as prestatie.productPeriode.begindatum.
      const m = matchAt(IDENT, src, i);
      const reserved = m.split('.').find((part) => RESERVED.has(part));
      if (reserved) throw new ExprSyntaxError(`'${reserved}' is geen toegestane naam`, i + m.indexOf(reserved));
      out.push({ k: 'id', v: m, pos: i });
      i += m.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprSyntaxError(`onverwacht teken '${c}'`, i);
    out.push({ k: 'op', v: op, pos: i });
    i += op.length;
  }
  out.push({ k: 'end', pos: src.length });
  return out;
}

const BINDING: Record<string, number> = {
  or: 1, and: 2,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4,
  '*': 5, '/': 5,
};

/**
 * Parses an expression (Pratt parser); throws ExprSyntaxError with the offset
 * of the problem. Length and depth are bounded (EXPR_MAX_LENGTH,
 * EXPR_MAX_DEPTH), so no expression can exhaust the stack of the parser or of
 * the tree walks after it.
 */
export function parseExpr(src: string, limits: Pick<ParseLimits, 'exprMaxLength' | 'exprMaxDepth'> = parseLimits()): Expr {
  if (src.length > limits.exprMaxLength) {
    throw new ExprSyntaxError(`expressie is langer dan ${limits.exprMaxLength} tekens (EXPR_MAX_LENGTH)`, limits.exprMaxLength);
  }
  const tokens = tokenizeExpr(src);
  const maxDepth = limits.exprMaxDepth;
  // Depth of every node made so far: a left-leaning chain (1 + 1 + 1 ...) deepens the tree without recursion.
  const depths = new WeakMap<Expr, number>();
  const made = <T extends Expr>(node: T, children: Expr[]): T => {
    const d = 1 + children.reduce((m, c) => Math.max(m, depths.get(c) ?? 1), 0);
    if (d > maxDepth) throw new ExprSyntaxError(`expressie is dieper genest dan ${maxDepth} niveaus (EXPR_MAX_DEPTH)`, node.pos);
    depths.set(node, d);
    return node;
  };
  let level = 0;
  let p = 0;
  const peek = () => tokens[p];
  const next = () => tokens[p++];
  const expectOp = (v: string) => {
    const t = next();
    if (t.k !== 'op' || t.v !== v) throw new ExprSyntaxError(`'${v}' verwacht`, t.pos);
  };

  const opOf = (t: Token): string | undefined =>
    t.k === 'op' && t.v in BINDING ? t.v : t.k === 'id' && (t.v === 'and' || t.v === 'or') ? t.v : undefined;

  function prefix(): Expr {
    const t = next();
    switch (t.k) {
      case 'num': return { t: 'num', v: t.v, pos: t.pos };
      case 'str': return { t: 'str', v: t.v, pos: t.pos };
      case 'id': {
        if (t.v === 'true' || t.v === 'false') return { t: 'bool', v: t.v === 'true', pos: t.pos };
        if (t.v === 'null') return { t: 'null', pos: t.pos };
        if (t.v === 'not') { const e = expr(6); return made({ t: 'unary', op: 'not', e, pos: t.pos }, [e]); }
        const after = peek();
        if (after.k === 'op' && after.v === '(') {
          next();
          const args: Expr[] = [];
          if (!(peek().k === 'op' && (peek() as { v: string }).v === ')')) {
            for (;;) {
              args.push(expr(0));
              const sep = peek();
              if (sep.k === 'op' && sep.v === ',') { next(); continue; }
              break;
            }
          }
          expectOp(')');
          return made({ t: 'call', fn: t.v, args, pos: t.pos }, args);
        }
        return { t: 'ref', name: t.v, pos: t.pos };
      }
      case 'op':
        if (t.v === '(') {
          const e = expr(0);
          expectOp(')');
          return e;
        }
        if (t.v === '-') { const e = expr(6); return made({ t: 'unary', op: '-', e, pos: t.pos }, [e]); }
        throw new ExprSyntaxError(`onverwacht '${t.v}'`, t.pos);
      case 'end':
        throw new ExprSyntaxError('expressie is onvolledig', t.pos);
    }
  }

  function expr(minBp: number): Expr {
    // Every nesting (bracket, argument, operand) passes here: bound the recursion itself.
    if (++level > maxDepth) throw new ExprSyntaxError(`expressie is dieper genest dan ${maxDepth} niveaus (EXPR_MAX_DEPTH)`, peek().pos);
    let left = prefix();
    for (;;) {
      const t = peek();
      const op = opOf(t);
      if (!op || BINDING[op] <= minBp) break;
      next();
      const right = expr(BINDING[op]);
      left = made({ t: 'bin', op: op as BinOp, l: left, r: right, pos: t.pos }, [left, right]);
    }
    level--;
    return left;
  }

  const result = expr(0);
  const rest = peek();
  if (rest.k !== 'end') throw new ExprSyntaxError('onverwachte tekst na de expressie', rest.pos);
  return result;
}
