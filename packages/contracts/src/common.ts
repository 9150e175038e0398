import { z } from 'zod';

/**
 * Text a person typed: trimmed, bounded, with no control characters and no markup (a plain-text field never holds
 * HTML tags; refusing them keeps script out of every later rendering, export and PDF).
 */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .trim()
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(s), {
      message: 'Control characters are not allowed',
    })
    .refine((s) => !/<\s*[a-zA-Z!/?]|javascript:/iu.test(s), { message: 'Markup is not allowed in this field' });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'Expected a date as YYYY-MM-DD');
export const isoInstant = z.iso.datetime({ offset: true });
export const uuid = z.uuid();
