/**
 * The validation engine: prepares the encounter (every code looked up once), then runs each rule in force on the
 * encounter's date and setting. It selects rules by their data (`effective`, `appliesTo`) and never by id; a
 * violation is a finding, and bad input is a finding naming the field, never an exception.
 */
import { EncounterType, type CodedEncounter } from '../encounter.js';
import type { Finding } from '../finding.js';
import { prepareEncounter } from './prepare.js';
import { CM_RULES } from './rules/cm-rules.js';
import { INPUT_RULES } from './rules/input-rules.js';
import { MCE_RULES } from './rules/mce-rules.js';
import { POA_RULES } from './rules/poa-rules.js';
import { PROCEDURE_RULES } from './rules/procedure-rules.js';
import type { PreparedEncounter, ValidationContext, ValidationRule } from './types.js';

/** Every rule of the engine, in reporting order. */
export const VALIDATION_RULES: readonly ValidationRule[] = [
  ...INPUT_RULES,
  ...CM_RULES,
  ...POA_RULES,
  ...MCE_RULES,
  ...PROCEDURE_RULES,
];

/** Whether a rule is in force for a prepared encounter (its date and setting). */
export function ruleApplies(rule: ValidationRule, input: PreparedEncounter): boolean {
  const date = input.date;
  if (
    date !== undefined &&
    (date < rule.effective.from || (rule.effective.to !== undefined && date > rule.effective.to))
  )
    return false;
  return rule.appliesTo === undefined || rule.appliesTo.includes(input.encounter.encounterType);
}

/**
 * Validates one coded encounter against the code sets and edits in force on its date (discharge date for inpatient
 * stays, admit date otherwise).
 *
 * @param encounter codes without dots, upper case; the first diagnosis is the principal (or first-listed) one
 * @param ctx reference data (code sets, MCE tables) and site settings
 * @param rules the rules to run; defaults to all of VALIDATION_RULES
 * @returns findings in rule order, then in input order; empty when nothing is wrong
 */
export function validateEncounter(
  encounter: CodedEncounter,
  ctx: ValidationContext,
  rules: readonly ValidationRule[] = VALIDATION_RULES,
): Finding[] {
  const input = prepareEncounter(encounter, ctx);
  const out: Finding[] = [];
  const schedule = scheduleFor(rules, encounter.encounterType);
  const date = input.date;
  const selected = date === undefined ? schedule.rules : rulesOn(schedule, date);
  for (let r = 0; r < selected.length; r++) {
    const found = (selected[r] as ValidationRule).evaluate(input, ctx);
    for (let i = 0; i < found.length; i++) out.push(found[i] as Finding);
  }
  return out;
}

const KNOWN_TYPES = new Set<string>(Object.values(EncounterType));

/**
 * The rules of a list that apply to one setting, and those in force by date. The dates where a rule starts or ends
 * (`points`, sorted) cut the calendar into classes: each point itself, and the open spans between points. Every date of
 * a class has the same rules in force, so they are selected once per class instead of comparing each rule's dates
 * for every encounter.
 */
interface Schedule {
  /** The rules for the setting, whatever the date (used when the encounter has no usable date). */
  readonly rules: readonly ValidationRule[];
  readonly points: readonly string[];
  /** Per class (see dateClass), the rules in force, filled on first use. */
  readonly inForce: (readonly ValidationRule[] | undefined)[];
}

/** Per rule list, the schedule of each encounter type: built once, not per encounter. */
const bySetting = new WeakMap<readonly ValidationRule[], Map<string, Schedule>>();

function scheduleFor(rules: readonly ValidationRule[], encounterType: string): Schedule {
  let byType = bySetting.get(rules);
  if (!byType) bySetting.set(rules, (byType = new Map()));
  let schedule = byType.get(encounterType);
  if (!schedule) {
    const selected = rules.filter(
      (rule) => rule.appliesTo === undefined || (rule.appliesTo as readonly string[]).includes(encounterType),
    );
    const points = new Set<string>();
    for (const rule of selected) {
      points.add(rule.effective.from);
      if (rule.effective.to !== undefined) points.add(rule.effective.to);
    }
    schedule = { rules: selected, points: [...points].sort(), inForce: [] };
    // Only known settings are kept, so that garbage input cannot grow the cache.
    if (KNOWN_TYPES.has(encounterType)) byType.set(encounterType, schedule);
  }
  return schedule;
}

/** The class of a date among the points: 0 before the first, 2k + 1 on point k, 2k + 2 between points k and k + 1. */
function dateClass(points: readonly string[], date: string): number {
  for (let k = points.length - 1; k >= 0; k--) {
    const p = points[k] as string;
    if (date > p) return 2 * k + 2;
    if (date === p) return 2 * k + 1;
  }
  return 0;
}

function rulesOn(schedule: Schedule, date: string): readonly ValidationRule[] {
  const c = dateClass(schedule.points, date);
  let selected = schedule.inForce[c];
  if (selected === undefined) {
    selected = schedule.rules.filter(
      (rule) => !(date < rule.effective.from || (rule.effective.to !== undefined && date > rule.effective.to)),
    );
    schedule.inForce[c] = selected;
  }
  return selected;
}
