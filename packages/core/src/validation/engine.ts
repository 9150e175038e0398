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
  const selected = rulesFor(rules, encounter.encounterType);
  const date = input.date;
  for (let r = 0; r < selected.length; r++) {
    const rule = selected[r] as ValidationRule;
    if (
      date !== undefined &&
      (date < rule.effective.from || (rule.effective.to !== undefined && date > rule.effective.to))
    )
      continue;
    const found = rule.evaluate(input, ctx);
    for (let i = 0; i < found.length; i++) out.push(found[i] as Finding);
  }
  return out;
}

const KNOWN_TYPES = new Set<string>(Object.values(EncounterType));

/** Per rule list, the rules that apply to each encounter type: selected once, not per encounter. */
const bySetting = new WeakMap<readonly ValidationRule[], Map<string, readonly ValidationRule[]>>();

function rulesFor(rules: readonly ValidationRule[], encounterType: string): readonly ValidationRule[] {
  let byType = bySetting.get(rules);
  if (!byType) bySetting.set(rules, (byType = new Map()));
  let selected = byType.get(encounterType);
  if (!selected) {
    selected = rules.filter(
      (rule) => rule.appliesTo === undefined || (rule.appliesTo as readonly string[]).includes(encounterType),
    );
    // Only known settings are kept, so that garbage input cannot grow the cache.
    if (KNOWN_TYPES.has(encounterType)) byType.set(encounterType, selected);
  }
  return selected;
}
