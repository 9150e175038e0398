import { describe, expect, it } from 'vitest';
import type { InAppNotification } from '@charta/contracts';
import {
  badgeText,
  bellLabel,
  describeRunResult,
  describeStepTiming,
  joinLabels,
  CHANNEL_LABELS,
  unreadFirst,
} from './notifications-format.js';

describe('describeStepTiming', () => {
  it.each([
    ['due', 0, 'On the due date'],
    ['due', 1, '1 day after the due date'],
    ['due', 7, '7 days after the due date'],
    ['delinquent', 0, 'On delinquency'],
    ['delinquent', 10, '10 days after delinquency'],
  ] as const)('describes %s + %i days as "%s"', (anchor, afterDays, text) => {
    expect(describeStepTiming({ anchor, afterDays })).toBe(text);
  });
});

describe('bell label and badge', () => {
  it.each([
    [null, 'Notifications'],
    [0, 'Notifications, none unread'],
    [3, 'Notifications, 3 unread'],
  ])('names the bell for %s unread as "%s"', (unread, label) => {
    expect(bellLabel(unread)).toBe(label);
  });

  it('caps the badge at 99+', () => {
    expect(badgeText(7)).toBe('7');
    expect(badgeText(120)).toBe('99+');
  });
});

describe('describeRunResult', () => {
  it('names every count with its unit', () => {
    expect(
      describeRunResult({
        at: '2026-03-01T12:00:00.000Z',
        digests: 1,
        inApp: 1,
        emailsQueued: 2,
        escalated: 1,
        delivered: 0,
        failed: 1,
      }),
    ).toBe(
      '1 digest written (1 in-app notification, 2 e-mails); 1 deficiency escalated; 0 e-mails delivered, 1 failed',
    );
  });
});

describe('joinLabels', () => {
  it('joins labels and shows a dash for none', () => {
    expect(joinLabels(['in_app', 'email'], CHANNEL_LABELS)).toBe('In Charta, E-mail');
    expect(joinLabels([], CHANNEL_LABELS)).toBe('—');
  });
});

describe('unreadFirst', () => {
  const n = (id: string, createdAt: string, readAt: string | null): InAppNotification => ({
    id,
    step: 'reminder',
    repeat: false,
    subject: 's',
    body: 'b',
    deficiencyCount: 1,
    createdAt,
    readAt,
  });
  it('puts unread notifications first, newest first within each group', () => {
    const list = [
      n('old-read', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
      n('old-unread', '2026-01-03T00:00:00Z', null),
      n('new-read', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'),
      n('new-unread', '2026-01-04T00:00:00Z', null),
    ];
    expect(unreadFirst(list).map((x) => x.id)).toEqual(['new-unread', 'old-unread', 'new-read', 'old-read']);
  });
});
