import type { Citation, Finding } from '../finding.js';
import { documentMatchesRule, instantMs, isSurgicalProcedure } from './match.js';
import type { CompletionRecord, CompletionRuleSet } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The consistency checks, each with its id and source. */
export const COMPLETION_CHECKS = {
  documentDate: {
    id: 'COMPLETION.CHECK.DOC_DATE',
    citation: { source: '42 CFR 482.24(c)(1): entries dated and timed' },
  },
  dischargeDiagnoses: {
    id: 'COMPLETION.CHECK.DS_DIAGNOSES',
    citation: { source: '42 CFR 482.24(c)(4)(vii)-(viii): final diagnosis in the discharge summary' },
  },
  dischargeDisposition: {
    id: 'COMPLETION.CHECK.DS_DISPOSITION',
    citation: { source: '42 CFR 482.24(c)(4)(vii): outcome of hospitalization, disposition of case' },
  },
  operativeProcedure: {
    id: 'COMPLETION.CHECK.OP_PROCEDURE',
    citation: { source: '42 CFR 482.51(b)(6): the operative report describes the procedures performed' },
  },
  procedureReport: {
    id: 'COMPLETION.CHECK.PROC_REPORT',
    citation: { source: '42 CFR 482.51(b)(6); 42 CFR 482.24(c)(4)(vi)' },
  },
  dischargeDate: {
    id: 'COMPLETION.CHECK.DISCHARGE_DATE',
    citation: { source: '42 CFR 482.24(c)(1): accurately written, dated entries' },
  },
} as const satisfies Record<string, { id: string; citation: Citation }>;

/** A labelled line ("PRINCIPAL DIAGNOSIS: ...") or a heading line followed by content lines. */
function section(text: string, heading: RegExp): string | null {
  const lines = text.split(/\r?\n/u);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = heading.exec(line);
    if (!m) continue;
    const rest = line.slice(m.index + m[0].length).trim();
    if (rest !== '') return rest;
    const following: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const next = (lines[j] ?? '').trim();
      if (next === '' || /^[A-Z][A-Z /&-]{2,}:/u.test(next)) break;
      following.push(next);
    }
    if (following.length > 0) return following.join(' ');
  }
  return null;
}

const DIAGNOSIS_HEADING = /\b(?:PRINCIPAL|FINAL|DISCHARGE|PRIMARY)\s+DIAGNOS[EI]S\s*:/iu;
const DISPOSITION_HEADING = /\b(?:DISCHARGE\s+)?DISPOSITION\s*:/iu;
const DISCHARGE_DATE = /\bDISCHARGE\s+DATE\s*:\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})/iu;

function isoDay(text: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(text);
  return us ? `${us[3]}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}` : text;
}

/**
 * Consistency checks across the record: document dates outside the encounter, a discharge summary without discharge
 * diagnoses or disposition or with a discharge date other than the encounter's, an operative report without a
 * procedure on its day, and surgical procedures in the coded record without an operative report. Each finding points
 * into the record (JSON Pointer). An unknown date or an empty text yields no finding here (the completion rules flag
 * empty documents).
 */
