import type { EscalationLadderSchema, NotificationSettings } from '@charta/contracts';
import { DEFAULT_ESCALATION_LADDER } from '@charta/core';
import { describe, expect, it } from 'vitest';
import {
  addChair,
  addStep,
  baseVersionOf,
  buildUpdate,
  chosenOf,
  CHANNELS,
  describeInForce,
  describeSaveTarget,
  draftOf,
  fieldKeyOf,
  ladderOf,
  placeErrors,
  RECIPIENTS,
  type LadderDraft,
} from './ladder-form.js';

/** The defaults as the contract types them (core's readonly arrays, copied). */
const DEFAULTS: EscalationLadderSchema = {
  steps: DEFAULT_ESCALATION_LADDER.steps.map((s) => ({
    ...s,
    channels: [...s.channels],
    recipients: [...s.recipients],
  })),
  repeatEveryDays: DEFAULT_ESCALATION_LADDER.repeatEveryDays,
  contacts: { departmentChairs: [], medicalStaffOffice: null },
};

/** A ladder with every kind of contact filled in. */
const WITH_CONTACTS: EscalationLadderSchema = {
  ...DEFAULTS,
  repeatEveryDays: null,
  contacts: {
    departmentChairs: [
      { specialty: null, email: 'chair@example.org' },
      { specialty: 'Surgery', email: 'surgery.chair@example.org' },
    ],
    medicalStaffOffice: 'office@example.org',
  },
};

const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({
  facility: 'North Campus (synthetic)',
  source: 'facility',
  version: 3,
  createdAt: '2026-01-02T03:04:05.000Z',
  createdBy: 'u1',
  note: 'Bylaws',
  ladder: DEFAULTS,
  ...over,
});

const setStep = (draft: LadderDraft, index: number, change: Partial<LadderDraft['steps'][number]>): LadderDraft => ({
  ...draft,
  steps: draft.steps.map((s, i) => (i === index ? { ...s, ...change } : s)),
});

describe('draftOf and ladderOf', () => {
  it.each([
    ['the defaults', DEFAULTS],
    ['a ladder with chair and office addresses and no repeat', WITH_CONTACTS],
  ])('gives back %s unchanged', (_, ladder) => {
    expect(ladderOf(draftOf(ladder))).toEqual(ladder);
  });

  it('holds days as typed and a ladder without repeats as switched off with a suggested interval', () => {
    const draft = draftOf(WITH_CONTACTS);
    expect(draft.steps.map((s) => s.afterDays)).toEqual(['0', '7', '0', '10']);
    expect(draft.repeat).toBe(false);
    expect(draft.repeatEveryDays).toBe('7');
    expect(draft.chairs.map((c) => c.specialty)).toEqual(['', 'Surgery']);
    expect(new Set([...draft.steps, ...draft.chairs].map((r) => r.key)).size).toBe(6);
  });

  it('trims addresses, turns blanks into none and keeps channels and recipients in the schema’s order', () => {
    const draft: LadderDraft = {
      ...setStep(draftOf(DEFAULTS), 0, {
        channels: ['email', 'in_app'],
        recipients: ['medical_staff_office', 'clinician'],
      }),
      chairs: [{ key: 'c', specialty: '  ', email: ' chair@example.org ' }],
      medicalStaffOffice: '   ',
    };
    const ladder = ladderOf(draft);
    expect(ladder.steps[0]).toMatchObject({
      channels: ['in_app', 'email'],
      recipients: ['clinician', 'medical_staff_office'],
    });
    expect(ladder.contacts).toEqual({
      departmentChairs: [{ specialty: null, email: 'chair@example.org' }],
      medicalStaffOffice: null,
    });
  });

  it.each([
    ['', NaN],
    ['1.5', NaN],
    ['-2', NaN],
    ['ten', NaN],
    [' 12 ', 12],
  ])('reads the days "%s" as %s', (typed, days) => {
    expect(ladderOf(setStep(draftOf(DEFAULTS), 1, { afterDays: typed })).steps[1]?.afterDays).toBe(days);
  });
});

describe('chosenOf', () => {
  it('keeps the schema’s order and drops what it does not know', () => {
    expect(chosenOf(CHANNELS, ['email', 'pager', 'in_app'])).toEqual(['in_app', 'email']);
    expect(chosenOf(RECIPIENTS, ['department_chair'])).toEqual(['department_chair']);
    expect(chosenOf(RECIPIENTS, [])).toEqual([]);
  });
});

