import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESCALATION_LADDER,
  nextDeliveryAttempt,
  planEscalation,
  validateEscalationLadder,
  type EscalationDeficiency,
  type EscalationLadder,
  type EscalationStep,
} from './escalation.js';

const DUE = '2026-02-01T00:00:00.000Z';
const DELINQUENT = '2026-02-17T00:00:00.000Z';
const d = (overrides: Partial<EscalationDeficiency> = {}): EscalationDeficiency => ({
  id: 'd1',
  practitionerId: 'P1',
  specialty: 'Cardiology',
  dueAt: DUE,
  delinquentAt: DELINQUENT,
  reached: null,
  ...overrides,
});
const just = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);

const withChairs: EscalationLadder = {
  ...DEFAULT_ESCALATION_LADDER,
  steps: DEFAULT_ESCALATION_LADDER.steps.map((s) =>
    s.id === 'chair'
      ? { ...s, recipients: ['clinician', 'department_chair'] }
      : s.id === 'suspension'
        ? { ...s, recipients: ['clinician', 'medical_staff_office'] }
        : s,
  ),
  contacts: {
    departmentChairs: [
      { specialty: null, email: 'chair@example.org' },
      { specialty: 'cardiology', email: 'cardio-chair@example.org' },
    ],
    medicalStaffOffice: 'mso@example.org',
  },
};

describe('planEscalation under the default ladder', () => {
  it.each([
    ['one second before the due date', just(DUE, -1000), null],
    ['at the due date', new Date(DUE), 'reminder'],
    ['a day after the due date', just(DUE, 86_400_000), 'reminder'],
    ['one second before the second notice', just(DUE, 7 * 86_400_000 - 1000), 'reminder'],
    ['at the second notice', just(DUE, 7 * 86_400_000), 'second_notice'],
    ['one second before delinquency', just(DELINQUENT, -1000), 'second_notice'],
    ['at delinquency', new Date(DELINQUENT), 'chair'],
    ['one second before suspension', just(DELINQUENT, 10 * 86_400_000 - 1000), 'chair'],
    ['at suspension', just(DELINQUENT, 10 * 86_400_000), 'suspension'],
    ['long after suspension', just(DELINQUENT, 90 * 86_400_000), 'suspension'],
  ])('%s: a first run sends %s', (_, now, step) => {
    const plan = planEscalation(DEFAULT_ESCALATION_LADDER, [d()], now);
    expect(plan.notifications.map((n) => n.step)).toEqual(step ? [step] : []);
    expect(plan.progress.map((p) => p.step)).toEqual(step ? [step] : []);
  });

  it.each([
    ['the same rung, before the repeat interval', 'reminder', just(DUE, 6 * 86_400_000), []],
    ['a higher rung', 'reminder', just(DUE, 7 * 86_400_000), ['second_notice']],
    ['a lower rung than the one already sent', 'chair', just(DUE, 8 * 86_400_000), []],
    ['the same rung after a week', 'second_notice', just(DUE, 14 * 86_400_000), ['second_notice']],
  ])('after %s: sends %j', (_, sent, now, steps) => {
    const reached = { step: sent as EscalationStep['id'], notifiedAt: DUE };
    const plan = planEscalation(DEFAULT_ESCALATION_LADDER, [d({ reached })], now);
    expect(plan.notifications.map((n) => n.step)).toEqual(steps);
  });

  it('marks a repeat notice and sends it to the clinician only', () => {
    const reached = { step: 'chair' as const, notifiedAt: DELINQUENT };
    const plan = planEscalation(withChairs, [d({ reached })], just(DELINQUENT, 7 * 86_400_000));
    expect(plan.notifications).toHaveLength(1);
    expect(plan.notifications[0]).toMatchObject({ step: 'chair', repeat: true, recipient: { kind: 'clinician' } });
  });

  it('sends each rung once without a repeat interval', () => {
    const ladder = { ...DEFAULT_ESCALATION_LADDER, repeatEveryDays: null };
    const reached = { step: 'suspension' as const, notifiedAt: DELINQUENT };
    expect(planEscalation(ladder, [d({ reached })], just(DELINQUENT, 60 * 86_400_000)).notifications).toEqual([]);
  });

  it('skips to the highest rung reached and never sends the ones below afterwards', () => {
    const plan = planEscalation(DEFAULT_ESCALATION_LADDER, [d()], just(DELINQUENT, 86_400_000));
    expect(plan.notifications.map((n) => n.step)).toEqual(['chair']);
  });

  it('leaves out deficiencies nobody is responsible for, and rungs whose anchor is unknown', () => {
    const plan = planEscalation(
      DEFAULT_ESCALATION_LADDER,
      [d({ practitionerId: null }), d({ id: 'd2', delinquentAt: null })],
      just(DELINQUENT, 30 * 86_400_000),
    );
    expect(plan.notifications).toHaveLength(1);
    expect(plan.notifications[0]).toMatchObject({ step: 'second_notice', deficiencyIds: ['d2'] });
  });
});

