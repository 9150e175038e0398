import { describe, expect, it } from 'vitest';
import { CodeSetParseError } from './parse-error.js';
import { parseOrderFile } from './order-file.js';
import { parsePcsTablesXml } from './pcs-tables.js';
import { parseConversionCsv, parseCptFile, parseHcpcsCsv, parsePoaExempt } from './tables-misc.js';
import { parseIndexXml, parseTabularXml } from './tabular.js';
import { readXml } from './xml.js';

/** Builds one order-file record in the CMS fixed-width layout (synthetic titles). */
function orderLine(order: number, code: string, billable: boolean, short: string, long: string): string {
  return `${String(order).padStart(5, '0')} ${code.padEnd(7)} ${billable ? '1' : '0'} ${short.padEnd(60)} ${long}`;
}

function parseFailure(fn: () => unknown): { line: number; reason: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CodeSetParseError) return { line: e.line, reason: e.reason };
    throw e;
  }
  throw new Error('expected a CodeSetParseError');
}

const noop = { open: () => undefined, close: () => undefined, text: () => undefined };

describe('parseOrderFile', () => {
  const good = [
    orderLine(1, 'A00', false, 'Cholera', 'Cholera'),
    orderLine(
      2,
      'A000',
      true,
      'Cholera due to Vibrio cholerae 01, biovar cholerae',
      'Cholera due to Vibrio cholerae 01, biovar cholerae',
    ),
  ].join('\r\n');

  it('reads code, flag and titles from the fixed columns', () => {
    expect(parseOrderFile(good, 'order.txt', 'ICD-10-CM')).toEqual([
      { order: 1, code: 'A00', billable: false, short: 'Cholera', long: 'Cholera' },
      {
        order: 2,
        code: 'A000',
        billable: true,
        short: 'Cholera due to Vibrio cholerae 01, biovar cholerae',
        long: 'Cholera due to Vibrio cholerae 01, biovar cholerae',
      },
    ]);
  });

  it.each([
    ['a truncated line', `${good}\r\n00003 A001    1 Cholera due to`, 3, /Truncated record/],
    [
      'a flag other than 0 or 1',
      `${good}\r\n${orderLine(3, 'A001', true, 'x', 'x').replace(' 1 x', ' 7 x')}`,
      3,
      /Column 15/,
    ],
    ['a malformed code', orderLine(1, 'a0!', true, 'x', 'x'), 1, /not a ICD-10-CM code/],
    ['a duplicate code', `${good}\r\n${orderLine(3, 'A000', true, 'x', 'x')}`, 3, /appears twice/],
    ['an empty file', '', 1, /no records/],
  ])('refuses %s with its line and reason', (_name, text, line, reason) => {
    const failure = parseFailure(() => parseOrderFile(text, 'order.txt', 'ICD-10-CM'));
    expect(failure.line).toBe(line);
    expect(failure.reason).toMatch(reason);
  });
});

describe('readXml refuses unsafe or malformed XML', () => {
  it.each([
    ['a DTD', '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<x/>', 2, /DTD/],
    ['an external entity', '<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file:///etc/passwd">\n<x/>', 2, /DTD/],
    ['an undeclared entity reference', '<x>\n<y>&xxe;</y>\n</x>', 2, /Entity reference &xxe;/],
    ['a mismatched closing tag', '<x>\n<y>\n</z>\n</x>', 3, /does not match/],
    ['a truncated document', '<x>\n<y>text</y>\n', 3, /not closed/],
    ['text after the root', '<x/>\ntrailing', 2, /outside the root/],
    ['a bare ampersand', '<x>\nA & B</x>', 2, /Bare "&"/],
  ])('refuses %s', (_name, xml, line, reason) => {
    const failure = parseFailure(() => readXml(xml, 'f.xml', noop));
    expect(failure.line).toBe(line);
    expect(failure.reason).toMatch(reason);
  });

  it('decodes the predefined and numeric entities', () => {
    const texts: string[] = [];
    readXml('<x>a &lt;b&gt; &amp; &#233;&#x41;</x>', 'f.xml', { ...noop, text: (v) => texts.push(v) });
    expect(texts).toEqual(['a <b> & éA']);
  });
});

