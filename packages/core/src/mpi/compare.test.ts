import { describe, expect, it } from 'vitest';
import {
  addressLevel,
  birthDateLevel,
  familyLevels,
  givenLevels,
  identifierLevel,
  middleLevel,
  namesSwapped,
  normalizeStreet,
  phoneLevel,
  prepareRecord,
} from './compare.js';
import { areNicknames, NICKNAME_GROUP_COUNT } from './nicknames.js';
import type { MpiRecord } from './types.js';

const rec = (over: Partial<MpiRecord>): MpiRecord => ({ id: 'x', ...over });
const prep = (over: Partial<MpiRecord>) => prepareRecord(rec(over));

describe('nickname table', () => {
  it('has at least 150 groups', () => {
    expect(NICKNAME_GROUP_COUNT).toBeGreaterThanOrEqual(150);
  });

  it.each([
    ['WILLIAM', 'BILL'],
    ['BILLY', 'WILL'],
    ['ROBERT', 'BOB'],
    ['ELIZABETH', 'BETTY'],
    ['LIZ', 'BETH'],
    ['MARGARET', 'PEGGY'],
    ['KATHERINE', 'CATHERINE'],
    ['KATE', 'KATHY'],
    ['ALBERT', 'AL'],
    ['ALFRED', 'AL'],
  ])('treats %s and %s as the same name', (a, b) => {
    expect(areNicknames(a, b)).toBe(true);
  });

  it.each([
    ['WILLIAM', 'ROBERT'],
    ['JOHN', 'JOAN'],
    ['UNLISTED', 'BILL'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(areNicknames(a, b)).toBe(false);
  });
});

describe('given-name comparator', () => {
  it.each([
    ['William', 'William', 'exact'],
    ['Bill', 'William', 'nickname'],
    ['Jonathon', 'Jonathan', 'typo'],
    ['J', 'John', 'initial'],
    ['Zoltan', 'Bartholomew', 'disagree'],
  ])('%s vs %s agrees as %s', (a, b, level) => {
    expect(givenLevels(prep({ givenName: a }), prep({ givenName: b }))).toContain(level);
  });

  it('recognises a person going by the middle name', () => {
    const a = prep({ givenName: 'James', middleName: 'Walter' });
    const b = prep({ givenName: 'Walter' });
    expect(givenLevels(a, b)).toContain('middle-as-given');
  });

  it('reports missing, not disagreement, when one side has no given name', () => {
    expect(givenLevels(prep({ givenName: 'Ann' }), prep({}))).toEqual(['missing']);
  });

  it('takes the second word of the given name as the middle name', () => {
    expect(middleLevel(prep({ givenName: 'Mary Ann' }), prep({ givenName: 'Mary', middleName: 'A' }))).toBe('initial');
  });
});

describe('family-name comparator', () => {
  it.each([
    ['Garcia', 'GARCIA', 'exact'],
    ['Garcia-Lopez', 'Garcia', 'compound'],
    ['Lopez Garcia', 'Garcia', 'compound'],
    ['Johnston', 'Johnson', 'typo'],
    ['Smith', 'Jones', 'disagree'],
  ])('%s vs %s agrees as %s', (a, b, level) => {
    expect(familyLevels(prep({ familyName: a }), prep({ familyName: b }))).toContain(level);
  });

  it('counts a maiden name as a weaker agreement', () => {
    const married = prep({ familyName: 'Daniels', previousFamilyNames: ['Bailey'] });
    expect(familyLevels(married, prep({ familyName: 'Bailey' }))).toContain('previous-name');
  });

  it('detects given and family names entered the wrong way round', () => {
    expect(
      namesSwapped(prep({ givenName: 'Smith', familyName: 'Jack' }), prep({ givenName: 'Jack', familyName: 'Smith' })),
    ).toBe(true);
    expect(
      namesSwapped(prep({ givenName: 'Jack', familyName: 'Smith' }), prep({ givenName: 'Jack', familyName: 'Smith' })),
    ).toBe(false);
  });
});

describe('birth-date comparator', () => {
  it.each([
    ['1970-03-04', '1970-03-04', 'exact'],
    ['1970-03-04', '1970-04-03', 'day-month-swapped'],
    ['1970-03-14', '1970-03-41', 'digit-transposed'],
    ['1970-03-14', '1907-03-14', 'digit-transposed'],
    ['1970-03-14', '1971-03-14', 'one-digit'],
    ['1970-03-14', '1980-03-14', 'one-digit'],
    ['1970-03-14', '1985-11-02', 'disagree'],
  ])('%s vs %s agrees as %s', (a, b, level) => {
    expect(birthDateLevel(prep({ birthDate: a }).dob, prep({ birthDate: b }).dob)).toBe(level);
  });

  it('treats a malformed or absent date as missing', () => {
    expect(birthDateLevel(prep({ birthDate: '03/04/1970' }).dob, prep({ birthDate: '1970-03-04' }).dob)).toBe(
      'missing',
    );
  });
});

describe('address comparator', () => {
  it('normalises USPS street suffixes, directionals and unit markers', () => {
    expect(normalizeStreet('12 North Maple Street, Apartment 4')).toBe('12 N MAPLE ST APT 4');
    expect(normalizeStreet('12 n. maple st #4')).toBe('12 N MAPLE ST APT 4');
  });

  it.each([
    [{ line: '12 Maple Street', postalCode: '43701' }, { line: '12 MAPLE ST', postalCode: '43701-1234' }, 'exact'],
    [{ line: '12 Maple Street' }, { line: '12 MAPLE ST', postalCode: '43701' }, 'street'],
    [{ line: '12 Maple Street', postalCode: '43701' }, { line: '9 Oak Ave', postalCode: '43701' }, 'postal-code'],
    [{ line: '12 Maple Street', postalCode: '43701' }, { line: '9 Oak Ave', postalCode: '97401' }, 'disagree'],
  ])('%o vs %o agrees as %s', (a, b, level) => {
    expect(addressLevel(prep({ address: a }), prep({ address: b }))).toBe(level);
  });
});

describe('phone and identifier comparators', () => {
  it.each([
    [['(614) 555-0123'], ['614-555-0123'], 'exact'],
    [['614-555-0123'], ['380-555-0123'], 'last-7'],
    [['614-555-0123'], ['614-555-0199'], 'disagree'],
    [[], ['614-555-0199'], 'missing'],
  ])('phones %o vs %o agree as %s', (a, b, level) => {
    expect(phoneLevel(prep({ phones: a }), prep({ phones: b }))).toBe(level);
  });

  it.each([
    ['900-12-3456', '900123456', 'ssn-exact'],
    ['900-12-3456', '3456', 'ssn-last4'],
    ['900-12-3456', '900-12-9999', 'ssn-disagree'],
  ])('SSN %s vs %s agrees as %s', (a, b, level) => {
    const x = prep({ identifiers: [{ system: 'SSN', value: a }] });
    const y = prep({ identifiers: [{ system: 'SSN', value: b }] });
    expect(identifierLevel(x, y)).toBe(level);
  });

  it("agrees when one record carries the other facility's record number", () => {
    const x = prep({ identifiers: [{ system: 'MRN:FAC-A', value: '1001' }] });
    const y = prep({
      identifiers: [
        { system: 'MRN:FAC-B', value: '77' },
        { system: 'MRN:FAC-A', value: '1001' },
      ],
    });
    expect(identifierLevel(x, y)).toBe('id-exact');
  });
});
