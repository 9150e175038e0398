import { describe, expect, it } from 'vitest';
import { segmentsOf } from './hl7-api.js';

describe('segmentsOf', () => {
  it('splits on the segment terminator and on line ends, dropping empty lines', () => {
    expect(segmentsOf('MSH|^~\\&|A\rPID|1\r\rPV1|1\r\n')).toEqual(['MSH|^~\\&|A', 'PID|1', 'PV1|1']);
  });
});