describe('baseVersionOf', () => {
  it.each<[string, Partial<NotificationSettings>, number]>([
    ['the facility’s own version', { source: 'facility', version: 3 }, 3],
    ['0 for a facility that follows the organisation’s default', { source: 'organisation', version: 0 }, 0],
    ['0 while nothing was ever saved', { source: 'default', version: 0 }, 0],
    ['the default’s version when the default is edited', { facility: '', source: 'organisation', version: 2 }, 2],
  ])('is %s', (_, over, expected) => {
    expect(baseVersionOf(settings(over))).toBe(expected);
  });
});

describe('buildUpdate', () => {
  it('names the facility, the version the edit starts from, the note and the ladder', () => {
    const checked = buildUpdate(draftOf(DEFAULTS), settings({ version: 3 }), '  Bylaws 2026 ');
    expect(checked).toEqual({
      ok: true,
      value: { facility: 'North Campus (synthetic)', baseVersion: 3, note: 'Bylaws 2026', ladder: DEFAULTS },
    });
  });

  it('sends the organisation’s default as the empty facility', () => {
    const checked = buildUpdate(draftOf(DEFAULTS), settings({ facility: '', source: 'default', version: 0 }), 'x');
    expect(checked.ok && checked.value.facility).toBe('');
    expect(checked.ok && checked.value.baseVersion).toBe(0);
  });

  it('asks for a note', () => {
    const checked = buildUpdate(draftOf(DEFAULTS), settings(), '   ');
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.errors).toEqual([{ path: '/note', code: 'custom', message: 'Say why the ladder changes' }]);
  });

  it('gives one plain message for days that are not whole numbers, at the field', () => {
    let draft = setStep(draftOf(DEFAULTS), 2, { afterDays: '2.5' });
    draft = { ...draft, repeat: true, repeatEveryDays: '' };
    const checked = buildUpdate(draft, settings(), 'Bylaws');
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.errors.map((e) => [e.path, e.message])).toEqual([
        ['/ladder/steps/2/afterDays', 'Enter a whole number of days'],
        ['/ladder/repeatEveryDays', 'Enter a whole number of days'],
      ]);
    }
  });

  it('ignores the interval while repeats are off', () => {
    const draft = { ...draftOf(DEFAULTS), repeat: false, repeatEveryDays: 'never' };
    const checked = buildUpdate(draft, settings(), 'No repeats');
    expect(checked.ok && checked.value.ladder.repeatEveryDays).toBeNull();
  });

  it('passes on the schema’s own messages, with their pointers', () => {
    const draft: LadderDraft = {
      ...draftOf(DEFAULTS),
      chairs: [{ key: 'c', specialty: '', email: 'not an address' }],
      repeatEveryDays: '0',
    };
    const checked = buildUpdate(draft, settings(), 'Bylaws');
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.errors.map((e) => e.path).sort()).toEqual([
        '/ladder/contacts/departmentChairs/0/email',
        '/ladder/repeatEveryDays',
      ]);
      expect(checked.errors.find((e) => e.path.endsWith('/email'))?.message).toBe('Expected an e-mail address');
    }
  });

  it('leaves contradictions between steps to the server', () => {
    const draft = draftOf(DEFAULTS);
    const swapped = { ...draft, steps: [draft.steps[1]!, draft.steps[0]!, ...draft.steps.slice(2)] };
    expect(buildUpdate(swapped, settings(), 'Out of order').ok).toBe(true);
  });
});

describe('addStep and addChair', () => {
  it('adds the next kind the ladder lacks, counting from the last step, to the clinician in both channels', () => {
    const draft = draftOf({ ...DEFAULTS, steps: DEFAULTS.steps.slice(0, 2) });
    const next = addStep(draft);
    expect(next?.steps.at(-1)).toMatchObject({
      id: 'chair',
      anchor: 'due',
      afterDays: '7',
      channels: ['in_app', 'email'],
      recipients: ['clinician'],
    });
    expect(next?.nextKey).toBe(draft.nextKey + 1);
  });

  it('fills a gap lower down when the top kind is taken', () => {
    const ladder = { ...DEFAULTS, steps: [DEFAULTS.steps[0]!, DEFAULTS.steps[3]!] };
    expect(addStep(draftOf(ladder))?.steps.at(-1)?.id).toBe('second_notice');
  });

  it('starts an empty ladder with a reminder on the due date', () => {
    expect(addStep(draftOf({ ...DEFAULTS, steps: [] }))?.steps).toEqual([
      {
        key: 'k0',
        id: 'reminder',
        anchor: 'due',
        afterDays: '0',
        channels: ['in_app', 'email'],
        recipients: ['clinician'],
      },
    ]);
  });

  it('refuses a fifth step', () => {
    expect(addStep(draftOf(DEFAULTS))).toBeNull();
  });

  it('gives every new row its own key', () => {
    const once = addChair(draftOf({ ...DEFAULTS, steps: [] }));
    const twice = addStep(addChair(once));
    const keys = [...(twice?.steps ?? []), ...(twice?.chairs ?? [])].map((r) => r.key);
    expect(new Set(keys).size).toBe(3);
    expect(twice?.chairs.at(-1)).toMatchObject({ specialty: '', email: '' });
  });
});

