import { checkCompletionConsistency } from './consistency.js';
import {
  documentMatchesRule,
  isoFromMs,
  instantMs,
  isDateOnly,
  isDocumentComplete,
  isSurgicalProcedure,
  completionRuleApplies,
} from './match.js';
import type {
  Authenticator,
  CompletionAnalysis,
  CompletionDocument,
  CompletionItem,
  CompletionRecord,
  CompletionRule,
  CompletionRuleSet,
  CompletionStatus,
  DeficiencyKind,
  RecordCompletionStatus,
} from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const isoOf = (ms: number | null): string | null => (ms === null ? null : isoFromMs(ms));

interface SurgerySession {
  /** The UTC day, for keys and messages. */
  readonly day: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly practitionerIds: readonly string[];
}

/** Surgical procedures grouped by UTC day: one session needs one operative report. Undated ones are left out. */
export function surgerySessions(record: CompletionRecord, ruleSet: CompletionRuleSet): SurgerySession[] {
  const byDay = new Map<string, { startMs: number; endMs: number; practitionerIds: Set<string> }>();
  for (const p of record.procedures) {
    if (!p.performedAt || !isSurgicalProcedure(ruleSet, p.system, p.code)) continue;
    const at = instantMs(p.performedAt);
    if (at === null) continue;
    const day = p.performedAt.slice(0, 10);
    const start = at;
    // A date alone: the procedure may have ended at any time that day.
    const end = isDateOnly(p.performedAt) ? at + DAY : at;
    const s = byDay.get(day);
    if (s) {
      s.startMs = Math.min(s.startMs, start);
      s.endMs = Math.max(s.endMs, end);
      if (p.practitionerId) s.practitionerIds.add(p.practitionerId);
    } else {
      byDay.set(day, {
        startMs: start,
        endMs: end,
        practitionerIds: new Set(p.practitionerId ? [p.practitionerId] : []),
      });
    }
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, s]) => ({ day, startMs: s.startMs, endMs: s.endMs, practitionerIds: [...s.practitionerIds] }));
}

function clinician(record: CompletionRecord, role: string): string | null {
  return record.clinicians.find((c) => c.role === role)?.practitionerId ?? null;
}

function responsibleFor(
  record: CompletionRecord,
  role: Authenticator,
  document: CompletionDocument | undefined,
  session: SurgerySession | undefined,
): string | null {
  const attending = record.encounter.attendingId ?? clinician(record, 'attending');
  switch (role) {
    case 'attending':
      return attending ?? document?.authorId ?? null;
    case 'author':
      return document?.authorId ?? attending;
    case 'surgeon':
      return clinician(record, 'operating') ?? session?.practitionerIds[0] ?? document?.authorId ?? attending;
  }
}

/** One anchor instance an encounter-scope rule is evaluated against. */
interface AnchorInstance {
  readonly atMs: number | null;
  /** Time the operative report is counted from (the end of the surgery day when only the date is known). */
  readonly dueFromMs: number | null;
  readonly keySuffix: string;
  readonly session?: SurgerySession;
}

function anchorInstances(
  rule: CompletionRule,
  record: CompletionRecord,
  sessions: readonly SurgerySession[],
): AnchorInstance[] {
  const e = record.encounter;
  switch (rule.anchor) {
    case 'admission': {
      const at = instantMs(e.admitAt);
      return [{ atMs: at, dueFromMs: at, keySuffix: '' }];
    }
    case 'discharge': {
      const ended = e.status === 'discharged' || e.status === 'completed';
      const at = ended ? instantMs(e.dischargeAt) : null;
      return [{ atMs: at, dueFromMs: at, keySuffix: '' }];
    }
    case 'surgery':
      return sessions.map((s) => ({
        atMs: s.startMs,
        dueFromMs: rule.window.beforeHours > 0 || rule.window.afterHours === 0 ? s.startMs : s.endMs,
        keySuffix: `:${s.day}`,
        session: s,
      }));
    case 'authored':
      // Each document is its own anchor: only meaningful for scope 'each'.
      return [];
  }
}

interface Evaluation {
  readonly complete: boolean;
  readonly authenticated: boolean;
  /** When the document met the rule, if it did. */
  readonly satisfiedMs: number | null;
}

/**
 * A document with what every rule asks of it worked out once per analysis: its instants, whether it is complete, and
 * its position in the record (for paths).
 */
interface PreparedDocument {
  readonly d: CompletionDocument;
  readonly index: number;
  readonly authoredMs: number | null;
  readonly authenticatedMs: number | null;
  readonly complete: boolean;
}

