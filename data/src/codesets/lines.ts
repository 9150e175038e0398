/** Iterates the lines of a text (CRLF or LF) with their 1-based numbers, without building an array of all lines. */
export function* linesOf(text: string): Generator<readonly [line: string, lineNumber: number]> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let n = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    n++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield [text.slice(start, stop), n];
    start = end + 1;
  }
}

/** Splits one CSV record (RFC 4180 quoting, no embedded newlines in these files). Undefined when a quote is unbalanced. */
export function splitCsvLine(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return undefined;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(value);
      if (i >= line.length) return out;
      if (line[i] !== ',') return undefined;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c === -1) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}
