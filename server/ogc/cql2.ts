import type { PropertyDefinition } from './collections.ts';

/**
 * A small part of CQL2 text (OGC 21-065, Basic CQL2): comparisons of a property with a literal (= <> < <= > >=),
 * IN lists, IS [NOT] NULL, AND, OR, NOT and parentheses. It becomes an SQL condition on the collection's columns,
 * the literals as parameters; a property must be one of the collection's (the column names are the definition's,
 * never the request's text). Throws an Error naming the position and what was expected.
 */
export interface CqlSql {
  sql: string;
  params: unknown[];
}

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct' | 'quoted'; text: string; at: number };

const MAX_DEPTH = 20;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error(`position ${i + 1}: the text starting here is not closed with '`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new Error(`position ${i + 1}: the name starting here is not closed with "`);
      tokens.push({ kind: 'quoted', text: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[0-9-]/.test(c) && /^-?[0-9]/.test(text.slice(i, i + 2))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    } else if (/[<>=]/.test(c)) {
      const m = /^(<>|<=|>=|=|<|>)/.exec(text.slice(i))!;
      tokens.push({ kind: 'op', text: m[0], at: i });
      i += m[0].length;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, at: i });
      i++;
    } else {
      throw new Error(`position ${i + 1}: unexpected character "${c}"`);
    }
  }
  return tokens;
}

export function cql2ToSql(text: string, properties: Record<string, PropertyDefinition>, firstParam: number): CqlSql {
  const tokens = tokenize(text);
  const params: unknown[] = [];
  let pos = 0;
  const peek = () => tokens[pos];
  const where = () => (peek() ? `position ${peek().at + 1}` : 'the end');
  const isWord = (w: string) => peek()?.kind === 'word' && peek().text.toUpperCase() === w;
  const expectPunct = (p: string) => {
    if (peek()?.kind !== 'punct' || peek().text !== p) throw new Error(`${where()}: expected "${p}"`);
    pos++;
  };
  const param = (v: unknown) => `$${firstParam + params.push(v) - 1}`;

  function literal(prop: PropertyDefinition, name: string): string {
    const t = peek();
    if (!t) throw new Error(`the end: expected a value for ${name}`);
    pos++;
    if (prop.type === 'integer' || prop.type === 'number') {
      if (t.kind !== 'number') throw new Error(`position ${t.at + 1}: ${name} is a number, not ${t.text}`);
      return `${param(Number(t.text))}::float8`;
    }
    if (prop.type === 'boolean') {
      if (t.kind !== 'word' || !/^(true|false)$/i.test(t.text)) throw new Error(`position ${t.at + 1}: ${name} is TRUE or FALSE`);
      return `${param(t.text.toLowerCase() === 'true')}::boolean`;
    }
    if (t.kind !== 'string') throw new Error(`position ${t.at + 1}: ${name} takes a text in single quotes`);
    if (prop.type === 'date') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(t.text)) throw new Error(`position ${t.at + 1}: ${name} is a date 'YYYY-MM-DD'`);
      return `${param(t.text)}::text`;
    }
    return `${param(t.text)}::text`;
  }

  function predicate(): string {
    const t = peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted')) throw new Error(`${where()}: expected a property name`);
    const name = t.text;
    const prop = properties[name];
    if (!prop) throw new Error(`position ${t.at + 1}: "${name}" is not a property of this collection (${Object.keys(properties).join(', ')})`);
    pos++;
    const column = `b."${name}"`;
    const typed = prop.type === 'integer' || prop.type === 'number' ? `${column}::float8` : prop.type === 'boolean' ? column : `${column}::text`;
    if (isWord('IS')) {
      pos++;
      const not = isWord('NOT');
      if (not) pos++;
      if (!isWord('NULL')) throw new Error(`${where()}: expected NULL`);
      pos++;
      return `${column} IS ${not ? 'NOT ' : ''}NULL`;
    }
    const not = isWord('NOT');
    if (not) pos++;
    if (isWord('IN')) {
      pos++;
      expectPunct('(');
      const values = [literal(prop, name)];
      while (peek()?.kind === 'punct' && peek().text === ',') {
        pos++;
        values.push(literal(prop, name));
      }
      expectPunct(')');
      return `${not ? 'NOT ' : ''}${typed} IN (${values.join(', ')})`;
    }
    if (not) throw new Error(`${where()}: expected IN after NOT`);
    const op = peek();
    if (op?.kind !== 'op') throw new Error(`${where()}: expected a comparison (= <> < <= > >=), IN or IS NULL after ${name}`);
    pos++;
    return `${typed} ${op.text} ${literal(prop, name)}`;
  }

  function factor(depth: number): string {
    if (depth > MAX_DEPTH) throw new Error(`${where()}: nested more than ${MAX_DEPTH} deep`);
    if (isWord('NOT')) {
      pos++;
      return `NOT (${factor(depth + 1)})`;
    }
    if (peek()?.kind === 'punct' && peek().text === '(') {
      pos++;
      const inner = expr(depth + 1);
      expectPunct(')');
      return `(${inner})`;
    }
    return predicate();
  }
  function term(depth: number): string {
    const parts = [factor(depth)];
    while (isWord('AND')) {
      pos++;
      parts.push(factor(depth));
    }
    return parts.join(' AND ');
  }
  function expr(depth: number): string {
    const parts = [term(depth)];
    while (isWord('OR')) {
      pos++;
      parts.push(term(depth));
    }
    return parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0];
  }

  if (tokens.length === 0) throw new Error('the filter is empty');
  const sql = expr(0);
  if (pos < tokens.length) throw new Error(`${where()}: unexpected "${peek().text}"`);
  return { sql: `(${sql})`, params };
}