export function checkCompletionConsistency(record: CompletionRecord, ruleSet: CompletionRuleSet, now: Date): Finding[] {
  const findings: Finding[] = [];
  const e = record.encounter;
  const admitMs = instantMs(e.admitAt);
  const dischargeMs = instantMs(e.dischargeAt);
  const nowMs = now.getTime();
  const isOp = (code: string | null) => ruleSet.documentTypes.operativeReport.includes(code ?? '');
  const isDs = (code: string | null) => ruleSet.documentTypes.dischargeSummary.includes(code ?? '');

  record.documents.forEach((d, index) => {
    if (d.status === 'entered-in-error') return;
    const path = `/documents/${index}`;
    const authoredMs = instantMs(d.authoredAt);
    if (authoredMs !== null) {
      // A document may precede admission by as much as an enabled rule accepts for its type (the H&P's 30 days).
      const allowance = Math.max(
        0,
        ...ruleSet.rules
          .filter((r) => r.enabled && r.scope === 'encounter' && documentMatchesRule(r, d))
          .map((r) => r.window.beforeHours * HOUR),
      );
      if (authoredMs > nowMs) {
        findings.push({
          ruleId: COMPLETION_CHECKS.documentDate.id,
          severity: 'error',
          path: `${path}/authoredAt`,
          message: `The ${d.typeLabel} is dated in the future (${d.authoredAt ?? ''})`,
          citation: COMPLETION_CHECKS.documentDate.citation,
        });
      } else if (admitMs !== null && authoredMs < admitMs - allowance) {
        findings.push({
          ruleId: COMPLETION_CHECKS.documentDate.id,
          severity: 'warning',
          path: `${path}/authoredAt`,
          message: `The ${d.typeLabel} is dated before the encounter began (${d.authoredAt ?? ''} before ${e.admitAt ?? ''})`,
          citation: COMPLETION_CHECKS.documentDate.citation,
        });
      }
    }
    const text = d.text ?? '';
    if (isDs(d.loincCode) && d.amendsDocumentId === null && text.trim() !== '') {
      if (section(text, DIAGNOSIS_HEADING) === null) {
        findings.push({
          ruleId: COMPLETION_CHECKS.dischargeDiagnoses.id,
          severity: 'error',
          path: `${path}/text`,
          message: 'The discharge summary states no discharge (principal or final) diagnosis',
          citation: COMPLETION_CHECKS.dischargeDiagnoses.citation,
        });
      }
      if (section(text, DISPOSITION_HEADING) === null) {
        findings.push({
          ruleId: COMPLETION_CHECKS.dischargeDisposition.id,
          severity: 'error',
          path: `${path}/text`,
          message: 'The discharge summary states no disposition',
          citation: COMPLETION_CHECKS.dischargeDisposition.citation,
        });
      }
      const stated = DISCHARGE_DATE.exec(text)?.[1];
      if (stated) {
        const statedDay = isoDay(stated);
        const encounterDay = dischargeMs === null ? null : new Date(dischargeMs).toISOString().slice(0, 10);
        if (statedDay !== encounterDay) {
          findings.push({
            ruleId: COMPLETION_CHECKS.dischargeDate.id,
            severity: 'error',
            path: `${path}/text`,
            message:
              encounterDay === null
                ? `The discharge summary gives discharge date ${statedDay}, but the encounter has no discharge`
                : `The discharge summary gives discharge date ${statedDay}, the encounter ${encounterDay}`,
            citation: COMPLETION_CHECKS.dischargeDate.citation,
            data: { documentDate: statedDay, encounterDate: encounterDay },
          });
        }
      }
    }
    if (isOp(d.loincCode) && d.amendsDocumentId === null && authoredMs !== null) {
      // A procedure performed on the report's day or the day before (reports are written after the operation);
      // a procedure without a date cannot be ruled out.
      const matched = record.procedures.some((p) => {
        const at = instantMs(p.performedAt);
        return at === null || (at <= authoredMs && at >= authoredMs - 2 * DAY);
      });
      if (!matched) {
        findings.push({
          ruleId: COMPLETION_CHECKS.operativeProcedure.id,
          severity: 'warning',
          path,
          message: `The operative report of ${d.authoredAt?.slice(0, 10) ?? ''} has no procedure performed in the two days before it`,
          citation: COMPLETION_CHECKS.operativeProcedure.citation,
        });
      }
    }
  });

  const hasOpReport = record.documents.some(
    (d) => d.status !== 'entered-in-error' && d.amendsDocumentId === null && isOp(d.loincCode),
  );
  if (!hasOpReport) {
    record.procedures.forEach((p, index) => {
      if (p.source !== 'coded' || !isSurgicalProcedure(ruleSet, p.system, p.code)) return;
      findings.push({
        ruleId: COMPLETION_CHECKS.procedureReport.id,
        severity: 'error',
        path: `/procedures/${index}`,
        message: `Coded procedure ${p.code} (${p.system}) has no operative report on the encounter`,
        citation: COMPLETION_CHECKS.procedureReport.citation,
        codes: [p.code],
      });
    });
  }
  return findings;
}