describe('parseTabularXml', () => {
  const tabular = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2099</version>
  <chapter>
    <name>1</name>
    <desc>Synthetic chapter (Q00-Q01)</desc>
    <section id="Q00-Q01">
      <desc>Synthetic block</desc>
      <diag>
        <name>Q00</name>
        <desc>Made-up category</desc>
        <excludes1><note>made-up condition (Q01.-)</note></excludes1>
        <sevenChrNote><note>The appropriate 7th character is to be added</note></sevenChrNote>
        <sevenChrDef><extension char="A">initial encounter</extension><extension char="D">subsequent encounter</extension></sevenChrDef>
        <diag placeholder="true"><name>Q00.1</name><desc>Made-up subcategory</desc></diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>`;

  it('keeps notes, 7th characters and placeholders per node', () => {
    const { version, nodes } = parseTabularXml(tabular, 'tab.xml');
    expect(version).toBe('2099');
    expect(nodes.map((n) => [n.kind, n.id, n.parent])).toEqual([
      ['chapter', '1', -1],
      ['block', 'Q00-Q01', 0],
      ['code', 'Q00', 1],
      ['code', 'Q001', 2],
    ]);
    expect(nodes[2]?.notes).toEqual([['excludes1', 'made-up condition (Q01.-)']]);
    expect(nodes[2]?.seventh?.values).toEqual([
      ['A', 'initial encounter'],
      ['D', 'subsequent encounter'],
    ]);
    expect(nodes[3]?.placeholder).toBe(true);
  });

  it('refuses a file whose root is not the Tabular', () => {
    expect(parseFailure(() => parseTabularXml('<ICD10CM.index/>', 'tab.xml')).reason).toMatch(
      /expected <ICD10CM.tabular>/,
    );
  });
});

describe('parseIndexXml', () => {
  it('flattens main terms and subterms with codes and cross-references', () => {
    const xml = `<ICD10CM.index><version>2099</version><letter><title>Q</title>
      <mainTerm><title>Quux<nemod>(made-up)</nemod></title><code>Q00.9</code>
        <term level="1"><title>left</title><see>Quux, right</see></term>
      </mainTerm></letter></ICD10CM.index>`;
    const { terms } = parseIndexXml(xml, 'idx.xml', 'index');
    expect(terms).toEqual([
      { parent: -1, level: 0, title: 'Quux (made-up)', code: 'Q00.9' },
      { parent: 0, level: 1, title: 'left', see: 'Quux, right' },
    ]);
  });
});

describe('parsePcsTablesXml', () => {
  const axis = (pos: number, title: string, labels: [string, string][]): string =>
    `<axis pos="${pos}" values="${labels.length}"><title>${title}</title>${labels.map(([c, l]) => `<label code="${c}">${l}</label>`).join('')}</axis>`;

  it('reads tables and rows', () => {
    const xml = `<ICD10PCS.tabular><version>2099</version><pcsTable>${axis(1, 'Section', [['0', 'S']])}${axis(2, 'Body System', [['D', 'B']])}${axis(3, 'Operation', [['T', 'R']])}<pcsRow codes="2">${axis(4, 'Body Part', [['J', 'P']])}${axis(
      5,
      'Approach',
      [
        ['0', 'Open'],
        ['4', 'Perc Endo'],
      ],
    )}${axis(6, 'Device', [['Z', 'No Device']])}${axis(7, 'Qualifier', [['Z', 'No Qualifier']])}</pcsRow></pcsTable></ICD10PCS.tabular>`;
    const { tables } = parsePcsTablesXml(xml, 'pcs.xml');
    expect(tables[0]?.rows[0]?.[1]?.labels).toEqual([
      ['0', 'Open'],
      ['4', 'Perc Endo'],
    ]);
  });

  it('refuses a row without all four axes, and the letters O and I', () => {
    const short = `<ICD10PCS.tabular><pcsTable>${axis(1, 'S', [['0', 'S']])}${axis(2, 'B', [['D', 'B']])}${axis(3, 'O', [['T', 'R']])}<pcsRow codes="1">${axis(4, 'P', [['J', 'P']])}</pcsRow></pcsTable></ICD10PCS.tabular>`;
    expect(parseFailure(() => parsePcsTablesXml(short, 'pcs.xml')).reason).toMatch(/needs axes 4-7/);
    const letterO = `<ICD10PCS.tabular><pcsTable>${axis(1, 'S', [['O', 'S']])}</pcsTable></ICD10PCS.tabular>`;
    expect(parseFailure(() => parsePcsTablesXml(letterO, 'pcs.xml')).reason).toMatch(/not a PCS character/);
  });
});

describe('parseHcpcsCsv', () => {
  const header = 'HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION,XREF1,ADD DT,ACT EFF DT,TERM DT,ACTION CD';

  it('joins continuation records and reads dates', () => {
    const text = [
      header,
      'Q9990,0010,3,"Made-up supply, first part",Made-up supply,,20990101,20990101,,N',
      'Q9990,0020,4,second part,,,,,,',
    ].join('\n');
    expect(parseHcpcsCsv(text, 'h.csv')[0]).toMatchObject({
      code: 'Q9990',
      long: 'Made-up supply, first part second part',
      addedOn: '2099-01-01',
      terminatesOn: '',
    });
  });

  it.each([
    ['a truncated record', [header, 'Q9990,0010,3,Made-up'].join('\n'), 2, /fields/],
    ['an unbalanced quote', [header, 'Q9990,0010,3,"Made-up,x,,20990101,20990101,,N'].join('\n'), 2, /quotes/],
    ['a missing column', 'HCPC,LONG DESCRIPTION\nQ9990,x', 1, /lacks the column/],
  ])('refuses %s', (_name, text, line, reason) => {
    const failure = parseFailure(() => parseHcpcsCsv(text, 'h.csv'));
    expect(failure.line).toBe(line);
    expect(failure.reason).toMatch(reason);
  });
});

describe('parseCptFile', () => {
  it('reads made-up codes with an optional header', () => {
    expect(parseCptFile('code\tshort\tlong\n1234Z\tMade-up short\tMade-up long descriptor\n', 'cpt.tsv')).toEqual([
      { code: '1234Z', short: 'Made-up short', long: 'Made-up long descriptor' },
    ]);
  });

  it.each([
    ['a line with two fields', '1234Z\tonly short', 1, /Expected 3 tab-separated fields/],
    ['a malformed code', 'ABCDE\ts\tl', 1, /not a CPT code/],
    ['a duplicate code', '1234Z\ts\tl\n1234Z\ts\tl', 2, /appears twice/],
  ])('refuses %s', (_name, text, line, reason) => {
    const failure = parseFailure(() => parseCptFile(text, 'cpt.tsv'));
    expect(failure.line).toBe(line);
    expect(failure.reason).toMatch(reason);
  });
});

describe('conversion table and POA list', () => {
  it('reads previous codes from a quoted list', () => {
    const text =
      'notice,,\nCurrent code assignment,Effective,Previous Code(s) Assignment\nQ00.11,2099,"Q00.1, Q00.2"\n,\n""\n';
    expect(parseConversionCsv(text, 'conv.csv')).toEqual([
      { code: 'Q0011', effective: '2099', previous: ['Q001', 'Q002'] },
    ]);
  });

  it('strips dots from POA-exempt codes', () => {
    expect(parsePoaExempt('Order26\tPOAexemptCode\tDescription\n00001\tQ00.1\tMade-up', 'poa.txt')).toEqual(['Q001']);
  });
});
