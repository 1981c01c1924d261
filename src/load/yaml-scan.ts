/**
 * A cheap first look at a YAML text, before the document is composed: size,
 * anchors, aliases and nesting depth, counted on yaml's concrete syntax tree
 * (its Parser is a loop, not a recursion). Composing a document is where the
 * cost hides: aliases are resolved in quadratic time, and deep block nesting
 * (`- - - - ...`) exhausts memory, so a text over a limit is never composed.
 */
import { CST, Lexer, Parser } from 'yaml';
import type { ParseLimits } from '../base/parse-limits.js';

export interface YamlScan {
  /** The first limit the text exceeds, at an offset in the text; undefined when none. */
  problem?: { offset: number; message: string };
  /** Offset of the first alias, where a too-large expansion is reported. */
  firstAlias?: number;
}

type Limits = Pick<ParseLimits, 'yamlMaxBytes' | 'yamlMaxAnchors' | 'yamlMaxAliases' | 'yamlMaxDepth'>;

/** Lexer tokens that stand for no text (they mark a document start, a scalar, a flow end). */
const MARKERS = new Set([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);

/**
 * First pass, on the lexer's tokens (cheap, and it stops at the first problem):
 * anchors, aliases and flow nesting. A 30,000-anchor file stops at anchor 201.
 */
function lexerPass(text: string, limits: Limits): YamlScan['problem'] {
  let offset = 0;
  let anchors = 0;
  let aliases = 0;
  let flow = 0;
  let indicators = 0; // block indicators (- ?) on this line: each one nests a level deeper (`- - - x`)
  let prev = '';
  for (const tok of new Lexer().lex(text)) {
    const at = offset;
    if (!MARKERS.has(tok)) offset += tok.length;
    const scalar = prev === CST.SCALAR;
    prev = tok;
    if (tok === '\n' || tok === '\r\n') indicators = 0;
    else if ((tok === '-' || tok === '?') && !scalar && ++indicators > limits.yamlMaxDepth) {
      return { offset: at, message: `lijsten en mappen zijn dieper genest dan ${limits.yamlMaxDepth} niveaus (YAML_MAX_DEPTH)` };
    }
    const c = tok[0];
    if (c === '&' && ++anchors > limits.yamlMaxAnchors) return { offset: at, message: `meer dan ${limits.yamlMaxAnchors} ankers (&naam) in één bestand (YAML_MAX_ANCHORS)` };
    if (c === '*' && ++aliases > limits.yamlMaxAliases) return { offset: at, message: `meer dan ${limits.yamlMaxAliases} verwijzingen (*naam) in één bestand (YAML_MAX_ALIASES)` };
    if ((tok === '[' || tok === '{') && ++flow > limits.yamlMaxDepth) return { offset: at, message: `lijsten en mappen zijn dieper genest dan ${limits.yamlMaxDepth} niveaus (YAML_MAX_DEPTH)` };
    if (tok === ']' || tok === '}') flow = Math.max(0, flow - 1);
  }
  return undefined;
}

/** Counts in two passes (lexer, then the syntax tree for block nesting); stops at the first limit crossed. */
export function scanYaml(text: string, limits: Limits): YamlScan {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.yamlMaxBytes) {
    return { problem: { offset: 0, message: `het bestand is ${bytes} bytes; de limiet is ${limits.yamlMaxBytes} bytes (YAML_MAX_BYTES)` } };
  }
  const early = lexerPass(text, limits);
  if (early) return { problem: early };
  let anchors = 0;
  let aliases = 0;
  let firstAlias: number | undefined;
  let problem: YamlScan['problem'];
  const stack: { token: CST.Token; depth: number }[] = [];

  const props = (tokens: readonly CST.Token[] | undefined) => {
    for (const t of tokens ?? []) {
      if (t.type === 'anchor' && ++anchors > limits.yamlMaxAnchors && !problem) {
        problem = { offset: t.offset, message: `meer dan ${limits.yamlMaxAnchors} ankers (&naam) in één bestand (YAML_MAX_ANCHORS)` };
      }
    }
  };
  const push = (token: CST.Token | null | undefined, depth: number) => {
    if (token) stack.push({ token, depth });
  };

  for (const top of new Parser().parse(text)) {
    push(top, 0);
    while (stack.length && !problem) {
      const { token, depth } = stack.pop()!;
      switch (token.type) {
        case 'document':
          props(token.start);
          push(token.value, depth);
          break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection': {
          const inner = depth + 1;
          if (inner > limits.yamlMaxDepth) {
            problem = { offset: token.offset, message: `lijsten en mappen zijn dieper genest dan ${limits.yamlMaxDepth} niveaus (YAML_MAX_DEPTH)` };
            break;
          }
          if (token.type === 'flow-collection') props([token.start]);
          for (const item of token.items) {
            props(item.start);
            props(item.sep);
            push(item.key, inner);
            push(item.value, inner);
          }
          break;
        }
        case 'block-scalar':
          props(token.props);
          break;
        case 'alias':
          firstAlias = Math.min(firstAlias ?? token.offset, token.offset);
          if (++aliases > limits.yamlMaxAliases) {
            problem = { offset: token.offset, message: `meer dan ${limits.yamlMaxAliases} verwijzingen (*naam) in één bestand (YAML_MAX_ALIASES)` };
          }
          break;
        default:
          if (token.type === 'anchor') props([token]);
      }
    }
    if (problem) break;
  }
  return { problem, firstAlias };
}
