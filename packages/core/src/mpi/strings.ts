/**
 * String tools for record linkage: name normalisation, the Jaro–Winkler similarity and the NYSIIS phonetic code.
 * Implemented here (core has no dependencies) from the published descriptions of the methods.
 */

/** Upper case, accents removed, anything but A–Z, space and hyphen dropped, runs of spaces collapsed. */
export function normalizeName(s: string | undefined): string {
  if (!s) return '';
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z -]/g, '')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The digits of a string, in order. */
export function digitsOf(s: string | undefined): string {
  return s ? s.replace(/\D/g, '') : '';
}

/**
 * Jaro similarity (Jaro 1989): matching characters within half the longer length, less half the transpositions.
 * Returns 0..1; two empty strings count as 0 so that "both missing" never looks like agreement.
 */
export function jaro(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatched[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let halfTranspositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (aMatched[i] !== 1) continue;
    while (bMatched[k] !== 1) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions / 2;
  return (matches / a.length + matches / b.length + (matches - t) / matches) / 3;
}

/**
 * Jaro–Winkler similarity (Winkler 1990, "String comparator metrics and enhanced decision rules in the
 * Fellegi–Sunter model of record linkage"): the Jaro score raised for a common prefix of up to four characters,
 * with Winkler's scaling factor 0.1, because typing errors are rarer at the start of a name.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/**
 * True when `b` is `a` with exactly one keying error: a letter inserted, deleted or substituted, or two adjacent
 * letters exchanged (the four error kinds Damerau 1964 found behind most misspellings).
 */
export function isOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);

/**
 * NYSIIS phonetic code (New York State Identification and Intelligence System, Taft 1970), original rules, not
 * truncated. Names that sound alike in American English (SMITH/SMYTH, KNIGHT/NIGHT) share a code.
 * Input is normalised first; hyphens and spaces are dropped.
 */
export function nysiis(input: string): string {
  let name = normalizeName(input).replace(/[^A-Z]/g, '');
  if (name.length === 0) return '';
  // Step 1: first characters.
  if (name.startsWith('MAC')) name = 'MCC' + name.slice(3);
  else if (name.startsWith('KN')) name = 'NN' + name.slice(2);
  else if (name.startsWith('K')) name = 'C' + name.slice(1);
  else if (name.startsWith('PH') || name.startsWith('PF')) name = 'FF' + name.slice(2);
  else if (name.startsWith('SCH')) name = 'SSS' + name.slice(3);
  // Step 2: last characters.
  if (name.endsWith('EE') || name.endsWith('IE')) name = name.slice(0, -2) + 'Y';
  else if (/(DT|RT|RD|NT|ND)$/.test(name)) name = name.slice(0, -2) + 'D';
  // Step 3: the first character of the key is the first character of the name.
  const chars = name.split('');
  let key = chars[0] ?? '';
  // Step 4: translate the rest, one position at a time (translations rewrite the working name).
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i] ?? '';
    const next = chars[i + 1];
    if (c === 'E' && next === 'V') {
      chars[i] = 'A';
      chars[i + 1] = 'F';
    } else if (isVowel(c)) chars[i] = 'A';
    else if (c === 'Q') chars[i] = 'G';
    else if (c === 'Z') chars[i] = 'S';
    else if (c === 'M') chars[i] = 'N';
    else if (c === 'K') {
      if (next === 'N') chars[i] = 'N';
      else chars[i] = 'C';
    } else if (c === 'S' && next === 'C' && chars[i + 2] === 'H') {
      chars[i] = 'S';
      chars[i + 1] = 'S';
      chars[i + 2] = 'S';
    } else if (c === 'P' && next === 'H') {
      chars[i] = 'F';
      chars[i + 1] = 'F';
    } else if (c === 'H' && (!isVowel(chars[i - 1]) || (next !== undefined && !isVowel(next)))) {
      chars[i] = chars[i - 1] ?? c;
    } else if (c === 'W' && isVowel(chars[i - 1])) chars[i] = chars[i - 1] ?? c;
    const t = chars[i] ?? '';
    if (t !== key[key.length - 1]) key += t;
  }
  // Step 5-7: trailing S, AY and A.
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.length > 2 && key.endsWith('AY')) key = key.slice(0, -2) + 'Y';
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
}
