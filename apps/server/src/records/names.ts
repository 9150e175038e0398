/**
 * A practitioner's name as people read it ("Priya Vantongeren, MD"): given and family name, then credentials. A
 * practitioner without a family name (none recorded, or no practitioner at all) has none.
 */
export function practitionerName(family: string, given: string | null, credentials: string | null): string;
export function practitionerName(
  family: string | null,
  given: string | null,
  credentials: string | null,
): string | null;
export function practitionerName(
  family: string | null,
  given: string | null,
  credentials: string | null,
): string | null {
  if (!family) return null;
  return [given, family].filter(Boolean).join(' ') + (credentials ? `, ${credentials}` : '');
}