describe('digests', () => {
  const many = [
    d({ id: 'a1' }),
    d({ id: 'a2', dueAt: '2026-01-30T00:00:00.000Z' }),
    d({ id: 'b1', practitionerId: 'P2', specialty: 'Surgery' }),
    d({ id: 'c1', practitionerId: 'P3', specialty: null }),
  ];

  it('sends one digest per clinician and rung, not one per deficiency', () => {
    const plan = planEscalation(DEFAULT_ESCALATION_LADDER, many, just(DUE, 3_600_000));
    expect(plan.notifications.map((n) => [n.recipient, n.deficiencyIds])).toEqual([
      [{ kind: 'clinician', practitionerId: 'P1' }, ['a1', 'a2']],
      [{ kind: 'clinician', practitionerId: 'P2' }, ['b1']],
      [{ kind: 'clinician', practitionerId: 'P3' }, ['c1']],
    ]);
    expect(plan.progress).toHaveLength(4);
  });

  it('sends the chair one digest per address, choosing the chair by specialty, and names the suspension date', () => {
    const plan = planEscalation(withChairs, many, new Date(DELINQUENT));
    const chairs = plan.notifications.filter((n) => n.recipient.kind === 'department_chair');
    expect(chairs.map((n) => [n.recipient, n.deficiencyIds, n.practitionerIds, n.channels])).toEqual([
      [{ kind: 'department_chair', email: 'cardio-chair@example.org' }, ['a1', 'a2'], ['P1'], ['email']],
      [{ kind: 'department_chair', email: 'chair@example.org' }, ['b1', 'c1'], ['P2', 'P3'], ['email']],
    ]);
    expect(chairs[1]?.suspensionAt).toBe('2026-02-27T00:00:00.000Z');
  });

  it('tells the medical staff office at suspension', () => {
    const plan = planEscalation(withChairs, many, just(DELINQUENT, 10 * 86_400_000));
    const office = plan.notifications.filter((n) => n.recipient.kind === 'medical_staff_office');
    expect(office).toHaveLength(1);
    expect(office[0]).toMatchObject({ step: 'suspension', practitionerIds: ['P1', 'P2', 'P3'], suspensionAt: null });
  });
});