function evaluate(rule: CompletionRule, doc: PreparedDocument): Evaluation {
  const complete = doc.complete;
  const authenticated = !rule.requireAuthentication || doc.d.authenticatedAt !== null;
  if (!complete || !authenticated) return { complete, authenticated, satisfiedMs: null };
  let satisfiedMs = doc.authoredMs;
  const signedMs = rule.requireAuthentication ? doc.authenticatedMs : null;
  if (signedMs !== null) satisfiedMs = satisfiedMs === null ? signedMs : Math.max(satisfiedMs, signedMs);
  return { complete, authenticated, satisfiedMs };
}

/** completionTiming on instants already in milliseconds (the analysis has them so). */
function timingAt(dueMs: number | null, delinquentMs: number | null, nowMs: number): 'due' | 'overdue' | 'delinquent' {
  if (dueMs === null || nowMs <= dueMs) return 'due';
  if (delinquentMs !== null && nowMs > delinquentMs) return 'delinquent';
  return 'overdue';
}

/**
 * Analyses one encounter's record against a rule set at `now`: every requirement that applies (met, pending or
 * owed, with the responsible clinician and due instant), the deficiencies owed now, and the consistency findings.
 * Pure: the same record, rules and instant give the same answer.
 */
export function analyzeCompletion(
  record: CompletionRecord,
  ruleSet: CompletionRuleSet,
  now: Date | string,
): CompletionAnalysis {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const e = record.encounter;
  const items: CompletionItem[] = [];
  if (e.status !== 'cancelled') {
    const sessions = surgerySessions(record, ruleSet);
    const firstSurgeryMs = sessions[0]?.startMs ?? null;
    const dischargeMs = e.status === 'discharged' || e.status === 'completed' ? instantMs(e.dischargeAt) : null;
    const delinquentMs = dischargeMs === null ? null : dischargeMs + ruleSet.delinquencyDays * DAY;
    const delinquentAt = isoOf(delinquentMs);
    const admitMs = instantMs(e.admitAt);
    const usable: PreparedDocument[] = [];
    for (let index = 0; index < record.documents.length; index++) {
      const d = record.documents[index] as CompletionDocument;
      if (d.status === 'entered-in-error') continue;
      usable.push({
        d,
        index,
        authoredMs: instantMs(d.authoredAt),
        authenticatedMs: instantMs(d.authenticatedAt),
        complete: isDocumentComplete(ruleSet, d),
      });
    }

    const push = (
      rule: CompletionRule,
      fields: {
        key: string;
        kind: DeficiencyKind | null;
        document?: PreparedDocument;
        anchorMs: number | null;
        dueMs: number | null;
        satisfiedMs: number | null;
        session?: SurgerySession | undefined;
      },
    ) => {
      let status: CompletionStatus;
      if (fields.kind === null) status = 'compliant';
      else if (fields.anchorMs === null || fields.anchorMs > nowMs) status = 'pending';
      else status = timingAt(fields.dueMs, delinquentMs, nowMs);
      items.push({
        ruleId: rule.id,
        title: rule.title,
        citation: rule.citation,
        key: fields.key,
        kind: status === 'compliant' ? null : fields.kind,
        status,
        documentId: fields.document?.d.id ?? null,
        path: fields.document ? `/documents/${fields.document.index}` : '/encounter',
        anchor: rule.anchor,
        anchorAt: isoOf(fields.anchorMs),
        dueAt: isoOf(fields.dueMs),
        delinquentAt,
        satisfiedAt: isoOf(fields.satisfiedMs),
        late: fields.satisfiedMs !== null && fields.dueMs !== null && fields.satisfiedMs > fields.dueMs,
        responsible: {
          role: rule.authenticatedBy,
          practitionerId: responsibleFor(record, rule.authenticatedBy, fields.document?.d, fields.session),
        },
      });
    };

    /** Items for one document under a rule: its open kinds, or one compliant item. */
    const documentItems = (
      rule: CompletionRule,
      doc: PreparedDocument,
      anchorMs: number | null,
      dueMs: number | null,
      session?: SurgerySession,
    ) => {
      const ev = evaluate(rule, doc);
      const item = (key: string, kind: DeficiencyKind | null) =>
        push(rule, { key, kind, document: doc, anchorMs, dueMs, satisfiedMs: ev.satisfiedMs, session });
      if (ev.complete && ev.authenticated) {
        item(`${rule.id}:ok:${doc.d.id}`, null);
        return;
      }
      if (!ev.complete) item(`${rule.id}:incomplete:${doc.d.id}`, 'incomplete');
      if (!ev.authenticated) item(`${rule.id}:unauthenticated:${doc.d.id}`, 'unauthenticated');
    };

    for (const rule of ruleSet.rules) {
      if (!completionRuleApplies(rule, record)) continue;
      const matching = usable.filter(({ d }) => documentMatchesRule(rule, d));
      const originals = matching.filter(({ d }) => d.amendsDocumentId === null);

      if (rule.scope === 'each') {
        for (const doc of matching) {
          let anchorMs: number | null;
          if (rule.anchor === 'authored') anchorMs = doc.authoredMs;
          else if (rule.anchor === 'discharge') anchorMs = dischargeMs;
          else if (rule.anchor === 'admission') anchorMs = admitMs;
          else anchorMs = firstSurgeryMs;
          const dueMs = anchorMs === null ? null : anchorMs + rule.window.afterHours * HOUR;
          documentItems(rule, doc, anchorMs, dueMs);
        }
        continue;
      }

      for (const anchor of anchorInstances(rule, record, sessions)) {
        if (rule.onlyAfterPriorLoincCodes.length > 0) {
          const prior =
            anchor.atMs !== null &&
            originals.some(({ d, authoredMs: t }) => {
              return rule.onlyAfterPriorLoincCodes.includes(d.loincCode ?? '') && t !== null && t < (anchor.atMs ?? 0);
            });
          if (!prior) continue;
        }
        const earliestMs = anchor.atMs === null ? null : anchor.atMs - rule.window.beforeHours * HOUR;
        let dueMs = anchor.dueFromMs === null ? null : anchor.dueFromMs + rule.window.afterHours * HOUR;
        if (rule.dueBeforeSurgery && dueMs !== null && firstSurgeryMs !== null && earliestMs !== null) {
          if (firstSurgeryMs >= earliestMs) dueMs = Math.min(dueMs, firstSurgeryMs);
        }
        // Documents in the window; an undated document cannot be placed, so it is taken as a candidate.
        const candidates = originals.filter(
          ({ authoredMs: t }) => t === null || earliestMs === null || t >= earliestMs,
        );
        const evaluated = candidates.map((c) => ({ c, ev: evaluate(rule, c) }));
        const met = evaluated
          .filter(({ ev }) => ev.complete && ev.authenticated)
          .sort((a, b) => (a.ev.satisfiedMs ?? Infinity) - (b.ev.satisfiedMs ?? Infinity))[0];
        const session = anchor.session;
        const sessionPart = session ? { session } : {};
        if (met) {
          push(rule, {
            key: `${rule.id}:ok${anchor.keySuffix}`,
            kind: null,
            document: met.c,
            anchorMs: anchor.atMs,
            dueMs,
            satisfiedMs: met.ev.satisfiedMs,
            ...sessionPart,
          });
        } else if (evaluated.length > 0) {
          // The earliest-authored candidate is the one to finish.
          const first = [...evaluated].sort((a, b) => (a.c.authoredMs ?? Infinity) - (b.c.authoredMs ?? Infinity))[0];
          if (first) documentItems(rule, first.c, anchor.atMs, dueMs, session);
        } else {
          push(rule, {
            key: `${rule.id}:missing${anchor.keySuffix}`,
            kind: 'missing',
            anchorMs: anchor.atMs,
            dueMs,
            satisfiedMs: null,
            ...sessionPart,
          });
        }
        // Addenda to the documents this rule looked at must be authenticated too, by the same clinician.
        const amended = new Set(candidates.map(({ d }) => d.id));
        for (const addendum of matching.filter(
          ({ d }) => d.amendsDocumentId !== null && amended.has(d.amendsDocumentId),
        )) {
          const authoredMs = addendum.authoredMs;
          const ownDue = authoredMs === null ? null : authoredMs + Math.max(rule.window.afterHours, 24) * HOUR;
          const addendumDue = dueMs === null ? ownDue : ownDue === null ? dueMs : Math.max(dueMs, ownDue);
          documentItems(rule, addendum, authoredMs ?? anchor.atMs, addendumDue, session);
        }
      }
    }
  }

  const deficiencies = items.filter((i) => i.status === 'due' || i.status === 'overdue' || i.status === 'delinquent');
  let recordStatus: RecordCompletionStatus = 'complete';
  if (deficiencies.some((d) => d.status === 'delinquent')) recordStatus = 'delinquent';
  else if (deficiencies.length > 0) recordStatus = 'incomplete';
  else if (items.some((i) => i.status === 'pending')) recordStatus = 'pending';
  return {
    encounterId: e.id,
    analyzedAt: isoFromMs(nowMs),
    items,
    deficiencies,
    findings: checkCompletionConsistency(record, ruleSet, new Date(nowMs)),
    recordStatus,
  };
}
