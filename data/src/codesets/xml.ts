import { CodeSetParseError } from './parse-error.js';

/**
 * A small event-based (SAX-style) XML reader for the official code-set XML files.
 *
 * Why not a general parser: the CDC/CMS files use plain elements, attributes and the five predefined entities, and
 * untrusted uploads must never expand entities or fetch anything. A document type declaration (DTD), an entity
 * declaration or any entity reference other than the predefined and numeric ones is refused with its line, which
 * rules out entity-expansion ("billion laughs") and external-entity (XXE) attacks by construction.
 */
export interface XmlHandler {
  open(name: string, attrs: Readonly<Record<string, string>>, line: number): void;
  close(name: string, line: number): void;
  /** Character data between tags, entities decoded; whitespace-only runs are not reported. */
  text(value: string, line: number): void;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.\-:]*$/;
const ATTR = /([A-Za-z_][\w.\-:]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

function decode(raw: string, file: string, line: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;\s&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new CodeSetParseError(file, line, 'Bare "&" in text: escape it as &amp;');
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (numeric?.[1]) {
      const cp = numeric[1].startsWith('x') ? parseInt(numeric[1].slice(1), 16) : parseInt(numeric[1], 10);
      if (cp > 0 && cp <= 0x10ffff) return String.fromCodePoint(cp);
    }
    throw new CodeSetParseError(
      file,
      line,
      `Entity reference &${name}; is not allowed (only the predefined XML entities)`,
    );
  });
}

/** Counts newlines in text[from, to) to keep line numbers exact without a per-character loop elsewhere. */
function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Reads a whole document, calling the handler for each element and text run. Throws CodeSetParseError with the line
 * for anything malformed: unclosed or mismatched tags, DTDs, entity declarations, unknown entities, text after the
 * root element.
 */
export function readXml(text: string, file: string, handler: XmlHandler): void {
  const stack: string[] = [];
  let pos = 0;
  let line = 1;
  let rootSeen = false;
  const len = text.length;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < len) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      const raw = text.slice(pos, textEnd);
      const lead = raw.search(/\S/);
      if (lead !== -1) {
        const textLine = line + newlines(text, pos, pos + lead);
        if (stack.length === 0) throw new CodeSetParseError(file, textLine, 'Text outside the root element');
        handler.text(decode(raw, file, textLine), textLine);
      }
      line += newlines(text, pos, textEnd);
    }
    if (lt === -1) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) throw new CodeSetParseError(file, line, 'Unterminated comment');
      line += newlines(text, lt, end);
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end === -1) throw new CodeSetParseError(file, line, 'Unterminated CDATA section');
      if (stack.length === 0) throw new CodeSetParseError(file, line, 'CDATA outside the root element');
      handler.text(text.slice(lt + 9, end), line);
      line += newlines(text, lt, end);
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      const what = text.startsWith('<!DOCTYPE', lt) ? 'A document type declaration (DTD)' : 'A markup declaration';
      throw new CodeSetParseError(file, line, `${what} is not allowed: DTDs and entity declarations are refused`);
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) throw new CodeSetParseError(file, line, 'Unterminated processing instruction');
      line += newlines(text, lt, end);
      pos = end + 2;
      continue;
    }
    const gt = text.indexOf('>', lt + 1);
    if (gt === -1) throw new CodeSetParseError(file, line, 'Unterminated tag at end of file');
    const inner = text.slice(lt + 1, gt);
    const tagLine = line;
    if (inner.includes('<')) throw new CodeSetParseError(file, line, 'Unterminated tag ("<" inside a tag)');
    line += newlines(text, lt, gt);
    pos = gt + 1;
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim();
      const open = stack.pop();
      if (open === undefined)
        throw new CodeSetParseError(file, tagLine, `Closing tag </${name}> without an open element`);
      if (open !== name) throw new CodeSetParseError(file, tagLine, `Closing tag </${name}> does not match <${open}>`);
      handler.close(name, tagLine);
      continue;
    }
    const selfClosing = inner.endsWith('/');
    const body = selfClosing ? inner.slice(0, -1) : inner;
    const space = body.search(/\s/);
    const name = space === -1 ? body : body.slice(0, space);
    if (!NAME.test(name)) throw new CodeSetParseError(file, tagLine, `Invalid element name "${name}"`);
    if (stack.length === 0 && rootSeen) throw new CodeSetParseError(file, tagLine, 'More than one root element');
    rootSeen = true;
    const attrs: Record<string, string> = {};
    if (space !== -1) {
      const rest = body.slice(space);
      ATTR.lastIndex = 0;
      let consumed = rest;
      for (let m = ATTR.exec(rest); m; m = ATTR.exec(rest)) {
        const key = m[1] ?? '';
        attrs[key] = decode(m[3] ?? m[4] ?? '', file, tagLine);
        consumed = consumed.replace(m[0], '');
      }
      if (consumed.trim().length > 0) throw new CodeSetParseError(file, tagLine, `Malformed attributes in <${name}>`);
    }
    handler.open(name, attrs, tagLine);
    if (selfClosing) handler.close(name, tagLine);
    else stack.push(name);
  }
  if (!rootSeen) throw new CodeSetParseError(file, line, 'No root element: the file is empty or not XML');
  const open = stack[stack.length - 1];
  if (open !== undefined)
    throw new CodeSetParseError(file, line, `Unexpected end of file: <${open}> is not closed (truncated?)`);
}

/**
 * Element-path helper on top of readXml: collects the text of the current element (concatenating text runs and the
 * text of inline children such as <nemod>) so callers can read `<title>` with its inline markup flattened.
 */
export class TextCollector {
  private readonly parts: string[][] = [];
  begin(): void {
    this.parts.push([]);
  }
  add(value: string): void {
    for (const p of this.parts) p.push(value);
  }
  end(): string {
    return (this.parts.pop() ?? []).join(' ').replace(/\s+/g, ' ').trim();
  }
  get depth(): number {
    return this.parts.length;
  }
}
