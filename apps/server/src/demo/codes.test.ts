import { loadCodeSets } from '@charta/data';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from './scenarios.js';

/** The demo data's dates: any day of the shipped releases' years (the newest release also covers later dates). */
const DATES = ['2025-11-15', '2026-06-30'];

describe('demo scenario codes', () => {
  it('are billable codes of the shipped ICD-10-CM, ICD-10-PCS and HCPCS releases, with their long titles', async () => {
    const store = await loadCodeSets();
    const problems: string[] = [];
    for (const s of SCENARIOS) {
      const codes = [
        ...s.diagnoses.map((d) => ({ system: 'ICD-10-CM' as const, code: d.code, display: d.display })),
        ...s.procedures
          .filter((p) => p.system !== 'CPT')
          .map((p) => ({ system: p.system, code: p.code, display: p.display })),
      ];
      for (const c of codes) {
        for (const date of DATES) {
          const lookup = store.lookup(c.system, c.code, date);
          if (!lookup.ok) problems.push(`${s.id}: ${c.system} ${c.code} on ${date}: ${lookup.error.reason}`);
          const entry = store.entry(c.system, c.code, date);
          if (entry && entry.longTitle !== c.display)
            problems.push(`${s.id}: ${c.code} title "${c.display}" is "${entry.longTitle}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('use only made-up CPT-format codes (four digits + Z), never real CPT codes', () => {
    const cpt = SCENARIOS.flatMap((s) => s.procedures.filter((p) => p.system === 'CPT'));
    expect(cpt.length).toBeGreaterThan(0);
    for (const p of cpt) {
      expect(p.code).toMatch(/^\d{4}Z$/u);
      expect(p.display).toMatch(/^Made-up /u);
    }
  });
});
