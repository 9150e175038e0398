/**
 * Deterministic labelled evaluation set for master-patient-index matching. Every person is invented: names are drawn
 * independently from frequency-ranked lists written for this file, streets and cities are made up, phone numbers use
 * the fictional 555-0100..0199 range, Social Security numbers start with 9 (never issued as an SSN) and e-mail
 * addresses use example.com/example.org (reserved by RFC 2606).
 *
 * About 15% of the people get a duplicate record (some two) carrying the errors registration staff actually make:
 * typing errors, nicknames, married or hyphenated surnames, swapped names, transposed birth dates, missing fields, a
 * new address or phone. Hard negatives are built in: households sharing surname, address and phone; twins sharing
 * surname and birth date too; and many different people called JOHN SMITH or MARIA GARCIA.
 */
import { nicknameGroups, type MpiIdentifier, type MpiRecord } from '@charta/core';
import { mulberry32 } from '../random.js';

export interface MpiEvaluationSet {
  readonly records: readonly MpiRecord[];
  /** Every pair of record ids (sorted within the pair) that belong to the same person. */
  readonly truePairs: readonly (readonly [string, string])[];
  /** Pairs of records of twins: same surname and birth date, different people (hard negatives). */
  readonly twinPairs: readonly (readonly [string, string])[];
  /** Number of distinct people. */
  readonly people: number;
}

// Frequency-style lists: earlier entries are drawn more often (weight 1 / (rank + 4)), so common names repeat a lot.
const MALE = (
  'JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL MATTHEW ANTHONY DONALD ' +
  'MARK PAUL STEVEN ANDREW KENNETH JOSHUA KEVIN BRIAN GEORGE EDWARD RONALD TIMOTHY JASON JEFFREY RYAN JACOB GARY ' +
  'NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN SCOTT BRANDON BENJAMIN SAMUEL GREGORY FRANK ALEXANDER RAYMOND PATRICK ' +
  'JACK DENNIS JERRY TYLER AARON JOSE ADAM HENRY NATHAN DOUGLAS ZACHARY PETER KYLE WALTER ETHAN JEREMY HAROLD KEITH ' +
  'CHRISTIAN ROGER NOAH GERALD CARL TERRY SEAN AUSTIN ARTHUR LAWRENCE JESSE DYLAN BRYAN JOE JORDAN BILLY BRUCE ALBERT ' +
  'WILLIE GABRIEL LOGAN ALAN JUAN WAYNE ROY RALPH RANDY EUGENE VINCENT RUSSELL ELIJAH LOUIS BOBBY PHILIP JOHNNY ' +
  'FREDERICK THEODORE CALVIN MARTIN VICTOR LEONARD STANLEY BERNARD HOWARD'
).split(' ');
const FEMALE = (
  'MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY MARGARET SANDRA ASHLEY ' +
  'KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA DOROTHY MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA KATHLEEN ' +
  'AMY ANGELA SHIRLEY ANNA BRENDA PAMELA EMMA NICOLE HELEN SAMANTHA KATHERINE CHRISTINE DEBRA RACHEL CAROLYN JANET ' +
  'CATHERINE MARIA HEATHER DIANE RUTH JULIE OLIVIA JOYCE VIRGINIA VICTORIA KELLY LAUREN CHRISTINA JOAN EVELYN JUDITH ' +
  'MEGAN ANDREA CHERYL HANNAH JACQUELINE MARTHA GLORIA TERESA ANN SARA MADISON FRANCES KATHRYN JANICE JEAN ABIGAIL ' +
  'ALICE JUDY SOPHIA GRACE DENISE AMBER DORIS MARILYN DANIELLE BEVERLY ISABELLA THERESA DIANA NATALIE BRITTANY ' +
  'CHARLOTTE MARIE KAYLA ALEXIS LORI ROSEMARY FLORENCE LILLIAN EDITH'
).split(' ');
const FAMILY = (
  'SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ GONZALEZ WILSON ' +
  'ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON ' +
  'WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL ' +
  'MITCHELL CARTER ROBERTS GOMEZ PHILLIPS EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES ' +
  'MURPHY COOK ROGERS GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD RICHARDSON ' +
  'WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVAREZ CASTILLO SANDERS PATEL MYERS LONG ' +
  'ROSS FOSTER JIMENEZ POWELL JENKINS PERRY RUSSELL SULLIVAN BELL COLEMAN BUTLER HENDERSON BARNES GONZALES FISHER ' +
  'VASQUEZ SIMMONS ROMERO JORDAN PATTERSON ALEXANDER HAMILTON GRAHAM REYNOLDS GRIFFIN WALLACE MORENO WEST COLE HAYES ' +
  'BRYANT HERRERA GIBSON ELLIS TRAN MEDINA AGUILAR STEVENS MURRAY FORD CASTRO MARSHALL OWENS HARRISON FERNANDEZ ' +
  'MCDONALD WOODS WASHINGTON KENNEDY WELLS VARGAS HENRY CHEN FREEMAN WEBB TUCKER GUZMAN BURNS CRAWFORD OLSON SIMPSON ' +
  'PORTER HUNTER GORDON MENDEZ SILVA SHAW SNYDER MASON DIXON MUNOZ HUNT HICKS HOLMES PALMER WAGNER BLACK ROBERTSON ' +
  'BOYD ROSE STONE SALAZAR FOX WARREN MILLS MEYER RICE SCHMIDT GARZA DANIELS FERGUSON NICHOLS STEPHENS SOTO WEAVER ' +
  'RYAN GARDNER PAYNE GRANT DUNN KELLEY SPENCER HAWKINS ARNOLD PIERCE HANSEN PETERS SANTOS HART BRADLEY KNIGHT ' +
  'ELLIOTT CUNNINGHAM DUNCAN ARMSTRONG HUDSON CARROLL LANE RILEY ANDREWS ALVARADO RAY DELGADO BERRY PERKINS HOFFMAN ' +
  'JOHNSTON MATTHEWS PENA RICHARDS CONTRERAS WILLIS CARPENTER LAWRENCE SANDOVAL'
).split(' ');
const STREET_NAMES = (
  'MAPLE HOLLOW|CEDAR BLUFF|WILLOW BEND|QUARRY RIDGE|LANTERN|FOXGLOVE|BRAMBLE|HERON POND|SILVER BIRCH|COPPER KETTLE|' +
  'OLD MILL|STONEFIELD|BLUE SPRUCE|ORCHARD GATE|TIMBERLINE|MEADOWLARK|JUNIPER|HAWTHORN|RIVERSTONE|LARKSPUR|' +
  'CHESTNUT HILL|PEBBLE CREEK|SUNDIAL|AMBERWOOD|KINGFISHER|THISTLE|BIRCHWOOD|GRANITE|MOSSY OAK|HARBOR LIGHT'
).split('|');
const SUFFIXES: readonly (readonly [string, string])[] = [
  ['STREET', 'ST'],
  ['AVENUE', 'AVE'],
  ['ROAD', 'RD'],
  ['DRIVE', 'DR'],
  ['LANE', 'LN'],
  ['COURT', 'CT'],
  ['BOULEVARD', 'BLVD'],
  ['PLACE', 'PL'],
  ['TERRACE', 'TER'],
  ['CIRCLE', 'CIR'],
];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Fernhaven', 'OH', '437'],
  ['Millbrook Falls', 'PA', '168'],
  ['Port Ardell', 'OR', '974'],
  ['Cindervale', 'TX', '765'],
  ['Greystone Junction', 'IA', '505'],
  ['Larkin Springs', 'GA', '317'],
  ['Oak Harrow', 'MN', '563'],
  ['Westmere', 'NC', '283'],
];

