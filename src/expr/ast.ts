/** Syntax tree of the small expression language used in derived facts, params and conditions. */
export type Expr =
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'bool'; v: boolean; pos: number }
  | { t: 'null'; pos: number }
  /** A fact path (prestatie.productTarief), a derived fact or a built-in (peildatum, vandaag). */
  | { t: 'ref'; name: string; pos: number }
  | { t: 'unary'; op: '-' | 'not'; e: Expr; pos: number }
  | { t: 'bin'; op: BinOp; l: Expr; r: Expr; pos: number }
  | { t: 'call'; fn: string; args: Expr[]; pos: number };

export type BinOp = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the expression text. */
    readonly pos: number,
  ) {
    super(message);
  }
}
