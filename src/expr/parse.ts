import { ExprSyntaxError, type BinOp, type Expr } from './ast.js';

type Token =
  | { k: 'num'; v: number; pos: number }
  | { k: 'str'; v: string; pos: number }
  | { k: 'id'; v: string; pos: number }
  | { k: 'op'; v: string; pos: number }
  | { k: 'end'; pos: number };

const OPS = ['==', '!=', '<=', '>=', '+', '-', '*', '/', '<', '>', '(', ')', ','];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ k: 'num', v: Number(m[0]), pos: i });
      i += m[0].length;
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
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*/.exec(src.slice(i))!;
      out.push({ k: 'id', v: m[0], pos: i });
      i += m[0].length;
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

/** Parses an expression (Pratt parser); throws ExprSyntaxError with the offset of the problem. */
export function parseExpr(src: string): Expr {
  const tokens = tokenize(src);
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
        if (t.v === 'not') return { t: 'unary', op: 'not', e: expr(6), pos: t.pos };
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
          return { t: 'call', fn: t.v, args, pos: t.pos };
        }
        return { t: 'ref', name: t.v, pos: t.pos };
      }
      case 'op':
        if (t.v === '(') {
          const e = expr(0);
          expectOp(')');
          return e;
        }
        if (t.v === '-') return { t: 'unary', op: '-', e: expr(6), pos: t.pos };
        throw new ExprSyntaxError(`onverwacht '${t.v}'`, t.pos);
      case 'end':
        throw new ExprSyntaxError('expressie is onvolledig', t.pos);
    }
  }

  function expr(minBp: number): Expr {
    let left = prefix();
    for (;;) {
      const t = peek();
      const op = opOf(t);
      if (!op || BINDING[op] <= minBp) break;
      next();
      const right = expr(BINDING[op]);
      left = { t: 'bin', op: op as BinOp, l: left, r: right, pos: t.pos };
    }
    return left;
  }

  const result = expr(0);
  const rest = peek();
  if (rest.k !== 'end') throw new ExprSyntaxError('onverwachte tekst na de expressie', rest.pos);
  return result;
}