function weightedPicker(items: readonly string[]): (r: () => number) => string {
  const cum: number[] = [];
  let total = 0;
  items.forEach((_, i) => {
    total += 1 / (i + 4);
    cum.push(total);
  });
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo] ?? items[0] ?? '';
  };
}

interface Person {
  readonly key: number;
  sex: 'M' | 'F';
  given: string;
  middle: string;
  family: string;
  dob: string;
  line: string;
  city: string;
  state: string;
  postal: string;
  phone: string;
  email: string;
  ssn: string;
}

const titleCase = (s: string) =>
  s.toLowerCase().replace(/(^|[ -])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());

/**
 * Builds `people` distinct synthetic people (plus duplicates) from `seed`. The same seed and count always give the
 * same records, ids and pairs.
 */
export function generateMpiEvaluationSet(seed: number, people: number): MpiEvaluationSet {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const male = weightedPicker(MALE);
  const female = weightedPicker(FEMALE);
  const family = weightedPicker(FAMILY);
  const groups = nicknameGroups();
  const nickOf = (name: string): string | undefined => {
    const options = groups.filter((g) => g.includes(name)).flatMap((g) => g.filter((n) => n !== name && n.length > 1));
    return options.length > 0 ? pick(options) : undefined;
  };

  const usedSsn = new Set<string>();
  const newSsn = () => {
    for (;;) {
      const s = `9${pad(int(100_000_000), 8)}`;
      if (!usedSsn.has(s)) {
        usedSsn.add(s);
        return s;
      }
    }
  };
  const newPhone = () => `${200 + int(790)}-555-01${pad(int(100), 2)}`;
  const newAddress = () => {
    const [city, state, zip3] = pick(CITIES);
    const [suffix] = pick(SUFFIXES);
    return {
      line: `${1 + int(9899)} ${pick(STREET_NAMES)} ${suffix}${r() < 0.15 ? ` APT ${1 + int(40)}` : ''}`,
      city,
      state,
      postal: `${zip3}${pad(int(100), 2)}`,
    };
  };
  const randomDob = (from = 1930, to = 2020) =>
    `${from + int(to - from)}-${pad(1 + int(12), 2)}-${pad(1 + int(28), 2)}`;
  const givenFor = (sex: 'M' | 'F') => (sex === 'M' ? male(r) : female(r));

  const persons: Person[] = [];
  const twinOf = new Map<number, number>();
  const makePerson = (over: Partial<Person> = {}): Person => {
    const sex = over.sex ?? (r() < 0.5 ? 'M' : 'F');
    const given = over.given ?? givenFor(sex);
    const fam = over.family ?? family(r);
    const addr = newAddress();
    const p: Person = {
      key: persons.length,
      sex,
      given,
      middle: r() < 0.6 ? givenFor(sex) : '',
      family: fam,
      dob: over.dob ?? randomDob(),
      line: over.line ?? addr.line,
      city: over.city ?? addr.city,
      state: over.state ?? addr.state,
      postal: over.postal ?? addr.postal,
      phone: over.phone ?? newPhone(),
      email:
        r() < 0.4 ? `${given.toLowerCase()}.${fam.toLowerCase()}${int(100)}@example.${r() < 0.5 ? 'com' : 'org'}` : '',
      ssn: newSsn(),
    };
    persons.push(p);
    return p;
  };

  while (persons.length < people) {
    const x = r();
    if (x < 0.02) {
      // Common names: many different people called JOHN SMITH or MARIA GARCIA.
      if (r() < 0.5) makePerson({ sex: 'M', given: 'JOHN', family: 'SMITH' });
      else makePerson({ sex: 'F', given: 'MARIA', family: 'GARCIA' });
    } else if (x < 0.035 && persons.length + 2 <= people) {
      // Twins: same surname, birth date, address and phone; a different given name.
      const a = makePerson();
      const sex = r() < 0.5 ? a.sex : a.sex === 'M' ? 'F' : 'M';
      let given = givenFor(sex);
      while (given === a.given || nickOf(given) === a.given) given = givenFor(sex);
      const b = makePerson({
        sex,
        given,
        family: a.family,
        dob: a.dob,
        line: a.line,
        city: a.city,
        state: a.state,
        postal: a.postal,
        phone: a.phone,
      });
      twinOf.set(b.key, a.key);
    } else if (x < 0.12 && persons.length + 2 <= people) {
      // A household: spouse or child sharing surname, address and phone.
      const a = makePerson();
      const year = Number(a.dob.slice(0, 4));
      const child = r() < 0.5 && year < 1995;
      makePerson({
        sex: child ? (r() < 0.5 ? 'M' : 'F') : a.sex === 'M' ? 'F' : 'M',
        family: a.family,
        dob: child ? randomDob(year + 20, Math.min(2024, year + 40)) : randomDob(Math.max(1920, year - 8), year + 8),
        line: a.line,
        city: a.city,
        state: a.state,
        postal: a.postal,
        phone: a.phone,
      });
    } else makePerson();
  }

  // Error injectors: each returns a modified copy of the record fields.
  type Fields = {
    given: string;
    middle: string;
    family: string;
    previous: string[];
    sex: 'M' | 'F' | 'U';
    dob: string;
    line: string;
    city: string;
    state: string;
    postal: string;
    phone: string;
    email: string;
    ssn: string;
  };
  const typo = (s: string): string => {
    if (s.length < 3) return s;
    const i = 1 + int(s.length - 1);
    const letter = String.fromCharCode(65 + int(26));
    switch (int(4)) {
      case 0:
        return s.slice(0, i) + letter + s.slice(i);
      case 1:
        return s.slice(0, i) + s.slice(i + 1);
      case 2:
        return s.slice(0, i) + letter + s.slice(i + 1);
      default:
        return i < s.length - 1 ? s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2) : s.slice(0, -1);
    }
  };
  const errors: readonly ((f: Fields, p: Person) => void)[] = [
    (f) => (f.given = typo(f.given)),
    (f) => (f.family = typo(f.family)),
    (f) => (f.given = nickOf(f.given) ?? typo(f.given)),
    (f, p) => {
      // Married (or maiden) surname; registration recorded the earlier name half the time.
      if (p.sex === 'F') {
        f.family = family(r);
        if (r() < 0.5) f.previous = [p.family];
      } else f.family = typo(f.family);
    },
    (f) => (f.family = r() < 0.5 ? `${f.family}-${family(r)}` : `${family(r)}-${f.family}`),
    (f) => ([f.given, f.family] = [f.family, f.given]),
    (f) => {
      const [y, m, d] = f.dob.split('-') as [string, string, string];
      const kind = int(3);
      if (kind === 0 && Number(d) <= 12 && m !== d) f.dob = `${y}-${d}-${m}`;
      else if (kind === 1) {
        const digits = `${y}${m}${d}`;
        const i = 2 + int(5);
        const s = digits.slice(0, i) + (digits[i + 1] ?? '') + (digits[i] ?? '') + digits.slice(i + 2);
        f.dob = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
      } else f.dob = `${y.slice(0, 3)}${(Number(y[3]) + 1 + int(8)) % 10}-${m}-${d}`;
    },
    (f) => {
      // Missing fields.
      for (const k of ['middle', 'phone', 'email', 'line', 'postal', 'ssn'] as const) if (r() < 0.4) f[k] = '';
      if (r() < 0.2) f.sex = 'U';
    },
    (f) => {
      const a = newAddress();
      f.line = a.line;
      f.city = a.city;
      f.state = a.state;
      f.postal = a.postal;
    },
    (f) => (f.phone = newPhone()),
    (f) => (f.middle = f.middle.slice(0, 1)),
  ];

  const records: MpiRecord[] = [];
  const recordsOf: string[][] = persons.map(() => []);
  let mrn = 100_000;
  const facilities = ['FAC-A', 'FAC-B', 'FAC-C'] as const;
  const emit = (p: Person, f: Fields, extra: MpiIdentifier[] = []): MpiRecord => {
    const id = `R${pad(records.length + 1, 6)}`;
    const identifiers: MpiIdentifier[] = [{ system: `MRN:${pick(facilities)}`, value: String(mrn++) }, ...extra];
    const ssnRoll = r();
    if (f.ssn && ssnRoll < 0.5)
      identifiers.push({ system: 'SSN', value: `${f.ssn.slice(0, 3)}-${f.ssn.slice(3, 5)}-${f.ssn.slice(5)}` });
    else if (f.ssn && ssnRoll < 0.7) identifiers.push({ system: 'SSN', value: f.ssn.slice(-4) });
    // Spelling and formatting vary by clerk: title case or capitals, suffix spelled out or abbreviated.
    const cased = (s: string) => (r() < 0.5 ? titleCase(s) : s);
    let line = f.line;
    if (r() < 0.5) for (const [long, short] of SUFFIXES) line = line.replace(new RegExp(` ${long}\\b`), ` ${short}`);
    const rec: MpiRecord = {
      id,
      identifiers,
      ...(f.family ? { familyName: cased(f.family) } : {}),
      ...(f.previous.length ? { previousFamilyNames: f.previous.map(titleCase) } : {}),
      ...(f.given ? { givenName: cased(f.given) } : {}),
      ...(f.middle ? { middleName: cased(f.middle) } : {}),
      sex: f.sex,
      birthDate: f.dob,
      ...(f.line || f.postal
        ? {
            address: { line: cased(line), city: f.city, state: f.state, ...(f.postal ? { postalCode: f.postal } : {}) },
          }
        : {}),
      ...(f.phone ? { phones: [r() < 0.5 ? f.phone : `(${f.phone.slice(0, 3)}) ${f.phone.slice(4)}`] } : {}),
      ...(f.email ? { email: f.email } : {}),
    };
    records.push(rec);
    recordsOf[p.key]?.push(id);
    return rec;
  };
  const baseFields = (p: Person): Fields => ({
    given: p.given,
    middle: p.middle,
    family: p.family,
    previous: [],
    sex: p.sex,
    dob: p.dob,
    line: p.line,
    city: p.city,
    state: p.state,
    postal: p.postal,
    phone: p.phone,
    email: p.email,
    ssn: p.ssn,
  });

  for (const p of persons) {
    const base = emit(p, baseFields(p));
    if (r() >= 0.15) continue;
    const copies = r() < 0.1 ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const f = baseFields(p);
      const n = 1 + (r() < 0.5 ? 1 : 0) + (r() < 0.15 ? 1 : 0);
      for (let e = 0; e < n; e++) pick(errors)(f, p);
      // Some feeds carry the other facility's record number along (HIE-style cross-reference).
      const extra = r() < 0.1 ? (base.identifiers ?? []).filter((i) => i.system.startsWith('MRN:')) : [];
      emit(p, f, extra);
    }
  }

  const sortPair = (a: string, b: string): readonly [string, string] => (a < b ? [a, b] : [b, a]);
  const truePairs: (readonly [string, string])[] = [];
  for (const ids of recordsOf) {
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) truePairs.push(sortPair(ids[i] ?? '', ids[j] ?? ''));
  }
  const twinPairs: (readonly [string, string])[] = [];
  for (const [b, a] of twinOf) {
    for (const x of recordsOf[a] ?? []) for (const y of recordsOf[b] ?? []) twinPairs.push(sortPair(x, y));
  }
  return { records, truePairs, twinPairs, people: persons.length };
}