describe('fieldKeyOf', () => {
  const shape = { steps: 4, chairs: 1 };
  it.each<[string, string | null]>([
    ['/note', 'note'],
    ['/ladder/steps', 'steps'],
    ['/ladder/steps/1/id', 'steps/1/id'],
    ['/ladder/steps/2/afterDays', 'steps/2/afterDays'],
    ['/ladder/steps/3/anchor', 'steps/3/anchor'],
    ['/ladder/steps/1/channels/0', 'steps/1/channels'],
    ['/ladder/steps/2/recipients/1', 'steps/2/recipients'],
    ['/ladder/steps/2/recipients', 'steps/2/recipients'],
    ['/ladder/steps/0', 'steps/0/row'],
    ['/ladder/steps/0/colour', 'steps/0/row'],
    ['/ladder/steps/4/id', null],
    ['/ladder/repeatEveryDays', 'repeatEveryDays'],
    ['/ladder/contacts/medicalStaffOffice', 'medicalStaffOffice'],
    ['/ladder/contacts/departmentChairs', 'chairs'],
    ['/ladder/contacts/departmentChairs/0/email', 'chairs/0/email'],
    ['/ladder/contacts/departmentChairs/0/specialty', 'chairs/0/specialty'],
    ['/ladder/contacts/departmentChairs/0', 'chairs/0/row'],
    ['/ladder/contacts/departmentChairs/1/email', null],
    ['/facility', null],
    ['/baseVersion', null],
    ['', null],
  ])('places %s at %s', (pointer, key) => {
    expect(fieldKeyOf(pointer, shape)).toBe(key);
  });
});

describe('placeErrors', () => {
  it('keys the messages by field, joins several for one field and lists the pointers it placed', () => {
    const placed = placeErrors(
      [
        {
          path: '/ladder/steps/1/id',
          code: 'out_of_order',
          message: 'The reminder step must come before the second_notice step',
        },
        { path: '/ladder/steps/2/recipients/1', code: 'missing_address', message: 'No chair address' },
        { path: '/ladder/steps/2/recipients/2', code: 'missing_address', message: 'No office address' },
        { path: '/ladder/steps/2/recipients/2', code: 'missing_address', message: 'No office address' },
        { path: '/facility', code: 'too_big', message: 'Too long' },
      ],
      { steps: 4, chairs: 0 },
    );
    expect(placed.messages).toEqual({
      'steps/1/id': 'The reminder step must come before the second_notice step',
      'steps/2/recipients': 'No chair address; No office address',
    });
    expect(placed.placed).toEqual([
      '/ladder/steps/1/id',
      '/ladder/steps/2/recipients/1',
      '/ladder/steps/2/recipients/2',
    ]);
  });

  it('places nothing when there are no errors', () => {
    expect(placeErrors(undefined, { steps: 0, chairs: 0 })).toEqual({ messages: {}, placed: [] });
  });
});

describe('describeInForce and describeSaveTarget', () => {
  it.each<[string, Partial<NotificationSettings>, string, string]>([
    [
      'a facility’s own ladder',
      { source: 'facility', version: 3 },
      "the facility's own ladder, version 3",
      'Saving creates version 4 of the ladder of North Campus (synthetic).',
    ],
    [
      'a facility following the organisation’s default',
      { source: 'organisation', version: 0 },
      'the organisation’s default ladder',
      'Saving gives North Campus (synthetic) a ladder of its own (version 1); until then it follows the organisation’s default.',
    ],
    [
      'a facility on Charta’s defaults',
      { source: 'default', version: 0 },
      'Charta’s default ladder (none saved)',
      'Saving gives North Campus (synthetic) a ladder of its own (version 1); until then it follows Charta’s defaults.',
    ],
    [
      'the organisation’s default',
      { facility: '', source: 'organisation', version: 2 },
      'the organisation’s default ladder, version 2',
      'Saving creates version 3 of the organisation’s default ladder.',
    ],
    [
      'an organisation that never saved one',
      { facility: '', source: 'default', version: 0 },
      'Charta’s default ladder (none saved)',
      'Saving creates the organisation’s default ladder (version 1), which facilities without their own follow.',
    ],
  ])('describe %s', (_, over, inForce, target) => {
    expect(describeInForce(settings(over))).toBe(inForce);
    expect(describeSaveTarget(settings(over))).toBe(target);
  });
});
