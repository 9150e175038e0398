/**
 * Invented people and places for the demo data. Names are drawn independently from lists of common given and family
 * names, streets and towns are made up, postal codes sit in an unassigned range and telephone numbers use the
 * 555-0100 to 555-0199 block, which is reserved for fictional use. Nothing here describes a real person.
 */
import type { SeededRandom } from './random.js';

export const FEMALE_GIVEN = [
  'Ada',
  'Beatrice',
  'Camila',
  'Deborah',
  'Elena',
  'Fatima',
  'Grace',
  'Hannah',
  'Imani',
  'Jennifer',
  'Katherine',
  'Leticia',
  'Margaret',
  'Nadia',
  'Olivia',
  'Patricia',
  'Rosa',
  'Susan',
  'Tamika',
  'Valentina',
  'Wendy',
  'Yesenia',
  'Elizabeth',
  'Abigail',
  'Christina',
  'Dorothy',
  'Jessica',
  'Lucia',
  'Mei',
  'Priya',
  'Samantha',
  'Victoria',
] as const;

export const MALE_GIVEN = [
  'Abdul',
  'Benjamin',
  'Carlos',
  'Daniel',
  'Edward',
  'Francisco',
  'Gregory',
  'Hiroshi',
  'Isaac',
  'James',
  'Kwame',
  'Lawrence',
  'Michael',
  'Nathaniel',
  'Oscar',
  'Patrick',
  'Rafael',
  'Samuel',
  'Thomas',
  'Umar',
  'Vincent',
  'William',
  'Robert',
  'Anthony',
  'Christopher',
  'Joseph',
  'Richard',
  'Jonathan',
  'Matthew',
  'Nicholas',
  'Raj',
  'Tobias',
] as const;

export const FAMILY = [
  'Abernathy',
  'Baptiste',
  'Castellano',
  'Dabrowski',
  'Ellison',
  'Ferreira',
  'Gallagher',
  'Halvorsen',
  'Ibarra',
  'Jablonski',
  'Kowalczyk',
  'Lindgren',
  'Mbeki',
  'Nakashima',
  'Okafor',
  'Pellegrino',
  'Quintero',
  'Rasmussen',
  'Sandoval',
  'Thibodeaux',
  'Underwood',
  'Valdivia',
  'Whitfield',
  'Yamamoto',
  'Zielinski',
  'Ashworth',
  'Bustamante',
  'Calloway',
  'Delgado',
  'Esposito',
  'Fairbanks',
  'Gutierrez',
  'Hargrove',
  'Iverson',
  'Jefferson',
  'Kimura',
  'Lancaster',
  'Montgomery',
  'Nwosu',
  'Oyelaran',
  'Pemberton',
  'Rosenthal',
  'Sorensen',
  'Tremblay',
  'Vasquez',
  'Wainwright',
  'Xiong',
  'Youngblood',
  'Zamora',
  'Brightwater',
  'Coldwell',
  'Drummond',
  'Everly',
  'Fitzgerald',
  'Greenleaf',
  'Holloway',
  'Ingram',
  'Kettleborough',
  'Marchetti',
  'Novak',
  'Ostrowski',
  'Prescott',
  'Radcliffe',
] as const;

/** Nicknames that registration staff commonly type for a given name (for injected near-duplicates). */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Elizabeth: 'Liz',
  Katherine: 'Kate',
  Margaret: 'Peggy',
  Patricia: 'Pat',
  Susan: 'Sue',
  Deborah: 'Debbie',
  Jennifer: 'Jen',
  Abigail: 'Abby',
  Christina: 'Tina',
  Dorothy: 'Dot',
  Jessica: 'Jess',
  Samantha: 'Sam',
  Victoria: 'Vicky',
  Benjamin: 'Ben',
  Daniel: 'Dan',
  Edward: 'Ed',
  Gregory: 'Greg',
  James: 'Jim',
  Lawrence: 'Larry',
  Michael: 'Mike',
  Nathaniel: 'Nate',
  Thomas: 'Tom',
  William: 'Bill',
  Robert: 'Bob',
  Anthony: 'Tony',
  Christopher: 'Chris',
  Joseph: 'Joe',
  Richard: 'Rick',
  Jonathan: 'Jon',
  Matthew: 'Matt',
  Nicholas: 'Nick',
  Francisco: 'Paco',
  Samuel: 'Sam',
  Vincent: 'Vince',
};

const STREETS = [
  'Quarry Lane',
  'Orchard Row',
  'Millpond Court',
  'Larch Street',
  'Harbor View',
  'Cedar Bend',
  'Tannery Road',
  'Foxglove Way',
  'Kiln Avenue',
  'Bellwether Drive',
  'Juniper Terrace',
  'Lamplighter Lane',
  'Marsh Hollow Road',
  'Wicklow Street',
  'Ferry Landing',
  'Granary Place',
  'Heron Point',
  'Ironbridge Road',
  'Saddle Creek Drive',
  'Thistle Court',
  'Weaver Street',
  'Chandler Avenue',
  'Elderberry Path',
  'Copperleaf Circle',
] as const;

/** Made-up towns of the demo region, each with a postal code in the unassigned 000xx range. */
const TOWNS = [
  { city: 'Riverside', postal: '00001' },
  { city: 'Alder Falls', postal: '00011' },
  { city: 'Brackenridge', postal: '00021' },
  { city: 'Cobble Hill', postal: '00031' },
  { city: 'Dunmore Flats', postal: '00041' },
  { city: 'Eastwick Harbor', postal: '00051' },
  { city: 'Fernvale', postal: '00061' },
] as const;

/** Area codes for the fictional 555-01xx numbers. */
const AREA_CODES = ['201', '312', '415', '617', '702', '808'] as const;

export interface SyntheticAddress {
  readonly line: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
}

export function syntheticAddress(rng: SeededRandom): SyntheticAddress {
  const town = rng.pick(TOWNS);
  return { line: `${rng.int(1, 9899)} ${rng.pick(STREETS)}`, city: town.city, state: 'ST', postalCode: town.postal };
}

/** A number in the 555-0100..0199 block reserved for fiction. */
export function syntheticPhone(rng: SeededRandom): string {
  return `${rng.pick(AREA_CODES)}-555-01${rng.digits(2)}`;
}

/**
 * The Luhn check digit of an NPI: computed over the nine identifier digits prefixed with 80840, the card-issuer
 * prefix under which NPIs are issued (CMS, "Requirements for National Provider Identifier (NPI) and NPI Enumeration",
 * check digit calculation).
 */
export function npiCheckDigit(firstNine: string): number {
  const digits = `80840${firstNine}`;
  let sum = 0;
  // Double every second digit from the right of the payload (the check digit would be the rightmost).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the value is ten digits starting with 1 or 2 whose last digit is the NPI Luhn check digit. */
export function isNpiShaped(value: string): boolean {
  return /^[12]\d{9}$/u.test(value) && npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** An NPI-shaped, checksum-valid identifier: first digit 1 for individuals, 2 for organisations. */
export function syntheticNpi(rng: SeededRandom, kind: 'individual' | 'organization'): string {
  const nine = `${kind === 'individual' ? '1' : '2'}${rng.digits(8)}`;
  return `${nine}${npiCheckDigit(nine)}`;
}