describe('validateEscalationLadder', () => {
  const step = (id: EscalationStep['id'], over: Partial<EscalationStep> = {}): EscalationStep => ({
    id,
    anchor: 'due',
    afterDays: 0,
    channels: ['in_app'],
    recipients: ['clinician'],
    ...over,
  });
  const ladder = (steps: EscalationStep[], over: Partial<EscalationLadder> = {}): EscalationLadder => ({
    steps,
    repeatEveryDays: 7,
    contacts: { departmentChairs: [], medicalStaffOffice: null },
    ...over,
  });

  it('accepts the defaults and a ladder with chair and office addresses', () => {
    expect(validateEscalationLadder(DEFAULT_ESCALATION_LADDER).ok).toBe(true);
    expect(validateEscalationLadder(withChairs).ok).toBe(true);
  });

  it.each<[string, EscalationLadder, string, string]>([
    ['no steps', ladder([]), '/steps', 'empty'],
    ['steps out of ladder order', ladder([step('second_notice'), step('reminder')]), '/steps/1/id', 'out_of_order'],
    [
      'a repeated step',
      ladder([step('reminder'), step('reminder', { afterDays: 2 })]),
      '/steps/1/id',
      'duplicate_step',
    ],
    [
      'fewer days than the step before',
      ladder([step('reminder', { afterDays: 7 }), step('second_notice', { afterDays: 3 })]),
      '/steps/1/afterDays',
      'out_of_order',
    ],
    [
      'a due-anchored step after a delinquency-anchored one',
      ladder([step('chair', { anchor: 'delinquent' }), step('suspension', { anchor: 'due', afterDays: 40 })]),
      '/steps/1/anchor',
      'out_of_order',
    ],
    ['negative days', ladder([step('reminder', { afterDays: -1 })]), '/steps/0/afterDays', 'invalid_days'],
    ['fractional days', ladder([step('reminder', { afterDays: 1.5 })]), '/steps/0/afterDays', 'invalid_days'],
    ['an unknown step', ladder([step('warning' as never)]), '/steps/0/id', 'unknown_step'],
    [
      'an unknown channel',
      ladder([step('reminder', { channels: ['pager' as never] })]),
      '/steps/0/channels/0',
      'unknown_channel',
    ],
    ['no channel', ladder([step('reminder', { channels: [] })]), '/steps/0/channels', 'empty'],
    [
      'a chair step without a chair address',
      ladder([step('chair', { channels: ['email'], recipients: ['clinician', 'department_chair'] })]),
      '/steps/0/recipients/1',
      'missing_address',
    ],
    [
      'a chair step with a specialty chair only',
      ladder([step('chair', { channels: ['email'], recipients: ['department_chair'] })], {
        contacts: { departmentChairs: [{ specialty: 'Surgery', email: 's@example.org' }], medicalStaffOffice: null },
      }),
      '/steps/0/recipients/0',
      'missing_address',
    ],
    [
      'a chair reached in the application only',
      ladder([step('chair', { channels: ['in_app'], recipients: ['department_chair'] })], {
        contacts: { departmentChairs: [{ specialty: null, email: 'c@example.org' }], medicalStaffOffice: null },
      }),
      '/steps/0/recipients/0',
      'channel_unavailable',
    ],
    [
      'an office step without the office address',
      ladder([step('suspension', { channels: ['email'], recipients: ['medical_staff_office'] })]),
      '/steps/0/recipients/0',
      'missing_address',
    ],
    ['a zero repeat interval', ladder([step('reminder')], { repeatEveryDays: 0 }), '/repeatEveryDays', 'invalid_days'],
    [
      'two chairs for one specialty',
      ladder([step('reminder')], {
        contacts: {
          departmentChairs: [
            { specialty: 'Surgery', email: 'a@example.org' },
            { specialty: 'surgery', email: 'b@example.org' },
          ],
          medicalStaffOffice: null,
        },
      }),
      '/contacts/departmentChairs/1/specialty',
      'duplicate',
    ],
  ])('refuses %s', (_, input, path, code) => {
    const result = validateEscalationLadder(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContainEqual(expect.objectContaining({ path, code }));
  });
});

describe('nextDeliveryAttempt', () => {
  const now = new Date('2026-02-01T00:00:00Z');
  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [7, 320],
    [8, 360],
  ])('after %i failed attempts waits %i minutes', (attempts, minutes) => {
    expect(nextDeliveryAttempt(attempts, now, { maxAttempts: 10 })?.getTime()).toBe(now.getTime() + minutes * 60_000);
  });
  it('gives up at the maximum', () => {
    expect(nextDeliveryAttempt(5, now, { maxAttempts: 5 })).toBeNull();
  });
});
